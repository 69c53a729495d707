"""The waste bank in snapshots and on the kelurahan dashboard: kilograms per RW and category
this month, ranked, and the RW cooperatives with no deposit this month."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.utils import timezone

from sokoguru.federation.snapshots.compute import compute_figures
from sokoguru.tenants.wastebank.models import WasteItem
from sokoguru.tenants.wastebank.services import (
    collector_create,
    customer_register,
    deposit_record,
    sale_record,
)
from tests.fixtures.graphql import login

HOST = {"HTTP_HOST": "localhost"}


def test_snapshot_figures_hold_the_waste_bank_month(coop_a, make_user):
    # given deposits in May and June and a sale in June, in cooperative A
    kasir = make_user(roles={coop_a: "kasir"})
    connection.set_tenant(coop_a)
    kardus = WasteItem.objects.get(code="kardus").pk
    oil = WasteItem.objects.get(code="minyak-jelantah").pk
    customers = [customer_register(name=f"Warga {i}", created_by_id=kasir.pk) for i in range(3)]
    for i, (day, customer) in enumerate(
        [(date(2025, 5, 30), customers[0]), (date(2025, 6, 2), customers[1])]
        + [(date(2025, 6, 9), customers[1]), (date(2025, 6, 9), customers[2])]
    ):
        deposit_record(
            customer_id=customer.pk,
            date=day,
            lines=[{"item_id": kardus, "weight": "10"}, {"item_id": oil, "weight": "1.5"}],
            idempotency_key=f"snap-{i}",
            created_by_id=kasir.pk,
        )
    collector = collector_create(name="Pak Darto", created_by_id=kasir.pk)
    sale_record(
        collector_id=collector.pk,
        date=date(2025, 6, 10),
        lines=[{"item_id": kardus, "weight": "20", "price": "2200"}],
        idempotency_key="snap-sale",
        created_by_id=kasir.pk,
    )
    # when the figures of 15 June are computed
    row = compute_figures(as_of=date(2025, 6, 15), today=date(2025, 6, 15))
    # then June only: 30 kg kardus, 4,5 l oil, two customers; the whole book balance
    assert row["waste_kg_by_category"] == {"kertas": "30.000", "minyak": "4.500"}
    assert row["waste_kg_month"] == Decimal("34.500")
    assert row["waste_customers_active"] == 2
    assert row["waste_savings_balance"] == Decimal("84000.00")  # 4 × (15.000 + 6.000)
    assert row["waste_sales_month"] == Decimal("44000.00")
    assert row["waste_margin_month"] == Decimal("14000.00")
    connection.set_schema_to_public()


def test_kelurahan_sees_kilograms_per_rw_and_category(lurah, coop_a, put_snapshot):
    # given cooperative A's snapshot today with this month's waste
    put_snapshot(
        coop_a,
        timezone.localdate(),
        waste_kg_month=Decimal("34.500"),
        waste_kg_by_category={"kertas": "30.000", "minyak": "4.500"},
        waste_customers_active=2,
        waste_savings_balance=Decimal("84000.00"),
    )
    client = Client()
    login(client, lurah)
    # when the lurah opens the dashboard
    html = client.get("/dasbor/badan/kel-harapan-jaya/", **HOST).content.decode()
    # then the waste table shows the RW with its kilograms per category
    assert "Bank sampah bulan ini" in html
    section = html[html.index("Bank sampah bulan ini") :]
    assert "Koperasi RW 01 Uji" in section
    assert "34,5" in section and "30,0" in section and "4,5" in section
    assert 'id="waste-none"' not in section


def test_rw_without_deposits_this_month_is_listed(lurah, coop_a, put_snapshot):
    # given cooperative A's latest snapshot is from last month
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    put_snapshot(
        coop_a,
        last_month,
        waste_kg_month=Decimal("12.000"),
        waste_kg_by_category={"kertas": "12.000"},
    )
    client = Client()
    login(client, lurah)
    # when / then it is among the RWs with no deposit this month
    html = client.get("/dasbor/badan/kel-harapan-jaya/", **HOST).content.decode()
    none = html[html.index('id="waste-none"') :]
    assert "Koperasi RW 01 Uji" in none[: none.index("</p>")]


def test_federation_api_ranks_rws_by_kilograms(graphql_client, lurah, coop_a, put_snapshot):
    # given cooperative A's waste this month
    put_snapshot(
        coop_a,
        timezone.localdate(),
        waste_kg_month=Decimal("34.500"),
        waste_kg_by_category={"kertas": "30.000", "minyak": "4.500"},
        waste_customers_active=2,
        waste_savings_balance=Decimal("84000.00"),
    )
    from tests.fixtures.graphql import to_global_id

    body = to_global_id("FederationBody", "body:kel-harapan-jaya")
    # when the kelurahan asks for the ranking by kilograms
    data = graphql_client(lurah).execute(
        """query($body: ID!) {
          federationRankings(body: $body, metric: WASTE_KG_MONTH) {
            rank value cooperative { slug snapshot { wasteBank {
              kgMonth customersActive savingsBalance kgByCategory { category kg } } } } } }""",
        {"body": body},
    )
    # then
    [first] = data["federationRankings"]
    assert (first["rank"], first["value"]) == (1, "34.500")
    assert first["cooperative"]["snapshot"]["wasteBank"] == {
        "kgMonth": "34.500",
        "customersActive": 2,
        "savingsBalance": "84000.00",
        "kgByCategory": [
            {"category": "kertas", "kg": "30.000"},
            {"category": "minyak", "kg": "4.500"},
        ],
    }
