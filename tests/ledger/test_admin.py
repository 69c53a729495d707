from datetime import date

from django.db import connection
from django.test import Client

from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import Account
from tests.fixtures.graphql import host_of, login
from tests.ledger.support import post


def admin_client(user, cooperative) -> Client:
    client = Client()
    login(client, user, cooperative)
    return client


def test_bendahara_adds_a_sub_account(make_user, coop_a):
    # given
    bendahara = make_user(roles={coop_a: ["bendahara"]})
    client = admin_client(bendahara, coop_a)
    # when
    response = client.post(
        "/admin/ledger/account/add/",
        {"parent": chart.BANK, "code": "1102.01", "name": "Bank BJB", "is_active": "on"},
        HTTP_HOST=host_of(coop_a),
    )
    # then
    assert response.status_code == 302, response.content[:2000]
    connection.set_tenant(coop_a)
    account = Account.objects.get(code="1102.01")
    assert (account.type, account.normal_balance, account.parent_id) == ("asset", "debit", "1102")


def test_sub_account_code_must_extend_parent(make_user, coop_a):
    bendahara = make_user(roles={coop_a: ["bendahara"]})
    response = admin_client(bendahara, coop_a).post(
        "/admin/ledger/account/add/",
        {"parent": chart.BANK, "code": "1101.01", "name": "Salah", "is_active": "on"},
        HTTP_HOST=host_of(coop_a),
    )
    assert response.status_code == 200
    connection.set_tenant(coop_a)
    assert not Account.objects.filter(code="1101.01").exists()


def test_transactions_are_read_only_with_legs(make_user, coop_a):
    # given
    pengawas = make_user(roles={coop_a: ["pengawas"]})
    connection.set_tenant(coop_a)
    txn = post(date(2026, 2, 1), "75000.00", chart.OPERATING_EXPENSE, chart.CASH, "atk")
    connection.set_schema_to_public()
    client = admin_client(pengawas, coop_a)
    # when
    listing = client.get("/admin/ledger/journaltransaction/", HTTP_HOST=host_of(coop_a))
    detail = client.get(
        f"/admin/ledger/journaltransaction/{txn.pk}/change/", HTTP_HOST=host_of(coop_a)
    )
    delete = client.post(
        f"/admin/ledger/journaltransaction/{txn.pk}/delete/",
        {"post": "yes"},
        HTTP_HOST=host_of(coop_a),
    )
    # then
    assert listing.status_code == 200
    assert b"Transaksi uji" in listing.content
    assert "Rp 75.000,00" in listing.content.decode()
    assert detail.status_code == 200
    assert b"Beban operasional dan administrasi" in detail.content
    assert b"75.000,00" in detail.content
    assert delete.status_code == 403
