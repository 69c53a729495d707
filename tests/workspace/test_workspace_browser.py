"""The workspace in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright), one
shared flow on a phone (390×844), then the same pages on a laptop (1366×768): a treasurer
registers a member, collects pokok and wajib and a sukarela deposit typed ``50.000``, applies for
a loan, a second officer approves, the treasurer disburses and records an instalment, opens the
passbook and the neraca. Every figure checked is the ledger's; no page is wider than the
screen; screenshots go to ``$SOKOGURU_SCREENSHOTS`` (default ``.sokoguru/screenshots``)."""

from __future__ import annotations

import os
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.statements import balance_sheet
from sokoguru.tenants.loans.models import Loan
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.savings.selectors import member_savings_balances
from tests.fixtures.graphql import PASSWORD
from tests.fixtures.loans import cooperative_fund
from tests.fixtures.members import make_nik

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


def shown(page, selector: str) -> Decimal:
    return Decimal(page.get_attribute(selector, "data-value"))


class Shots:
    """Screenshots of every step, and the check that the page fits the screen."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.taken: list[Path] = []

    def __call__(self, page, name: str, size: str) -> None:
        page.wait_for_load_state("load")
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert scroll <= inner, f"{name} at {size}: page {scroll} px wide on a {inner} px screen"
        path = self.folder / f"workspace-{size}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)


def ledger(coop, fn):
    connection.set_tenant(coop)
    try:
        return fn()
    finally:
        connection.set_schema_to_public()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_treasurer_runs_the_month_on_a_phone(live_server, coop_a, make_user, monkeypatch):
    from playwright.sync_api import sync_playwright

    # The test reads the ledger between browser steps, inside Playwright's event loop.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    # given: a treasurer and a chair of cooperative A, and Rp 5.000.000 in its cash
    bendahara = make_user(roles={coop_a: "bendahara"}, email="bendahara@ruang-uji.id")
    ketua = make_user(roles={coop_a: "ketua"}, email="ketua@ruang-uji.id")
    ledger(coop_a, lambda: cooperative_fund(Decimal("5000000"), on=cooperative_today()))
    base = live_server.url.replace("localhost", f"{coop_a.slug}.localhost")
    shots = Shots(Path(os.environ.get("SOKOGURU_SCREENSHOTS", settings.HOME / "screenshots")))
    nik = make_nik()

    def log_in(context, user):
        page = context.new_page()
        page.goto(f"{base}/masuk/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_selector("nav.main")
        return page

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            phone = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
            page = log_in(phone, bendahara)
            shots(page, "beranda", "390")

            # when: the treasurer registers a member and goes straight on to the counter
            page.click("text=Anggota baru")
            page.fill("#id_full_name", "Sri Wahyuni")
            page.fill("#id_nik", nik)
            page.fill("#id_phone", "081298765432")
            shots(page, "anggota-baru", "390")
            page.click("main button[type=submit]")
            page.wait_for_selector("#id_pokok")
            assert page.is_checked("#id_pokok")
            page.fill("#id_wajib_months", "1")
            page.fill("#id_sukarela_deposit", "50.000")
            shots(page, "kasir", "390")
            page.click("main button[type=submit]")

            # then: the confirm step shows each amount as Rp …, before anything is posted
            items = page.inner_text("[data-testid=confirm-items]")
            assert "Rp 100.000" in items and "Rp 20.000" in items and "Rp 50.000" in items
            assert "Rp 170.000" in items
            shots(page, "kasir-periksa", "390")
            member = ledger(coop_a, lambda: Member.objects.get(nik=nik))
            assert (
                ledger(coop_a, lambda: member_savings_balances(member_id=member.pk))["total"] == 0
            )
            page.click("button[value=post]")
            page.wait_for_selector("[data-testid=receipt]")
            balances = ledger(coop_a, lambda: member_savings_balances(member_id=member.pk))
            assert balances["pokok"] == Decimal("100000.00")
            assert balances["wajib"] == Decimal("20000.00")
            assert balances["sukarela"] == Decimal("50000.00")
            assert shown(page, "[data-testid=receipt] [data-figure=total]") == balances["total"]
            assert "wa.me/6281298765432?text=" in page.get_attribute(
                "[data-testid=whatsapp]", "href"
            )
            shots(page, "kuitansi", "390")
            receipt_url = page.url

            # when: a loan application, with the limit shown
            page.click("text=Ke halaman anggota")
            assert shown(page, "[data-figure=savings_total]") == balances["total"]
            shots(page, "anggota", "390")
            page.click("text=Ajukan pinjaman")
            assert "Rp 510.000" in page.inner_text("[data-testid=limits]")
            page.fill("#id_amount", "500.000")
            page.fill("#id_tenor", "5")
            page.fill("#id_purpose", "Modal warung sayur")
            shots(page, "pinjaman-ajukan", "390")
            page.click("main button[type=submit]")
            page.wait_for_selector("[data-testid=loan-status]")
            loan = ledger(coop_a, lambda: Loan.objects.get(member_id=member.pk))
            assert page.inner_text("[data-testid=loan-status]") == "Diajukan"
            assert page.locator("[data-testid=approve]").count() == 0  # not by the maker
            loan_url = page.url

            # when: the chair approves on her own phone
            chair = browser.new_context(viewport=PHONE, is_mobile=True)
            other = log_in(chair, ketua)
            other.goto(loan_url)
            other.click("[data-testid=approve]")
            other.wait_for_selector("[data-testid=loan-status]")
            assert other.inner_text("[data-testid=loan-status]") == "Disetujui, dana tersedia"
            shots(other, "pinjaman-disetujui", "390")
            chair.close()

            # when: the treasurer disburses from cash and records the first instalment
            page.goto(loan_url)
            page.click("[data-testid=disburse]")
            page.wait_for_selector("[data-testid=schedule]")
            page.fill("#id_amount", "110.000")
            page.click("[data-testid=repay]")
            page.wait_for_selector("[data-testid=schedule]")
            shots(page, "pinjaman-berjalan", "390")

            # then: the loan page, the passbook and the neraca show the ledger's figures
            receivable = ledger(
                coop_a,
                lambda: account_balance(account=chart.LOANS_RECEIVABLE, member_id=member.pk),
            )
            loan = ledger(coop_a, lambda: Loan.objects.get(pk=loan.pk))
            assert receivable == loan.outstanding_principal
            assert shown(page, "[data-figure=outstanding]") == receivable
            page.goto(f"{base}/anggota/{member.pk}/buku/sukarela/")
            sukarela = ledger(coop_a, lambda: member_savings_balances(member_id=member.pk))[
                "sukarela"
            ]
            assert shown(page, "[data-figure=closing_balance]") == sukarela
            shots(page, "buku-simpanan", "390")
            page.goto(f"{base}/laporan/neraca/")
            sheet = ledger(coop_a, lambda: balance_sheet(as_of=cooperative_today()))
            total_assets = page.locator("tr.strong", has_text="Jumlah aset").locator("td.num")
            assets = total_assets.first.get_attribute("data-value")
            assert Decimal(assets) == sheet["assets"]
            assert sheet["assets"] == sheet["liabilities_and_equity"]
            shots(page, "neraca", "390")
            # when: searching as you type (htmx swaps in the results only)
            page.goto(f"{base}/anggota/")
            page.fill("#q", "0812 9876")
            page.wait_for_selector("[data-testid=member-results] >> text=Sri Wahyuni")
            assert page.locator("[data-testid=member-results] li").count() == 1
            shots(page, "anggota-cari", "390")
            page.goto(f"{base}/")
            cash = ledger(coop_a, lambda: account_balance(account=chart.CASH))
            assert shown(page, "[data-figure=cash]") == cash
            visited = [
                f"{base}/",
                f"{base}/anggota/",
                f"{base}/anggota/{member.pk}/",
                f"{base}/kasir/{member.pk}/",
                receipt_url,
                loan_url,
                f"{base}/pinjaman/",
                f"{base}/anggota/{member.pk}/buku/sukarela/",
                f"{base}/laporan/neraca/",
                f"{base}/laporan/phu/",
                f"{base}/laporan/jurnal/",
                f"{base}/periode/",
            ]
            storage = phone.storage_state()
            phone.close()

            # then: the same pages on a laptop fit too
            laptop = browser.new_context(viewport=LAPTOP, storage_state=storage)
            wide = laptop.new_page()
            for url in visited:
                wide.goto(url)
                name = re.sub(r"[^a-z0-9]+", "-", url.split(":", 2)[-1].split("/", 1)[-1])
                shots(wide, name.strip("-") or "beranda", "1366")
            laptop.close()

            # then: the chair's consent page on the platform host fits her phone too
            platform = browser.new_context(viewport=PHONE, is_mobile=True)
            consent = platform.new_page()
            consent.goto(f"{live_server.url}/login/")
            consent.fill("#id_username", ketua.email)
            consent.fill("#id_password", PASSWORD)
            consent.click("main button[type=submit]")
            consent.wait_for_load_state("load")
            consent.goto(f"{live_server.url}/persetujuan/{coop_a.slug}/")
            consent.wait_for_selector("[data-testid=levels]")
            shots(consent, "persetujuan", "390")
            platform.close()
        finally:
            browser.close()
    print("screenshots:", *shots.taken, sep="\n  ")
    assert all(path.stat().st_size > 5_000 for path in shots.taken)
