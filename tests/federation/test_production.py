"""Production in federation: snapshot figures from the cooperative's output records and sales,
the kelurahan dashboard's production section (trends per kind, per RW, RWs that stopped
recording) and an exhibition from invitation to results per RW."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone

from sokoguru.federation.catalogue.selectors import exhibition_results_by_rw
from sokoguru.federation.catalogue.services import (
    catalogue_publish,
    exhibition_create,
    exhibition_invitation_check,
    exhibition_invite,
)
from sokoguru.federation.snapshots.services import snapshot_refresh
from sokoguru.platform.core.errors import NotFound, PermissionDenied
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.production.services import (
    exhibition_entry_register,
    output_record,
    sale_record,
)
from tests.catalogue.conftest import seed_products
from tests.fixtures.graphql import login

HOST = {"HTTP_HOST": "localhost"}


@pytest.fixture
def officer(make_user, coop_a):
    return make_user(roles={coop_a: ["ketua", "kasir"]})


def test_snapshot_takes_output_sales_and_recording_gaps(coop_a, officer):
    # given a business recording this week and three weeks ago, and one sale today
    products = seed_products(coop_a, officer, [("Selada", True)])
    connection.set_tenant(coop_a)
    today = cooperative_today()
    product = products["Selada"]
    for day, qty in [(today, "4.5"), (today - timedelta(weeks=3), "2")]:
        output_record(
            business_id=product.business_id,
            period="week",
            day=day,
            product_name="Selada",
            quantity=Decimal(qty),
            unit="kg",
            recorded_by_id=officer.pk,
        )
    sale_record(
        product_id=product.pk, quantity=2, date=today, idempotency_key="t", sold_by_id=officer.pk
    )
    connection.set_schema_to_public()
    # when
    snap = snapshot_refresh(cooperative=coop_a)
    # then
    assert snap.production_active_businesses == 1
    assert snap.production_output_week == {"hidroponik": {"kg": "4.500"}}
    assert snap.production_sales_month == Decimal("24000.00")
    assert snap.production_sales_count_month == 1
    assert snap.production_weeks_without_records == 11
    assert snap.production_last_record_on == today - timedelta(days=today.weekday())


def test_kelurahan_dashboard_shows_production_per_rw_and_who_stopped(lurah, coop_a, put_snapshot):
    today = timezone.localdate()
    month_end = today.replace(day=1) - timedelta(days=1)
    put_snapshot(
        coop_a,
        month_end,
        production_active_businesses=3,
        production_output_month={"hidroponik": {"kg": "120.5"}, "toga": {"pot": "40"}},
    )
    put_snapshot(
        coop_a,
        today,
        production_active_businesses=3,
        production_output_month={"hidroponik": {"kg": "30"}},
        production_weeks_without_records=5,
        production_last_record_on=today - timedelta(days=40),
    )
    client = Client()
    login(client, lurah)
    html = client.get("/dasbor/badan/kel-harapan-jaya/", **HOST).content.decode()
    assert 'data-testid="production-table"' in html
    assert "Hidroponik: 30 kg" in html
    assert 'data-testid="production-stopped"' in html
    assert "Hasil produksi per jenis usaha" in html


def test_exhibition_invite_register_sell_and_results_per_rw(
    lurah, kelurahan_hj, coop_a, coop_b, officer, make_user
):
    # given the kelurahan creates an exhibition and invites RW 01
    expo = exhibition_create(
        body=kelurahan_hj,
        name="Pameran UMKM Harapan Jaya",
        starts_on=date(2025, 8, 17),
        ends_on=None,
        place="Balai Kelurahan",
        user=lurah,
    )
    assert exhibition_invite(exhibition=expo, cooperative_ids=[coop_a.pk], user=lurah) == 1
    # a cooperative outside the kelurahan cannot be invited, a non-official cannot create
    with pytest.raises(ValidationError):
        exhibition_invite(exhibition=expo, cooperative_ids=[coop_b.pk], user=lurah)
    with pytest.raises(PermissionDenied):
        exhibition_create(
            body=kelurahan_hj,
            name="X",
            starts_on=date(2025, 8, 1),
            ends_on=None,
            place="Y",
            user=officer,
        )
    with pytest.raises(NotFound):
        exhibition_invitation_check(exhibition_id=expo.pk, cooperative_id=coop_b.pk)
    # when RW 01 registers 3 of its 5 ikat and sells 2 at the event, into its own books
    products = seed_products(coop_a, officer, [("Selada", True)])
    exhibition_invitation_check(exhibition_id=expo.pk, cooperative_id=coop_a.pk)
    connection.set_tenant(coop_a)
    product = products["Selada"]
    exhibition_entry_register(
        exhibition_id=expo.pk, product_id=product.pk, quantity=3, registered_by_id=officer.pk
    )
    sale_record(
        product_id=product.pk,
        quantity=2,
        date=date(2025, 8, 17),
        channel="exhibition",
        exhibition_id=expo.pk,
        idempotency_key="expo-1",
        sold_by_id=officer.pk,
    )
    with pytest.raises(ValidationError) as over:
        sale_record(
            product_id=product.pk,
            quantity=2,
            date=date(2025, 8, 17),
            channel="exhibition",
            exhibition_id=expo.pk,
            idempotency_key="expo-2",
            sold_by_id=officer.pk,
        )
    assert "quantity" in over.value.error_dict
    connection.set_schema_to_public()
    catalogue_publish(cooperative=coop_a)
    # then the kelurahan sees the result per RW
    results = exhibition_results_by_rw(exhibition_id=expo.pk)
    assert [(r["cooperative"].slug, r["sales_count"], r["amount"]) for r in results] == [
        (coop_a.slug, 1, Decimal("24000.00"))
    ]


def test_cooperative_api_registers_a_product_only_for_an_invited_exhibition(
    lurah, kelurahan_hj, coop_a, officer, graphql_client
):
    from tests.fixtures.graphql import to_global_id

    expo = exhibition_create(
        body=kelurahan_hj,
        name="Pameran",
        starts_on=date(2025, 8, 17),
        ends_on=None,
        place="Balai",
        user=lurah,
    )
    products = seed_products(coop_a, officer, [("Selada", True)])
    query = """mutation($e: Int!, $p: ID!) { exhibitionProductRegister(exhibitionId: $e,
      productId: $p, quantity: "3") { quantity errors { field code } } }"""
    variables = {"e": expo.pk, "p": to_global_id("Product", products["Selada"].pk, "k_coop_a")}
    api = graphql_client(officer, coop_a)
    refused = api.execute(query, variables)["exhibitionProductRegister"]
    assert refused["errors"] == [{"field": "exhibitionId", "code": "not_found"}]
    exhibition_invite(exhibition=expo, cooperative_ids=[coop_a.pk], user=lurah)
    done = api.execute(query, variables)["exhibitionProductRegister"]
    assert done == {"quantity": "3.000", "errors": []}
