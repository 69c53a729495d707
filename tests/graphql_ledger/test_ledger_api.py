from datetime import date
from decimal import Decimal

from django.db import connection

from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.services import Leg, transaction_post
from tests.fixtures.graphql import to_global_id
from tests.ledger.support import post

POST = """
mutation Post($input: JournalEntryPostInput!) {
  journalEntryPost(input: $input) {
    errors { field code message }
    transaction { number date description amount sourceKind createdByEmail
                  legs { accountCode accountName debit credit memberId } }
  }
}
"""

LIST = """
query List($first: Int, $after: String, $account: String, $memberId: Int, $start: Date) {
  journalTransactions(first: $first, after: $after, account: $account, memberId: $memberId,
                      start: $start) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { number date description amount isReversed createdByEmail
                   legs { accountCode accountName debit credit memberId } } }
  }
}
"""


def entry(key="form-1", debit="150000.00", credit="150000.00"):
    return {
        "input": {
            "date": "2026-02-03",
            "description": "Pembelian alat tulis kantor",
            "idempotencyKey": key,
            "legs": [
                {"account": chart.OPERATING_EXPENSE, "debit": debit},
                {"account": chart.CASH, "credit": credit},
            ],
        }
    }


def test_bendahara_posts_manual_entry(graphql_client, make_user, coop_a):
    # given
    bendahara = make_user(roles={coop_a: ["bendahara"]})
    client = graphql_client(bendahara, coop_a)
    # when
    data = client.execute(POST, entry())["journalEntryPost"]
    again = client.execute(POST, entry())["journalEntryPost"]
    # then
    assert data["errors"] == []
    txn = data["transaction"]
    assert txn["amount"] == "150000.00"
    assert txn["sourceKind"] == "ledger.manual"
    assert txn["createdByEmail"] == bendahara.email
    assert txn["legs"] == [
        {
            "accountCode": "5402",
            "accountName": "Beban operasional dan administrasi",
            "debit": "150000.00",
            "credit": "0.00",
            "memberId": None,
        },
        {
            "accountCode": "1101",
            "accountName": "Kas",
            "debit": "0.00",
            "credit": "150000.00",
            "memberId": None,
        },
    ]
    assert again["transaction"]["number"] == txn["number"]


def test_unbalanced_entry_returns_field_error_and_writes_nothing(graphql_client, make_user, coop_a):
    # given
    bendahara = make_user(roles={coop_a: ["bendahara"]})
    # when
    data = graphql_client(bendahara, coop_a).execute(POST, entry(credit="140000.00"))
    # then
    assert data["journalEntryPost"]["transaction"] is None
    assert data["journalEntryPost"]["errors"][0]["field"] == "legs"
    connection.set_tenant(coop_a)
    assert JournalTransaction.objects.count() == 0


def test_kasir_may_not_post_manual_entry(graphql_client, make_user, coop_a):
    # given
    kasir = make_user(roles={coop_a: ["kasir"]})
    # when
    data = graphql_client(kasir, coop_a).execute(POST, entry())
    # then
    assert data["journalEntryPost"]["errors"][0]["code"] == "permission_denied"
    connection.set_tenant(coop_a)
    assert JournalTransaction.objects.count() == 0


def test_journal_list_costs_a_fixed_number_of_queries(
    graphql_client, make_user, coop_a, django_assert_num_queries
):
    # given: 7 transactions, some with three legs and member sub-ledgers
    ketua = make_user(roles={coop_a: ["ketua"]})
    connection.set_tenant(coop_a)
    for i in range(7):
        transaction_post(
            date=date(2026, 3, 1 + i),
            description=f"Angsuran {i}",
            legs=[
                Leg(account=chart.CASH, debit=Decimal("110000.00")),
                Leg(account=chart.LOANS_RECEIVABLE, credit=Decimal("100000.00"), member_id=i + 1),
                Leg(account=chart.LOAN_SERVICE_INCOME, credit=Decimal("10000.00")),
            ],
            idempotency_key=f"loan:{i}",
            created_by_id=ketua.pk,
        )
    connection.set_schema_to_public()
    client = graphql_client(ketua, coop_a)
    client.execute(LIST, {"first": 1})  # warm the session
    # when / then: a page of 2 and a page of 5 cost the same: session, user and roles (the host
    # comes from the host cache), then count, page and the legs with their accounts
    with django_assert_num_queries(7):
        small = client.execute(LIST, {"first": 2})["journalTransactions"]
    with django_assert_num_queries(7):
        large = client.execute(LIST, {"first": 5})["journalTransactions"]
    assert small["totalCount"] == large["totalCount"] == 7
    assert [e["node"]["description"] for e in large["edges"]] == [
        "Angsuran 6",
        "Angsuran 5",
        "Angsuran 4",
        "Angsuran 3",
        "Angsuran 2",
    ]
    assert large["edges"][0]["node"]["legs"][1] == {
        "accountCode": "1131",
        "accountName": "Piutang pinjaman anggota",
        "debit": "0.00",
        "credit": "100000.00",
        "memberId": 7,
    }
    assert large["edges"][0]["node"]["createdByEmail"] == ketua.email


def test_journal_list_filters(graphql_client, make_user, coop_a):
    # given
    ketua = make_user(roles={coop_a: ["ketua"]})
    connection.set_tenant(coop_a)
    post(date(2026, 1, 5), "100000.00", chart.CASH, chart.SIMPANAN_POKOK, "a", member_id=3)
    post(date(2026, 2, 5), "40000.00", chart.OPERATING_EXPENSE, chart.CASH, "b")
    post(date(2026, 3, 5), "500000.00", chart.BANK, chart.CASH, "c")
    connection.set_schema_to_public()
    client = graphql_client(ketua, coop_a)
    # when
    by_member = client.execute(LIST, {"memberId": 3})["journalTransactions"]
    by_account = client.execute(LIST, {"account": chart.BANK})["journalTransactions"]
    by_date = client.execute(LIST, {"start": "2026-02-01"})["journalTransactions"]
    # then
    assert by_member["totalCount"] == 1
    assert by_account["totalCount"] == 1
    assert by_date["totalCount"] == 2


def test_page_size_is_capped(graphql_client, make_user, coop_a):
    ketua = make_user(roles={coop_a: ["ketua"]})
    body = graphql_client(ketua, coop_a).post(LIST, {"first": 500})
    assert "exceeds the `first` limit of 100 records" in body["errors"][0]["message"]


def test_anggota_cannot_read_journal_but_reads_statements(graphql_client, make_user, coop_a):
    # given
    member = make_user(roles={coop_a: ["anggota"]})
    client = graphql_client(member, coop_a)
    # when
    body = client.post(LIST, {"first": 5})
    sheet = client.execute('{ balanceSheet(asOf: "2026-06-30") { assets liabilitiesAndEquity } }')
    # then
    assert body["errors"][0]["message"].startswith("Peran Anda tidak mengizinkan")
    assert sheet["balanceSheet"] == {"assets": "0.00", "liabilitiesAndEquity": "0.00"}


STATEMENTS = """
{
  trialBalance(asOf: "2026-06-30") { debit credit previousDebit lines { code debit credit } }
  balanceSheet(asOf: "2026-06-30") {
    assets liabilities equity shuCurrentYear liabilitiesAndEquity
    previous { assets equity }
    assetLines { code name amount previousAmount }
  }
  incomeStatement(start: "2026-01-01", end: "2026-06-30") {
    income expenses surplus previous { surplus } incomeLines { code amount }
  }
  cashFlow(start: "2026-01-01", end: "2026-06-30") {
    openingCash operating investing financing netChange closingCash
    lines { activity code amount }
    previous { netChange }
  }
  equityChanges(start: "2026-01-01", end: "2026-06-30") {
    opening increase decrease closing rows { code name opening increase decrease closing }
  }
}
"""


def test_statements(graphql_client, make_user, coop_a):
    # given
    ketua = make_user(roles={coop_a: ["ketua"]})
    connection.set_tenant(coop_a)
    post(date(2025, 3, 1), "1000000.00", chart.CASH, chart.SIMPANAN_POKOK, "p")
    post(date(2026, 1, 10), "500000.00", chart.CASH, chart.HIBAH, "h")
    post(date(2026, 2, 10), "120000.00", chart.CASH, chart.SALES, "s")
    post(date(2026, 2, 11), "70000.00", chart.OPERATING_EXPENSE, chart.CASH, "o")
    connection.set_schema_to_public()
    # when
    data = graphql_client(ketua, coop_a).execute(STATEMENTS)
    # then
    assert data["trialBalance"]["debit"] == data["trialBalance"]["credit"] == "1620000.00"
    assert data["trialBalance"]["previousDebit"] == "1000000.00"
    bs = data["balanceSheet"]
    assert (bs["assets"], bs["liabilities"], bs["equity"], bs["shuCurrentYear"]) == (
        "1550000.00",
        "0.00",
        "1550000.00",
        "50000.00",
    )
    assert bs["previous"] == {"assets": "1000000.00", "equity": "1000000.00"}
    assert bs["assetLines"] == [
        {"code": "1101", "name": "Kas", "amount": "1550000.00", "previousAmount": "1000000.00"}
    ]
    assert data["incomeStatement"]["surplus"] == "50000.00"
    assert data["incomeStatement"]["previous"] == {"surplus": "0.00"}
    cf = data["cashFlow"]
    assert (cf["openingCash"], cf["operating"], cf["financing"], cf["closingCash"]) == (
        "1000000.00",
        "50000.00",
        "500000.00",
        "1550000.00",
    )
    assert {"activity": "FINANCING", "code": "3301", "amount": "500000.00"} in cf["lines"]
    eq = data["equityChanges"]
    assert (eq["opening"], eq["closing"]) == ("1000000.00", "1550000.00")


def test_period_close_maker_checker(graphql_client, make_user, coop_a):
    # given
    bendahara = make_user(roles={coop_a: ["bendahara"]})
    ketua = make_user(roles={coop_a: ["ketua"]})
    request = """mutation { periodCloseRequest(input: {startDate: "2026-01-01",
        endDate: "2026-01-31", note: "Tutup buku Januari"}) {
        errors { field code } period { id status requestedByEmail } } }"""
    confirm = """mutation Confirm($id: ID!) { periodCloseConfirm(periodId: $id) {
        errors { field code message } period { status confirmedByEmail } } }"""
    # when
    requested = graphql_client(bendahara, coop_a).execute(request)["periodCloseRequest"]
    period_id = requested["period"]["id"]
    self_confirm = graphql_client(bendahara, coop_a).execute(confirm, {"id": period_id})
    confirmed = graphql_client(ketua, coop_a).execute(confirm, {"id": period_id})
    # then
    assert requested["period"]["status"] == "REQUESTED"
    assert self_confirm["periodCloseConfirm"]["errors"][0]["field"] == "confirmedById"
    assert confirmed["periodCloseConfirm"] == {
        "errors": [],
        "period": {"status": "CLOSED", "confirmedByEmail": ketua.email},
    }
    late = graphql_client(bendahara, coop_a).execute(
        POST,
        {
            "input": {
                "date": "2026-01-20",
                "description": "Terlambat",
                "idempotencyKey": "late",
                "legs": [
                    {"account": chart.OPERATING_EXPENSE, "debit": "1000"},
                    {"account": chart.CASH, "credit": "1000"},
                ],
            }
        },
    )
    assert late["journalEntryPost"]["errors"][0]["field"] == "date"


def test_reverse_via_api(graphql_client, make_user, coop_a):
    # given
    bendahara = make_user(roles={coop_a: ["bendahara"]})
    connection.set_tenant(coop_a)
    txn = post(date(2026, 2, 1), "75000.00", chart.OPERATING_EXPENSE, chart.CASH, "salah")
    connection.set_schema_to_public()
    mutation = """mutation R($input: TransactionReverseInput!) { transactionReverse(input: $input)
        { errors { field code } transaction { reversalOfNumber amount description } } }"""
    variables = {
        "input": {
            "transactionId": to_global_id("JournalTransaction", txn.pk, coop_a.schema_name),
            "date": "2026-02-02",
            "idempotencyKey": "koreksi-1",
        }
    }
    # when
    data = graphql_client(bendahara, coop_a).execute(mutation, variables)
    # then
    assert data["transactionReverse"]["errors"] == []
    assert data["transactionReverse"]["transaction"] == {
        "reversalOfNumber": txn.pk,
        "amount": "75000.00",
        "description": "Pembalikan: Transaksi uji",
    }


def test_sub_account_via_api(graphql_client, make_user, coop_a):
    ketua = make_user(roles={coop_a: ["ketua"]})
    mutation = """mutation { accountCreate(input: {parentCode: "1102", code: "1102.01",
        name: "Bank BJB"}) { errors { field } account { code type normalBalance parentCode } } }"""
    data = graphql_client(ketua, coop_a).execute(mutation)
    assert data["accountCreate"] == {
        "errors": [],
        "account": {
            "code": "1102.01",
            "type": "ASSET",
            "normalBalance": "DEBIT",
            "parentCode": "1102",
        },
    }


def test_chart_and_periods_cost_fixed_queries(
    graphql_client, make_user, coop_a, django_assert_num_queries
):
    # given: three requested or closed periods by two officers
    from sokoguru.tenants.ledger.services import period_close_confirm, period_close_request

    bendahara = make_user(roles={coop_a: ["bendahara"]})
    ketua = make_user(roles={coop_a: ["ketua"]})
    connection.set_tenant(coop_a)
    for month in (1, 2, 3):
        period = period_close_request(
            start_date=date(2026, month, 1),
            end_date=date(2026, month, 28),
            requested_by_id=bendahara.pk,
        )
        if month < 3:
            period_close_confirm(period_id=period.pk, confirmed_by_id=ketua.pk)
    connection.set_schema_to_public()
    client = graphql_client(ketua, coop_a)
    client.execute("{ cooperative { slug } }")
    query = """{ accounts { code name type normalBalance parentCode }
                 fiscalPeriods { startDate status requestedByEmail confirmedByEmail } }"""
    # when / then: session, user, roles (+ search_path switch; the host comes from the host
    # cache), chart, periods
    with django_assert_num_queries(6):
        data = client.execute(query)
    assert len(data["accounts"]) == len(chart.STANDARD_CHART)
    assert [p["status"] for p in data["fiscalPeriods"]] == ["REQUESTED", "CLOSED", "CLOSED"]
    assert data["fiscalPeriods"][1]["confirmedByEmail"] == ketua.email
