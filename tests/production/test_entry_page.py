"""The phone entry of this week's output (/produksi/): pick the business, type, save."""

from decimal import Decimal

from django.db import connection
from django.test import Client

from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.production.models import OutputRecord
from sokoguru.tenants.production.services._common import week_start
from tests.fixtures.graphql import host_of, login


def test_volunteer_records_this_weeks_output_on_the_phone_page(consigned, kasir, in_coop_a):
    client = Client()
    login(client, kasir, in_coop_a)
    host = {"HTTP_HOST": host_of(in_coop_a)}
    # the list shows the business as not yet recorded this week
    page = client.get("/produksi/", **host).content.decode()
    assert "Hidroponik Melati" in page and "belum dicatat" in page
    form = client.get(f"/produksi/{consigned.business_id}/", **host).content.decode()
    assert "Selada keriting" in form  # the catalogue product is offered
    # when the volunteer types 12 ikat of selada and a new product
    week = week_start(cooperative_today())
    response = client.post(
        f"/produksi/{consigned.business_id}/",
        {
            "minggu": week.isoformat(),
            "rows": "2",
            "name-0": "Selada keriting",
            "unit-0": "ikat",
            "qty-0": "12",
            "value-0": "180.000",
            "name-1": "Bayam merah",
            "unit-1": "kg",
            "qty-1": "2,5",
        },
        **host,
    )
    assert response.status_code == 302
    connection.set_tenant(in_coop_a)
    rows = sorted(
        OutputRecord.objects.values_list(
            "product_name", "quantity", "unit", "value", "period_start"
        )
    )
    assert rows == [
        ("Bayam merah", Decimal("2.500"), "kg", None, week),
        ("Selada keriting", Decimal("12.000"), "ikat", Decimal("180000.00"), week),
    ]
    connection.set_schema_to_public()
    assert "tercatat" in client.get("/produksi/", **host).content.decode()


def test_bad_quantity_is_refused_and_nothing_written(consigned, kasir, in_coop_a):
    client = Client()
    login(client, kasir, in_coop_a)
    host = {"HTTP_HOST": host_of(in_coop_a)}
    response = client.post(
        f"/produksi/{consigned.business_id}/",
        {
            "rows": "2",
            "name-0": "Selada",
            "unit-0": "ikat",
            "qty-0": "3",
            "name-1": "Bayam",
            "unit-1": "kg",
            "qty-1": "dua",
        },
        **host,
    )
    assert response.status_code == 200 and "dua" in response.content.decode()
    connection.set_tenant(in_coop_a)
    assert not OutputRecord.objects.exists()


def test_members_without_an_officer_role_do_not_see_the_page(consigned, make_user, in_coop_a):
    anggota = make_user(roles={in_coop_a: "anggota"})
    client = Client()
    login(client, anggota, in_coop_a)
    assert client.get("/produksi/", HTTP_HOST=host_of(in_coop_a)).status_code == 404
