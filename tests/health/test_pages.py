"""The workspace page of the health assessment: the pengawas fills the questionnaire and reads
the score, band, aspects, each ratio with its numerator, denominator and accounts, PEARLS and
the trend; other officers read it but cannot answer. Then the same in headless Chromium at
390 px, reading figures that match the ledger."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from sokoguru.tenants.health.models import HealthAssessment, ManagementQuestionnaire
from sokoguru.tenants.health.schemes import scheme_get
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance
from tests.fixtures.graphql import PASSWORD, host_of, login
from tests.health.conftest import build_books
from tests.health.test_assessment import NO


def _form():
    data = {"bulan": "2026-03"}
    for code in scheme_get().questions():
        data[code] = "tidak" if code in NO else "ya"
    return data


def _client(user, coop):
    client = Client()
    login(client, user, coop)
    return client


def test_pengawas_answers_and_reads_the_explained_score(books, make_user, in_coop_a):
    pengawas = make_user(roles={in_coop_a: "pengawas"})
    client = _client(pengawas, in_coop_a)
    host = host_of(in_coop_a)
    response = client.post("/kesehatan/kuesioner/", _form(), HTTP_HOST=host)
    connection.set_tenant(in_coop_a)
    assert response.status_code == 302
    assert response["Location"] == "/kesehatan/?bulan=2026-03"
    page = client.get("/kesehatan/", {"bulan": "2026-03"}, HTTP_HOST=host)
    connection.set_tenant(in_coop_a)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<strong class="big" data-score>73,50</strong>' in html
    assert "Cukup Sehat" in html
    assert 'data-aspect="manajemen">12,75 / 15' in html
    assert "1101 Kas" in html and "Rp 18.000.000" in html
    assert "baris tabel: x &gt; 20%" in html
    assert 'data-pearls="A1"' in html
    assert 'id="kuesioner"' in html


def test_bendahara_reads_but_cannot_answer(books, make_user, in_coop_a):
    bendahara = make_user(roles={in_coop_a: "bendahara"})
    client = _client(bendahara, in_coop_a)
    host = host_of(in_coop_a)
    response = client.post("/kesehatan/kuesioner/", _form(), HTTP_HOST=host)
    connection.set_tenant(in_coop_a)
    assert response.status_code == 403
    assert ManagementQuestionnaire.objects.count() == 0
    assert HealthAssessment.objects.count() == 0
    page = client.get("/kesehatan/", HTTP_HOST=host)
    connection.set_tenant(in_coop_a)
    assert page.status_code == 200
    assert 'id="kuesioner"' not in page.content.decode()


def test_incomplete_questionnaire_is_refused_and_writes_nothing(books, make_user, in_coop_a):
    pengawas = make_user(roles={in_coop_a: "pengawas"})
    client = _client(pengawas, in_coop_a)
    form = _form()
    form.pop("umum_1")
    response = client.post("/kesehatan/kuesioner/", form, HTTP_HOST=host_of(in_coop_a))
    connection.set_tenant(in_coop_a)
    assert response.status_code == 400
    assert "Semua pertanyaan wajib dijawab" in response.content.decode()
    assert ManagementQuestionnaire.objects.count() == 0


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pengawas_on_a_phone(live_server, make_user, register_member, monkeypatch):
    from playwright.sync_api import sync_playwright

    from sokoguru.platform.tenancy.services import cooperative_provision

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # A cooperative of its own: the books this test commits never meet another test's.
    coop_a = cooperative_provision(
        name="Koperasi Uji Kesehatan",
        slug="uji-sehat",
        kind="primary_rw",
        domicile_code="32.75.03.1001",
    )
    try:
        _phone_flow(live_server, coop_a, make_user, register_member, sync_playwright)
    finally:
        connection.set_schema_to_public()
        with connection.cursor() as cur:
            cur.execute(f'DROP SCHEMA IF EXISTS "{coop_a.schema_name}" CASCADE')
        coop_a.domains.all().delete()
        coop_a.delete()


def _phone_flow(live_server, coop_a, make_user, register_member, sync_playwright):
    connection.set_tenant(coop_a)
    try:
        build_books(register_member, make_user, coop_a)
        cash = account_balance(account=chart.CASH, as_of=None) + account_balance(
            account=chart.BANK, as_of=None
        )
    finally:
        connection.set_schema_to_public()
    pengawas = make_user(roles={coop_a: "pengawas"}, email="pengawas@sehat-uji.id")
    base = live_server.url.replace("localhost", f"{coop_a.slug}.localhost")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            context = browser.new_context(
                viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
            )
            page = context.new_page()
            page.goto(f"{base}/masuk/")
            page.fill("#id_username", pengawas.email)
            page.fill("#id_password", PASSWORD)
            page.click("main button[type=submit]")
            page.wait_for_selector("nav.main")
            page.goto(f"{base}/kesehatan/?bulan=2026-03")
            for code in scheme_get().questions():
                page.check(f"input[name={code}][value={'tidak' if code in NO else 'ya'}]")
            page.click("#kuesioner button[type=submit]")
            page.wait_for_selector("[data-score]")
            assert page.inner_text("[data-score]") == "73,50"
            assert page.inner_text("[data-band]") == "Cukup Sehat"
            page.click("[data-ratio=rasio_kas] summary")
            numerator = page.inner_text("[data-ratio=rasio_kas] [data-numerator]")
            assert numerator == "Rp 23.000.000"
            assert Decimal("23000000.00") == cash  # the ledger's kas + bank
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            assert scroll <= inner, f"page {scroll} px wide on a {inner} px screen"
        finally:
            browser.close()
