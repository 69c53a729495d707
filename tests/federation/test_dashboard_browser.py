"""The kelurahan dashboard in headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright) as a logged-in official: the figures shown are the federation API's."""

from __future__ import annotations

import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from sokoguru.federation.snapshots.services import month_ends_before
from tests.fixtures.graphql import PASSWORD, to_global_id

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HJ = to_global_id("FederationBody", "body:kel-harapan-jaya")


def rupiah(value: str) -> str:
    return "Rp " + f"{int(Decimal(value)):,}".replace(",", ".")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_official_sees_the_api_figures_in_the_browser(
    live_server, lurah, coop_a, put_snapshot, graphql_client
):
    # given: a year of month ends and today's snapshot, committed for the live server
    from playwright.sync_api import sync_playwright

    today = timezone.localdate()
    for i, day in enumerate(month_ends_before(today, count=6)):
        put_snapshot(
            coop_a,
            day,
            members_active=20 + i,
            savings_wajib=Decimal("1000000.00") * (i + 1),
            loans_outstanding=Decimal("5000000.00"),
            loans_lancar_outstanding=Decimal("5000000.00"),
        )
    put_snapshot(
        coop_a,
        today,
        members_active=27,
        savings_pokok=Decimal("2700000.00"),
        savings_wajib=Decimal("8100000.00"),
        savings_sukarela=Decimal("4350000.00"),
        loans_count=6,
        loans_outstanding=Decimal("9000000.00"),
        loans_lancar_outstanding=Decimal("8100000.00"),
        loans_macet_outstanding=Decimal("900000.00"),
        npl_ratio=Decimal("0.1000"),
        total_assets=Decimal("21000000.00"),
    )
    api = graphql_client(lurah).execute(
        """query($body: ID!) { federationAggregate(body: $body) { cooperativeCount
             membersActive savings { total } loans { outstanding nplRatio } totalAssets } }""",
        {"body": HJ},
    )["federationAggregate"]
    shot = Path(os.environ.get("SOKOGURU_SCREENSHOTS", settings.HOME / "screenshots"))
    shot.mkdir(parents=True, exist_ok=True)
    shot = shot / "dashboard-kelurahan-harapan-jaya.png"

    # when: the official logs in through the login page
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1600})
            page.goto(f"{live_server.url}/")
            page.fill("#id_username", lurah.email)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_selector("[data-testid=body-name]")
            shown = {
                name: (
                    page.get_attribute(f"[data-figure={name}]", "data-value"),
                    page.inner_text(f"[data-figure={name}]"),
                )
                for name in (
                    "cooperative_count",
                    "members_active",
                    "savings_total",
                    "loans_outstanding",
                    "npl_ratio",
                    "total_assets",
                )
            }
            url = page.url
            charts = page.locator("svg.chart").count()
            rows = page.locator("[data-testid=cooperatives-table] tbody tr").count()
            page.screenshot(path=str(shot), full_page=True)
            # on a phone: nothing wider than the screen, chart labels readable
            phone = browser.new_context(
                viewport={"width": 390, "height": 844}, storage_state=page.context.storage_state()
            ).new_page()
            phone.goto(url)
            phone_width = phone.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            label_px = phone.evaluate(
                "document.querySelector('svg.chart text.axis').getBoundingClientRect().height"
            )
            phone.screenshot(path=str(shot.with_name("dashboard-390.png")), full_page=True)
        finally:
            browser.close()
    print(f"screenshot: {shot}")

    # then
    assert url == f"{live_server.url}/dasbor/badan/kel-harapan-jaya/"
    assert shown["cooperative_count"] == (str(api["cooperativeCount"]), "1")
    assert shown["members_active"] == (str(api["membersActive"]), "27")
    assert shown["savings_total"] == (api["savings"]["total"], rupiah(api["savings"]["total"]))
    assert shown["savings_total"][1] == "Rp 15.150.000"
    assert shown["loans_outstanding"] == (
        api["loans"]["outstanding"],
        rupiah(api["loans"]["outstanding"]),
    )
    assert shown["npl_ratio"] == (api["loans"]["nplRatio"], "10,00%")
    assert shown["total_assets"] == (api["totalAssets"], rupiah(api["totalAssets"]))
    assert charts == 4
    assert rows == 1
    assert shot.stat().st_size > 10_000
    assert phone_width[0] <= phone_width[1], f"dashboard {phone_width[0]} px on a 390 px phone"
    assert label_px >= 10, f"chart labels {label_px:.1f} px high on a phone"
