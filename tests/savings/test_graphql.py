import base64
from datetime import date
from decimal import Decimal

from django.db import connection

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.savings.models import PayrollBatch, SavingsMovement
from tests.fixtures.graphql import to_global_id

MOVE = """
mutation($input: %(input)s!) {
  %(name)s(input: $input) {
    errors { field code message }
    movement { kind type amount date }
    member { status balances { pokok wajib sukarela total } }
  }
}
"""


def gid(member, slug="coop-a"):
    from sokoguru.platform.tenancy.models import Cooperative

    return to_global_id("Member", member.pk, Cooperative.schema_for_slug(slug))


def a_member(coop, register_member, **kwargs):
    connection.set_tenant(coop)
    member = register_member(**kwargs)
    connection.set_schema_to_public()
    return member


def mutate(client, name, input_type, variables):
    return client.execute(MOVE % {"name": name, "input": input_type}, {"input": variables})[name]


def test_kasir_posts_pokok_wajib_deposit_withdraw(
    graphql_client, make_user, coop_a, register_member
):
    # given
    member = a_member(coop_a, register_member)
    client = graphql_client(make_user(roles={coop_a: "kasir"}), coop_a)
    # when
    pokok = mutate(
        client, "pokokPay", "PokokPayInput", {"memberId": gid(member), "date": "2026-01-05"}
    )
    wajib = mutate(
        client,
        "wajibPay",
        "WajibPayInput",
        {"memberId": gid(member), "amount": "20000", "date": "2026-01-06", "idempotencyKey": "w-1"},
    )
    deposit = mutate(
        client,
        "sukarelaDeposit",
        "SukarelaDepositInput",
        {
            "memberId": gid(member),
            "amount": "75000.50",
            "date": "2026-01-07",
            "idempotencyKey": "d-1",
        },
    )
    withdraw = mutate(
        client,
        "sukarelaWithdraw",
        "SukarelaWithdrawInput",
        {"memberId": gid(member), "amount": "25000", "date": "2026-01-08", "idempotencyKey": "x-1"},
    )
    # then
    assert pokok["errors"] == []
    assert pokok["member"]["status"] == "ACTIVE"
    assert wajib["movement"] == {
        "kind": "WAJIB",
        "type": "DEPOSIT",
        "amount": "20000.00",
        "date": "2026-01-06",
    }
    assert deposit["errors"] == []
    assert withdraw["movement"]["amount"] == "-25000.00"
    assert withdraw["member"]["balances"] == {
        "pokok": "100000.00",
        "wajib": "20000.00",
        "sukarela": "50000.50",
        "total": "170000.50",
    }


def test_withdrawal_beyond_balance_is_a_typed_error(
    graphql_client, make_user, coop_a, register_member
):
    member = a_member(coop_a, register_member, pokok_on=date(2026, 1, 5))
    client = graphql_client(make_user(roles={coop_a: "bendahara"}), coop_a)
    data = mutate(
        client,
        "sukarelaWithdraw",
        "SukarelaWithdrawInput",
        {"memberId": gid(member), "amount": "1", "date": "2026-01-08", "idempotencyKey": "x-1"},
    )
    assert data["movement"] is None
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("amount", "invalid")]
    assert "Saldo simpanan sukarela tidak cukup" in data["errors"][0]["message"]
    connection.set_tenant(coop_a)
    assert SavingsMovement.objects.filter(type="withdrawal").count() == 0


def test_pengawas_cannot_post(graphql_client, make_user, coop_a, register_member):
    member = a_member(coop_a, register_member, pokok_on=date(2026, 1, 5))
    client = graphql_client(make_user(roles={coop_a: "pengawas"}), coop_a)
    data = mutate(
        client,
        "sukarelaDeposit",
        "SukarelaDepositInput",
        {"memberId": gid(member), "amount": "1000", "date": "2026-01-08", "idempotencyKey": "d"},
    )
    assert [e["code"] for e in data["errors"]] == ["permission_denied"]
    connection.set_tenant(coop_a)
    assert account_balance(account=chart.SIMPANAN_SUKARELA) == Decimal("0.00")


EXIT = """
mutation($input: MemberExitInput!) {
  memberExit(input: $input) {
    errors { field code message }
    settlement { reason pokok wajib sukarela loansOutstanding refund settledOn }
    member { status exitedOn }
  }
}
"""


def test_kasir_cannot_approve_exit_but_bendahara_can(
    graphql_client, make_user, coop_a, register_member
):
    # given
    member = a_member(coop_a, register_member, pokok_on=date(2026, 1, 5))
    variables = {"input": {"memberId": gid(member), "date": "2026-06-30", "reason": "EXITED"}}
    # when
    refused = graphql_client(make_user(roles={coop_a: "kasir"}), coop_a).execute(EXIT, variables)
    approved = graphql_client(make_user(roles={coop_a: "bendahara"}), coop_a).execute(
        EXIT, variables
    )
    # then
    assert [e["code"] for e in refused["memberExit"]["errors"]] == ["permission_denied"]
    assert approved["memberExit"] == {
        "errors": [],
        "settlement": {
            "reason": "EXITED",
            "pokok": "100000.00",
            "wajib": "0.00",
            "sukarela": "0.00",
            "loansOutstanding": "0.00",
            "refund": "100000.00",
            "settledOn": "2026-06-30",
        },
        "member": {"status": "EXITED", "exitedOn": "2026-06-30"},
    }


def test_passbook_query(graphql_client, make_user, coop_a, register_member):
    # given
    connection.set_tenant(coop_a)
    member = register_member(pokok_on=date(2026, 1, 5))
    from sokoguru.tenants.savings.services import sukarela_deposit, sukarela_withdraw

    sukarela_deposit(
        member_id=member.pk,
        amount="40000",
        date=date(2026, 2, 1),
        idempotency_key="a",
        created_by_id=SYSTEM,
    )
    sukarela_withdraw(
        member_id=member.pk,
        amount="15000",
        date=date(2026, 3, 1),
        idempotency_key="b",
        created_by_id=SYSTEM,
    )
    connection.set_schema_to_public()
    client = graphql_client(make_user(roles={coop_a: "pengawas"}), coop_a)
    # when
    data = client.execute(
        """query($id: ID!) { passbook(memberId: $id, kind: SUKARELA, start: "2026-02-15",
             end: "2026-12-31") { openingBalance closingBalance totalCredit totalDebit
             lines { date debit credit balance } } }""",
        {"id": gid(member)},
    )
    # then
    assert data["passbook"] == {
        "openingBalance": "40000.00",
        "closingBalance": "25000.00",
        "totalCredit": "0.00",
        "totalDebit": "15000.00",
        "lines": [
            {"date": "2026-03-01", "debit": "15000.00", "credit": "0.00", "balance": "25000.00"}
        ],
    }


IMPORT = """
mutation($input: PayrollBatchImportInput!) {
  payrollBatchImport(input: $input) {
    errors { field code message }
    rowErrors { row column message }
    created
    batch { period rowCount wajibTotal otherTotal total }
  }
}
"""


def test_payroll_import_by_base64(graphql_client, make_user, coop_b, register_member):
    # given
    member = a_member(coop_b, register_member, nip="198504122010011001", pokok_on=date(2026, 1, 5))
    client = graphql_client(make_user(roles={coop_b: "bendahara"}), coop_b)
    good = base64.b64encode(
        f"nip,wajib,angsuran,lainnya\n{member.nip},100000,0,10000\n".encode()
    ).decode()
    bad = base64.b64encode(
        f"nip,wajib,angsuran\n{member.nip},100000,50000\n000,1,0\n".encode()
    ).decode()
    variables = {"period": "2026-01", "filename": "jan.csv", "receivedOn": "2026-01-28"}
    # when
    refused = client.execute(IMPORT, {"input": {**variables, "contentBase64": bad}})
    first = client.execute(IMPORT, {"input": {**variables, "contentBase64": good}})
    again = client.execute(IMPORT, {"input": {**variables, "contentBase64": good}})
    # then
    assert refused["payrollBatchImport"]["batch"] is None
    assert [(r["row"], r["column"]) for r in refused["payrollBatchImport"]["rowErrors"]] == [
        (2, "angsuran"),
        (3, "nip"),
    ]
    assert {e["field"] for e in refused["payrollBatchImport"]["errors"]} == {"file"}
    assert first["payrollBatchImport"] == {
        "errors": [],
        "rowErrors": [],
        "created": True,
        "batch": {
            "period": "2026-01-01",
            "rowCount": 1,
            "wajibTotal": "100000.00",
            "otherTotal": "10000.00",
            "total": "110000.00",
        },
    }
    assert again["payrollBatchImport"]["created"] is False
    connection.set_tenant(coop_b)
    assert PayrollBatch.objects.count() == 1
    assert account_balance(account=chart.BANK) == Decimal("110000.00")


def test_payroll_import_rejects_non_base64(graphql_client, make_user, coop_b):
    client = graphql_client(make_user(roles={coop_b: "kasir"}), coop_b)
    data = client.execute(
        IMPORT,
        {"input": {"period": "2026-01", "filename": "x.csv", "contentBase64": "%%%"}},
    )
    assert [e["field"] for e in data["payrollBatchImport"]["errors"]] == ["contentBase64"]
