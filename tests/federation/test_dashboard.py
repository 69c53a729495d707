from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from sokoguru.federation.consent.models import Consent
from tests.fixtures.graphql import PASSWORD, login

HOST = {"HTTP_HOST": "localhost"}


@pytest.fixture
def seeded(coop_a, coop_b, put_snapshot):
    today = timezone.localdate()
    put_snapshot(
        coop_a,
        today,
        members_active=30,
        savings_pokok=Decimal("3000000.00"),
        savings_sukarela=Decimal("12000000.00"),
    )
    put_snapshot(coop_b, today, members_active=222, savings_pokok=Decimal("9999999.00"))


def test_login_page_logs_an_official_in_and_home_redirects_to_the_body(lurah, seeded):
    # given
    client = Client()
    # when
    page = client.get("/login/", **HOST)
    response = client.post(
        "/login/", {"username": lurah.email, "password": PASSWORD}, follow=True, **HOST
    )
    # then
    assert page.status_code == 200
    assert "Kata sandi" in page.content.decode()
    assert response.redirect_chain[-1][0] == "/dasbor/badan/kel-harapan-jaya/"
    html = response.content.decode()
    assert "Kelurahan Harapan Jaya" in html
    assert 'data-figure="savings_total" data-value="15000000.00">Rp 15.000.000<' in html
    assert "Koperasi RW 01 Uji" in html
    assert "Koperasi Pegawai Uji" not in html
    assert "<svg" in html


def test_anonymous_visitors_are_sent_to_login(db):
    # when
    response = Client().get("/", **HOST)
    # then
    assert response.status_code == 302
    assert response["Location"] == "/login/"


def test_a_foreign_body_or_cooperative_is_not_found(lurah, dinas_sumut, seeded):
    # given
    client = Client()
    login(client, lurah)
    # when / then
    assert client.get("/dasbor/badan/dinas-sumut/", **HOST).status_code == 404
    assert client.get("/dasbor/badan/kel-harapan-jaya/koperasi/coop-b/", **HOST).status_code == 404
    detail = client.get("/dasbor/badan/kel-harapan-jaya/koperasi/coop-a/", **HOST)
    assert detail.status_code == 200
    assert 'data-testid="no-consent"' in detail.content.decode()


def test_ketua_grants_member_level_consent_on_the_consent_page(make_user, coop_a, kelurahan_hj):
    # given
    ketua = make_user(roles={coop_a: "ketua"})
    client = Client()
    login(client, ketua)
    # when
    page = client.get("/persetujuan/coop-a/", **HOST)
    response = client.post(
        "/persetujuan/coop-a/",
        {
            "target": "body:kel-harapan-jaya",
            "level": "member_level",
            "reason": "Program bantuan",
            "confirm": "yes",
        },
        **HOST,
    )
    # then
    assert page.status_code == 200
    assert "Kelurahan Harapan Jaya" in page.content.decode()
    assert response.status_code == 302
    assert Consent.objects.get(cooperative=coop_a, body=kelurahan_hj).level == "member_level"


def test_consent_needs_the_ketuas_confirmation_and_a_reason(make_user, coop_a, kelurahan_hj):
    # given
    ketua = make_user(roles={coop_a: "ketua"})
    client = Client()
    login(client, ketua)
    grant = {"target": "body:kel-harapan-jaya", "level": "member_level"}
    # when
    client.post("/persetujuan/coop-a/", {**grant, "reason": "Program bantuan"}, **HOST)
    client.post("/persetujuan/coop-a/", {**grant, "confirm": "yes", "reason": " "}, **HOST)
    page = client.get("/persetujuan/coop-a/", **HOST).content.decode()
    # then
    assert Consent.objects.filter(level="member_level").count() == 0
    assert "Data per anggota</strong> — " in page  # each level explained in words


def test_a_non_ketua_cannot_change_consent(make_user, coop_a, kelurahan_hj):
    # given
    kasir = make_user(roles={coop_a: "kasir"})
    client = Client()
    login(client, kasir)
    # when
    client.post(
        "/persetujuan/coop-a/",
        {"target": "body:kel-harapan-jaya", "level": "member_level"},
        **HOST,
    )
    # then
    assert Consent.objects.count() == 0
