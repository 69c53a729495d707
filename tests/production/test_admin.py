"""The production admin: every page opens for an officer, and a sale entered there goes through
the service (posted, stock down)."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test import Client

from sokoguru.tenants.production.models import Sale
from tests.fixtures.graphql import host_of, login

PAGES = ["business", "outputrecord", "product", "stockmovement", "sale", "settlement"]


def test_admin_pages_open_and_a_sale_posts_through_the_service(consigned, kasir, in_coop_a):
    client = Client()
    login(client, kasir, in_coop_a)
    host = {"HTTP_HOST": host_of(in_coop_a)}
    for model in PAGES:
        for suffix in ("", "add/"):
            response = client.get(f"/admin/production/{model}/{suffix}", **host)
            # settling consignments is for the ketua and bendahara only
            expected = 403 if (model, suffix) == ("settlement", "add/") else 200
            assert response.status_code == expected, (model, suffix, response.status_code)
    assert (
        client.get(f"/admin/production/product/{consigned.pk}/change/", **host).status_code == 200
    )
    response = client.post(
        "/admin/production/sale/add/",
        {
            "product_field": consigned.pk,
            "date": "03/03/2025",
            "quantity": "2",
            "channel": "direct",
            "idempotency_key": "admin-1",
        },
        **host,
    )
    connection.set_tenant(in_coop_a)
    assert response.status_code == 302, response.content.decode()[:2000]
    sale = Sale.objects.get()
    assert sale.amount == Decimal("30000.00") and sale.date == date(2025, 3, 3)
