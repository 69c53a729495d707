"""The RAT season on the kelurahan dashboard: the badge of each cooperative, the detail card,
the season counts and the filter all say the same thing (server-rendered pages, then one check
in headless Chromium)."""

from __future__ import annotations

import re
import shutil
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sokoguru.federation.snapshots import alerts as rules
from sokoguru.platform.tenancy.models import Cooperative
from tests.fixtures.graphql import PASSWORD, login

HOST = {"HTTP_HOST": "localhost"}
URL = "/dasbor/badan/kel-harapan-jaya/"


def _cases(today):
    """Snapshot figures giving every state reachable on ``today``."""
    year = rules.rat_fiscal_year_due(today)
    held = today - timedelta(days=10)
    return {
        "reported": {
            "last_rat_date": held,
            "rat_fiscal_year": year,
            "rat_report_submitted_on": held,
        },
        "unreported": {"last_rat_date": held, "rat_fiscal_year": year},
        "overdue": {"last_rat_date": None, "rat_deadline_months": 1},
        "late_year": {"last_rat_date": None, "rat_deadline_months": 12},
        "default": {"last_rat_date": None},
    }


@pytest.fixture
def season(coop_a, put_snapshot):
    today = timezone.localdate()
    rows = {}
    for n, (name, case) in enumerate(_cases(today).items()):
        [coop] = Cooperative.objects.bulk_create(
            [
                Cooperative(
                    name=f"Koperasi RW {n + 10} {name}",
                    slug=f"rw-{name.replace('_', '-')}",
                    kind="primary_rw",
                    domicile_id=coop_a.domicile_id,
                    schema_name=f"rw_{name}",
                )
            ]
        )
        rows[coop.slug] = put_snapshot(coop, today, **case)
    put_snapshot(coop_a, today)
    return today, rows


def _row_states(html: str) -> dict[str, str]:
    return dict(re.findall(r'<tr data-slug="([^"]+)" data-rat-state="([^"]+)">', html))


def test_badge_card_season_and_filter_agree(lurah, season):
    # given
    today, rows = season
    client = Client()
    login(client, lurah)
    # when
    html = client.get(URL, **HOST).content.decode()
    # then each row's state is the rule's, and its badge shows that state's label
    states = _row_states(html)
    expected = {slug: rules.rat_state_of(s, today).state for slug, s in rows.items()}
    for slug, state in expected.items():
        assert states[slug] == state
    assert states["rw-overdue"] == "overdue" and states["rw-reported"] == "reported"
    overdue_row = html.split('data-slug="rw-overdue"')[1].split("</tr>")[0]
    assert 'data-rat-state="overdue"' in overdue_row and "Lewat batas RAT</span>" in overdue_row
    # the season counts and the filter give the same cooperatives for every state
    for state in rules.RAT_STATUS_LABELS:
        count = int(re.search(rf'data-rat-state="{state}" data-value="(\d+)"', html).group(1))
        filtered = _row_states(client.get(URL, {"rat": state}, **HOST).content.decode())
        assert set(filtered.values()) <= {state}
        assert len(filtered) == count == sum(1 for v in states.values() if v == state)
    # and the detail card
    card = client.get(f"{URL}koperasi/rw-overdue/", **HOST).content.decode()
    assert 'data-rat-state="overdue"' in card and "Lewat batas RAT" in card


@pytest.mark.browser
@pytest.mark.skipif(
    not (shutil.which("chromium") or shutil.which("/usr/bin/chromium")), reason="no chromium"
)
@pytest.mark.django_db(transaction=True)
def test_badge_and_filter_agree_in_the_browser(live_server, lurah, season):
    from playwright.sync_api import sync_playwright

    from tests.federation.test_dashboard_browser import ARGS, CHROMIUM

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1600}, locale="id-ID")
            page.goto(f"{live_server.url}/")
            page.fill("#id_username", lurah.email)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_selector("[data-testid=rat-season]")
            badge = page.inner_text('tr[data-slug="rw-overdue"] [data-alert=rat]')
            page.click('[data-testid=rat-season] a[data-rat-state="overdue"]')
            page.wait_for_selector("[data-testid=cooperatives-table]")
            listed = page.locator("[data-testid=cooperatives-table] tbody tr[data-slug]")
            slugs = [listed.nth(i).get_attribute("data-slug") for i in range(listed.count())]
            badges = page.locator("[data-testid=cooperatives-table] [data-alert=rat]")
            labels = {badges.nth(i).inner_text() for i in range(badges.count())}
        finally:
            browser.close()
    # then the filter lists the overdue cooperatives, each with the overdue badge
    assert badge == "Lewat batas RAT"
    assert "rw-overdue" in slugs and "rw-reported" not in slugs
    assert labels == {"Lewat batas RAT"}


def test_api_reads_the_same_rat_state_and_season(graphql_client, lurah, season):
    # given
    from tests.fixtures.graphql import to_global_id

    today, rows = season
    body = to_global_id("FederationBody", "body:kel-harapan-jaya")
    api = graphql_client(lurah)
    # when
    data = api.execute(
        """query($body: ID!) {
          supervisedCooperatives(body: $body, first: 50) { edges { node { slug ratStatus
            rat { state label fiscalYear deadline heldOn reportDue reportSubmittedOn }
            snapshot { lastRatDate ratFiscalYear ratReportSubmittedOn } } } }
          federationAggregate(body: $body) { ratDistribution { status count } }
          overdue: supervisedCooperatives(body: $body, ratStatus: OVERDUE) {
            edges { node { slug } } }
        }""",
        {"body": body},
    )
    # then
    nodes = {e["node"]["slug"]: e["node"] for e in data["supervisedCooperatives"]["edges"]}
    for slug, snap in rows.items():
        rule = rules.rat_state_of(snap, today)
        assert nodes[slug]["ratStatus"] == rule.state.upper()
        assert nodes[slug]["rat"]["state"] == rule.state.upper()
        assert nodes[slug]["rat"]["label"] == str(rule.label)
        assert nodes[slug]["rat"]["deadline"] == rule.deadline.isoformat()
    assert nodes["rw-reported"]["snapshot"]["ratFiscalYear"] == today.year - 1
    counts = {d["status"]: d["count"] for d in data["federationAggregate"]["ratDistribution"]}
    by_state = {}
    for node in nodes.values():
        by_state[node["ratStatus"]] = by_state.get(node["ratStatus"], 0) + 1
    assert {k: v for k, v in counts.items() if v} == by_state
    overdue = {e["node"]["slug"] for e in data["overdue"]["edges"]}
    assert overdue == {s for s, n in nodes.items() if n["ratStatus"] == "OVERDUE"}
