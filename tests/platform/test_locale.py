from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from sokoguru.platform.core.money import format_rupiah, to_money
from tests.fixtures.graphql import host_of, login


@pytest.mark.parametrize(
    ("value", "cents", "text"),
    [
        (Decimal("1100000"), False, "Rp 1.100.000"),
        (Decimal("1100000.50"), True, "Rp 1.100.000,50"),
        (Decimal("999.49"), False, "Rp 999"),
        (Decimal("0"), False, "Rp 0"),
        (Decimal("-5000"), False, "-Rp 5.000"),
        (Decimal("123456789012.345"), True, "Rp 123.456.789.012,35"),
    ],
)
def test_format_rupiah(value, cents, text):
    assert format_rupiah(value, cents=cents) == text


def test_to_money_is_two_places():
    assert to_money("10") == Decimal("10.00")
    assert str(to_money(Decimal("1.005"))) == "1.01"


def test_admin_speaks_indonesian_by_default_and_english_on_request(make_user, coop_a):
    user = make_user(roles={coop_a: "ketua"})
    client = Client()
    login(client, user, coop_a)
    page = client.get(
        "/admin/", HTTP_HOST=host_of(coop_a), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    client.cookies["django_language"] = "en"  # the language switch: an explicit choice
    english = client.get("/admin/", HTTP_HOST=host_of(coop_a)).content.decode()
    connection.set_schema_to_public()
    assert "Keluar" in page  # "Log out": a cooperative is Indonesian whatever the browser asks
    assert "Log out" in english
