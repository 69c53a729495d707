"""The production part of the cooperative API: output entry, sale and settlement with typed
errors, trends, and lists at a fixed query count."""

from datetime import date
from decimal import Decimal

from django.db import connection

from sokoguru.tenants.production.services import product_create, stock_in
from tests.fixtures.graphql import to_global_id

SALE = """mutation($input: ProductSaleRecordInput!) { productSaleRecord(input: $input) {
  sale { amount commission payable mode } product { stock } errors { field code message } } }"""
OUTPUT = """mutation($input: OutputRecordInput!) { outputRecord(input: $input) {
  record { periodStart quantity unit isLate } errors { field code } } }"""
PRODUCTS = """{ products(first: 50) { totalCount edges { node { id name price businessName kind
  stock photoUrl } } } }"""
BUSINESSES = "{ businesses(first: 50) { edges { node { name kind ownerIds } } } }"


def test_output_sale_and_settlement_through_the_api(
    graphql_client, consigned, kasir, bendahara, owner, in_coop_a
):
    api = graphql_client(kasir, in_coop_a)
    out = api.execute(
        OUTPUT,
        {
            "input": {
                "businessId": to_global_id("Business", consigned.business_id, "k_coop_a"),
                "period": "WEEK",
                "day": "2025-03-12",
                "productName": "Selada",
                "quantity": "4.5",
                "unit": "kg",
            }
        },
    )["outputRecord"]
    assert out["errors"] == [] and out["record"]["periodStart"] == "2025-03-10"
    sale = api.execute(
        SALE,
        {
            "input": {
                "productId": to_global_id("Product", consigned.pk, "k_coop_a"),
                "quantity": "2",
                "date": "2025-03-12",
                "idempotencyKey": "api-1",
            }
        },
    )["productSaleRecord"]
    assert sale["errors"] == []
    assert sale["sale"] == {
        "amount": "30000.00",
        "commission": "3000.00",
        "payable": "27000.00",
        "mode": "CONSIGNMENT",
    }
    too_many = api.execute(
        SALE,
        {
            "input": {
                "productId": to_global_id("Product", consigned.pk, "k_coop_a"),
                "quantity": "99",
                "date": "2025-03-12",
                "idempotencyKey": "api-2",
            }
        },
    )["productSaleRecord"]
    assert too_many["sale"] is None and too_many["errors"][0]["field"] == "quantity"
    # the kasir may not settle; the bendahara may
    settle = """mutation($input: ConsignmentSettleInput!) { consignmentSettle(input: $input) {
      settlement { amount } errors { code } } }"""
    variables = {
        "input": {
            "memberId": to_global_id("Member", owner.pk, "k_coop_a"),
            "date": "2025-03-31",
            "idempotencyKey": "set-1",
        }
    }
    assert api.execute(settle, variables)["consignmentSettle"]["errors"][0]["code"] == (
        "permission_denied"
    )
    paid = graphql_client(bendahara, in_coop_a).execute(settle, variables)["consignmentSettle"]
    assert paid == {"settlement": {"amount": "27000.00"}, "errors": []}


def test_trend_lists_every_week(graphql_client, business, kasir, in_coop_a):
    data = graphql_client(kasir, in_coop_a).execute(
        "{ outputTrend(year: 2025, kind: HIDROPONIK) { periodStart recorded } }"
    )
    assert len(data["outputTrend"]) == 53
    assert data["outputTrend"][0] == {"periodStart": "2024-12-30", "recorded": False}


def test_lists_cost_a_fixed_number_of_queries(
    graphql_client, business, kasir, in_coop_a, django_assert_num_queries
):
    api = graphql_client(kasir, in_coop_a)
    api.execute(PRODUCTS)  # warm the host cache

    def add_products(n):
        connection.set_tenant(in_coop_a)
        for i in range(n):
            p = product_create(
                business_id=business.pk,
                name=f"Produk {i}",
                unit="pot",
                price=Decimal("5000"),
                created_by_id=kasir.pk,
            )
            stock_in(product_id=p.pk, quantity=1, date=date(2025, 3, 1), created_by_id=kasir.pk)
        connection.set_schema_to_public()

    add_products(2)
    with django_assert_num_queries(6) as few:
        api.execute(PRODUCTS)
    add_products(20)
    with django_assert_num_queries(len(few.captured_queries)):
        result = api.execute(PRODUCTS)
    assert result["products"]["totalCount"] == 22
    with django_assert_num_queries(7):
        assert api.execute(BUSINESSES)["businesses"]["edges"][0]["node"]["kind"] == "HIDROPONIK"
