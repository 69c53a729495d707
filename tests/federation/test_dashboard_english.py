"""The federation dashboard speaks English when the browser asks for it; Indonesian otherwise."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from tests.fixtures.graphql import login

HOST = {"HTTP_HOST": "localhost"}
ENGLISH = {**HOST, "HTTP_ACCEPT_LANGUAGE": "en"}


def test_body_and_cooperative_pages_in_english(lurah, coop_a, put_snapshot):
    # given: a snapshot three days old with a 12.5% NPL (two alerts)
    day = timezone.localdate() - timedelta(days=3)
    put_snapshot(
        coop_a,
        day,
        members_active=30,
        savings_pokok=Decimal("3000000.00"),
        loans_outstanding=Decimal("8000000.00"),
        loans_macet_outstanding=Decimal("1000000.00"),
        npl_ratio=Decimal("0.1250"),
        last_rat_date=date(day.year, 1, 15),
    )
    client = Client()
    login(client, lurah)
    # when
    body = client.get("/dasbor/badan/kel-harapan-jaya/", **ENGLISH).content.decode()
    detail = client.get("/dasbor/badan/kel-harapan-jaya/koperasi/coop-a/", **ENGLISH)
    indonesian = client.get("/dasbor/badan/kel-harapan-jaya/", **HOST).content.decode()
    # then
    assert "Active members" in body
    assert "Loans outstanding per month" in body
    assert "High NPL" in body
    assert "NPL 12,50% (limit 5%)" in body
    assert "Last snapshot 3 days ago" in body
    assert "Urban village (kelurahan) / village office" in body
    assert "Anggota aktif" not in body
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "Principal savings (simpanan pokok)" in page
    assert "Loan collectibility" in page
    assert "This cooperative shares only aggregate figures with Kelurahan Harapan Jaya." in page
    assert "Anggota aktif" in indonesian
    assert "NPL 12,50% (batas 5%)" in indonesian
    assert "Active members" not in indonesian
