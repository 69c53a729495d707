"""The weighing desk (admin pages for a tablet): find the customer, price the lines on the
server before confirming, record, print or send the receipt; the sale desk."""

from datetime import date

from django.db import connection

from sokoguru.tenants.wastebank.models import WasteDeposit, WasteItem, WasteSale
from sokoguru.tenants.wastebank.services import (
    collector_create,
    customer_register,
    deposit_record,
)
from tests.savings.test_admin import admin_client


def _setup(coop, kasir):
    connection.set_tenant(coop)
    customer = customer_register(name="Ibu Warsih", phone="081234567890", created_by_id=kasir.pk)
    items = {i.code: i.pk for i in WasteItem.objects.all()}
    connection.set_schema_to_public()
    return customer, items


def test_weighing_day_at_the_desk(make_user, coop_a):
    # given a kasir at the desk and a household customer
    kasir = make_user(roles={coop_a: "kasir"})
    customer, items = _setup(coop_a, kasir)
    client = admin_client(kasir, coop_a)
    page = client.get("/admin/wastebank/wastedeposit/timbang/")
    assert page.status_code == 200
    assert "Meja timbang" in page.content.decode()
    # when the customer is searched by name
    found = client.get("/admin/wastebank/wastedeposit/nasabah/", {"q": "warsih"}).json()
    assert found["results"][0]["id"] == customer.pk
    # and the lines are priced before confirming
    lines = {"item_id": [items["kardus"], items["plastik-pet"], ""], "weight": ["2,345", "1", ""]}
    quote = client.post(
        "/admin/wastebank/wastedeposit/timbang/harga/", {"date": "2025-06-02", **lines}
    ).json()
    assert quote["total"] == "Rp 7.017"
    assert [line["value"] for line in quote["lines"]] == ["Rp 3.517", "Rp 3.500"]
    # and confirmed
    response = client.post(
        "/admin/wastebank/wastedeposit/timbang/",
        {"date": "2025-06-02", "customer_id": customer.pk, "idempotency_key": "desk-a", **lines},
    )
    # then the receipt shows the rupiah and a WhatsApp link to the customer's number
    assert response.status_code == 302
    receipt = client.get(response["Location"])
    body = receipt.content.decode()
    assert "7.017" in body
    assert "https://wa.me/6281234567890?text=" in body
    connection.set_tenant(coop_a)
    assert WasteDeposit.objects.get().total == 7017


def test_desk_shows_errors_and_writes_nothing(make_user, coop_a):
    # given
    kasir = make_user(roles={coop_a: "kasir"})
    customer, items = _setup(coop_a, kasir)
    client = admin_client(kasir, coop_a)
    # when a weight has four decimals / then the page names the line, nothing written
    response = client.post(
        "/admin/wastebank/wastedeposit/timbang/",
        {
            "date": "2025-06-02",
            "customer_id": customer.pk,
            "idempotency_key": "desk-b",
            "item_id": [items["kardus"]],
            "weight": ["1.2345"],
        },
    )
    assert response.status_code == 400
    assert "lines[0].weight" in response.content.decode()
    connection.set_tenant(coop_a)
    assert WasteDeposit.objects.count() == 0


def test_pengawas_may_not_use_the_desk(make_user, coop_a):
    client = admin_client(make_user(roles={coop_a: "pengawas"}), coop_a)
    assert client.get("/admin/wastebank/wastedeposit/timbang/").status_code == 403
    pages = [
        f"/admin/wastebank/{name}/"
        for name in (
            "wastedeposit",
            "wastecustomer",
            "collector",
            "wastewithdrawal",
            "wastesale",
            "wastestock",
            "wasteitem",
            "wasteprice",
            "stockcount",
        )
    ]
    assert {url: client.get(url).status_code for url in pages} == dict.fromkeys(pages, 200)
    export = client.get("/admin/wastebank/wastedeposit/ekspor/?start=2025-06-01&end=2025-06-30")
    assert export.status_code == 200
    assert export["Content-Disposition"] == (
        'attachment; filename="setoran-sampah-20250601-20250630.xlsx"'
    )


def test_sale_desk(make_user, coop_a):
    # given 10 kg kardus in stock and a collector
    kasir = make_user(roles={coop_a: "kasir"})
    customer, items = _setup(coop_a, kasir)
    connection.set_tenant(coop_a)
    deposit_record(
        customer_id=customer.pk,
        date=date(2025, 6, 2),
        lines=[{"item_id": items["kardus"], "weight": "10"}],
        idempotency_key="seed",
        created_by_id=kasir.pk,
    )
    collector = collector_create(name="Pak Darto", created_by_id=kasir.pk)
    connection.set_schema_to_public()
    client = admin_client(kasir, coop_a)
    assert client.get("/admin/wastebank/wastedeposit/jual/").status_code == 200
    form = {
        "date": "2025-06-03",
        "collector_id": collector.pk,
        "idempotency_key": "sale-a",
        "item_id": [items["kardus"]],
        "weight": ["10"],
        "price": ["2200"],
    }
    # when priced and confirmed
    quote = client.post("/admin/wastebank/wastedeposit/jual/harga/", form).json()
    assert quote["total"] == "Rp 22.000"
    response = client.post("/admin/wastebank/wastedeposit/jual/", form)
    # then the sale is recorded and shown
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    connection.set_tenant(coop_a)
    assert WasteSale.objects.get().total == 22000
