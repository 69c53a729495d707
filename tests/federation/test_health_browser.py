"""The dashboard's health page in headless Chromium on a phone (390 px): the official follows
the link from the body's page, reads the band distribution and the ranking (figures equal the
federation API's), sorts by a column, and opens a cooperative's health trend chart."""

from __future__ import annotations

import shutil
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.federation.test_health import aspects
from tests.fixtures.graphql import PASSWORD, to_global_id

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
HJ = to_global_id("FederationBody", "body:kel-harapan-jaya")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_official_reads_health_on_a_phone(live_server, lurah, coop_a, put_snapshot, graphql_client):
    from playwright.sync_api import sync_playwright

    today = timezone.localdate()
    month = today.replace(day=1) - timedelta(days=1)
    before = month.replace(day=1) - timedelta(days=1)
    put_snapshot(
        coop_a,
        before,
        health_month=before,
        health_score=Decimal("78.00"),
        health_band="cukup_sehat",
        health_aspects=aspects(permodalan=12),
    )
    put_snapshot(
        coop_a,
        today,
        health_month=month,
        health_score=Decimal("84.25"),
        health_band="sehat",
        health_band_previous="cukup_sehat",
        health_aspects=aspects(permodalan=15),
    )
    api = graphql_client(lurah).execute(
        """query($body: ID!) { federationHealthDistribution(body: $body) { averageScore }
             federationHealthRanking(body: $body) { edges { node { health { score } } } } }""",
        {"body": HJ},
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_context(
                viewport={"width": 390, "height": 844}, is_mobile=True
            ).new_page()
            page.goto(f"{live_server.url}/")
            page.fill("#id_username", lurah.email)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_selector("[data-testid=body-name]")
            page.click("[data-testid=health-link]")
            page.wait_for_selector("[data-testid=health-ranking]")
            average = page.inner_text("[data-figure=average_score]")
            assert (
                average.replace(",", ".") == api["federationHealthDistribution"][0]["averageScore"]
            )
            score = page.inner_text("[data-testid=health-ranking] [data-score]")
            node = api["federationHealthRanking"]["edges"][0]["node"]
            assert score.replace(",", ".") == node["health"]["score"] == "84.25"
            assert page.locator("svg.chart").count() == 1
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            assert scroll <= inner, f"page {scroll} px wide on a {inner} px screen"
            page.click("a[data-sort=permodalan]")
            page.wait_for_url("**urut=permodalan**")
            page.click("[data-testid=health-ranking] td a")
            page.wait_for_selector("[data-testid=health]")
            health = page.inner_text("[data-testid=health]")
            assert "84" in health and ("Sehat" in health or "Sound" in health)
            points = page.locator("svg.chart").first.locator("polyline").count()
            assert points == 8  # the total score and seven aspects
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            assert scroll <= inner
        finally:
            browser.close()
