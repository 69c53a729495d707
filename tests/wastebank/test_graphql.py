"""The waste bank through the cooperative API: a weighing session, the desk's quote, lists that
cost a fixed number of queries, typed errors, the XLSX export."""

import base64
import io
from datetime import date

import pytest
from django.db import connection
from openpyxl import load_workbook

from sokoguru.tenants.wastebank.models import WasteDeposit, WasteItem
from sokoguru.tenants.wastebank.services import customer_register, deposit_record
from tests.fixtures.graphql import to_global_id

DEPOSIT = """mutation($input: WasteDepositRecordInput!) { wasteDepositRecord(input: $input) {
  errors { field code message }
  deposit { id total rounding receiptText customer { bookNumber balance }
            lines { item { code } weight price value } } } }"""

CUSTOMERS = """query($first: Int, $search: String) {
  wasteCustomers(first: $first, search: $search) {
  totalCount edges { node { id bookNumber name kind balance member { number } } } } }"""

DEPOSITS = """query($first: Int) { wasteDeposits(first: $first) {
  totalCount edges { node { id date total receiptText customer { name balance }
                            lines { weight value item { name category { name } } } } } } }"""


def _seed(coop, officer, n: int) -> None:
    connection.set_tenant(coop)
    kardus = WasteItem.objects.get(code="kardus")
    pet = WasteItem.objects.get(code="plastik-pet")
    for i in range(n):
        customer = customer_register(name=f"Warga {i}", rt="001", created_by_id=officer.pk)
        deposit_record(
            customer_id=customer.pk,
            date=date(2025, 6, 2),
            lines=[
                {"item_id": kardus.pk, "weight": f"{i + 1}.5"},
                {"item_id": pet.pk, "weight": "0.333"},
            ],
            idempotency_key=f"gql-seed-{i}",
            created_by_id=officer.pk,
        )
    connection.set_schema_to_public()


def test_weighing_session_through_the_api(graphql_client, make_user, coop_a):
    # given a kasir and a household customer
    kasir = make_user(roles={coop_a: "kasir"})
    connection.set_tenant(coop_a)
    customer = customer_register(name="Ibu Warsih", created_by_id=kasir.pk)
    kardus = WasteItem.objects.get(code="kardus").pk
    connection.set_schema_to_public()
    client = graphql_client(kasir, coop_a)
    lines = [{"itemId": to_global_id("WasteItem", kardus, "k_coop_a"), "weight": "2.345"}]
    # when the desk asks for the total first
    quote = client.execute(
        """query($lines: [WasteLineInput!]!) { wasteDepositQuote(date: "2025-06-02", lines: $lines)
           { total lines { price value } } }""",
        {"lines": lines},
    )
    assert quote["wasteDepositQuote"] == {
        "total": "3517.00",
        "lines": [{"price": "1500.00", "value": "3517.00"}],
    }
    # and confirms
    variables = {
        "input": {
            "customerId": to_global_id("WasteCustomer", customer.pk, "k_coop_a"),
            "date": "2025-06-02",
            "lines": lines,
            "idempotencyKey": "desk-1",
        }
    }
    data = client.execute(DEPOSIT, variables)["wasteDepositRecord"]
    # then the book is credited, the receipt reads in rupiah
    assert data["errors"] == []
    deposit = data["deposit"]
    assert deposit["total"] == "3517.00"
    assert deposit["rounding"] == "0.50"
    assert deposit["customer"] == {"bookNumber": customer.book_number, "balance": "3517.00"}
    assert "Total ditabung: Rp 3.517" in deposit["receiptText"]
    # and a retry posts nothing more
    again = client.execute(DEPOSIT, variables)["wasteDepositRecord"]
    assert again["deposit"]["id"] == deposit["id"]
    connection.set_tenant(coop_a)
    assert WasteDeposit.objects.count() == 1


def test_deposit_errors_are_typed_and_roles_checked(graphql_client, make_user, coop_a):
    # given a pengawas (reads only) and a kasir
    pengawas = make_user(roles={coop_a: "pengawas"})
    kasir = make_user(roles={coop_a: "kasir"})
    connection.set_tenant(coop_a)
    customer = customer_register(name="Ibu Sri", created_by_id=kasir.pk)
    kardus = WasteItem.objects.get(code="kardus").pk
    connection.set_schema_to_public()
    variables = {
        "input": {
            "customerId": to_global_id("WasteCustomer", customer.pk, "k_coop_a"),
            "date": "2025-06-02",
            "lines": [
                {"itemId": to_global_id("WasteItem", kardus, "k_coop_a"), "weight": "1.0005"}
            ],
            "idempotencyKey": "desk-err",
        }
    }
    # when the kasir sends four decimals / then the line is named
    errors = graphql_client(kasir, coop_a).execute(DEPOSIT, variables)["wasteDepositRecord"]
    assert errors["errors"][0]["field"] == "lines[0].weight"
    # when the pengawas records / then refused by the service's role check
    variables["input"]["lines"][0]["weight"] = "1"
    refused = graphql_client(pengawas, coop_a).execute(DEPOSIT, variables)["wasteDepositRecord"]
    assert refused["errors"][0]["code"] == "role_required"
    connection.set_tenant(coop_a)
    assert WasteDeposit.objects.count() == 0


@pytest.mark.parametrize("page_size", [1, 5, 12])
def test_customer_list_costs_the_same_number_of_queries(
    graphql_client, make_user, coop_a, django_assert_num_queries, page_size
):
    # given 12 customers with deposits
    kasir = make_user(roles={coop_a: "kasir"})
    _seed(coop_a, kasir, 12)
    client = graphql_client(make_user(roles={coop_a: "pengawas"}), coop_a)
    client.execute("{ cooperative { slug } }")
    # when / then: session, user, roles, the resolver's role check, count, the page (balances
    # and members joined) — whatever the page size
    with django_assert_num_queries(6):
        data = client.execute(CUSTOMERS, {"first": page_size})
    assert len(data["wasteCustomers"]["edges"]) == page_size
    first = data["wasteCustomers"]["edges"][0]["node"]
    assert first["balance"] == "3415.00"  # 1,5 kg kardus 2.250 + 0,333 kg PET 1.165


@pytest.mark.parametrize("page_size", [1, 5, 12])
def test_deposit_list_costs_the_same_number_of_queries(
    graphql_client, make_user, coop_a, django_assert_num_queries, page_size
):
    # given 12 deposits of two lines
    kasir = make_user(roles={coop_a: "kasir"})
    _seed(coop_a, kasir, 12)
    client = graphql_client(make_user(roles={coop_a: "pengawas"}), coop_a)
    client.execute("{ cooperative { slug } }")
    # when / then: session, user, roles, the resolver's role check, count, the page (customers
    # joined), lines, items, categories — whatever the page size
    with django_assert_num_queries(9):
        data = client.execute(DEPOSITS, {"first": page_size})
    assert len(data["wasteDeposits"]["edges"]) == page_size
    assert len(data["wasteDeposits"]["edges"][0]["node"]["lines"]) == 2


def test_deposits_workbook(graphql_client, make_user, coop_a):
    # given 3 deposits in June
    kasir = make_user(roles={coop_a: "kasir"})
    _seed(coop_a, kasir, 3)
    client = graphql_client(kasir, coop_a)
    # when exported
    data = client.execute(
        '{ wasteDepositsWorkbook(start: "2025-06-01", end: "2025-06-30") '
        "{ filename contentBase64 } }"
    )["wasteDepositsWorkbook"]
    # then one row per line with the rupiah value
    assert data["filename"] == "setoran-sampah-20250601-20250630.xlsx"
    sheet = load_workbook(io.BytesIO(base64.b64decode(data["contentBase64"]))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Tanggal"
    assert len(rows) == 1 + 6
    assert sum(row[10] for row in rows[1:]) == 3 * 1165 + 2250 + 3750 + 5250
