"""Health in federation: snapshot fields copied from the cooperative's assessment, band
distribution, the sortable ranking, a cooperative's trend, the band-drop and PEARLS alerts, and
the scope (a body sees only the cooperatives it covers)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from sokoguru.federation.snapshots import alerts as rules
from sokoguru.federation.snapshots.services import snapshot_refresh
from sokoguru.platform.accounts.permissions import SYSTEM
from tests.federation.test_federation_api import HJ, SUMUT, synthetic
from tests.fixtures.graphql import to_global_id

D = Decimal


def aspects(**scores):
    base = dict.fromkeys(
        (
            "permodalan",
            "kualitas_aktiva_produktif",
            "manajemen",
            "efisiensi",
            "likuiditas",
            "kemandirian_pertumbuhan",
            "jatidiri",
        ),
        "5.00",
    )
    base.update({k: f"{v:.2f}" for k, v in scores.items()})
    return base


PEARLS_OK = {
    "P1": {"ratio": "120.00", "met": True, "goal": "100%"},
    "A1": {"ratio": "3.00", "met": True, "goal": "≤ 5%"},
}
PEARLS_BAD = {
    "P1": {"ratio": "40.00", "met": False, "goal": "100%"},
    "A1": {"ratio": "12.50", "met": False, "goal": "≤ 5%"},
    "E1": {"ratio": "40.00", "met": False, "goal": "70–80%"},  # not an alerted ratio
}


@pytest.fixture
def health_rows(coop_a, coop_b, put_snapshot, kelurahan_hj, dinas_sumut):
    today = timezone.localdate()
    month = today.replace(day=1) - timedelta(days=1)
    extra = synthetic(3, prefix="hl")
    rows = [
        (coop_a, "85.00", "sehat", "sehat", aspects(permodalan=15), PEARLS_OK, "0.0200"),
        (extra[0], "70.50", "cukup_sehat", "sehat", aspects(permodalan=9), PEARLS_BAD, "0.0800"),
        (
            extra[1],
            "45.25",
            "dalam_pengawasan_khusus",
            "dalam_pengawasan",
            aspects(permodalan=3),
            PEARLS_OK,
            "0.2000",
        ),
        (extra[2], None, "", "", {}, {}, "0.0000"),
    ]
    for coop, score, band, previous, asp, pearls, npl in rows:
        put_snapshot(
            coop,
            today,
            health_month=month,
            health_scheme="kemenkop-06-2016@2016.1" if score else "",
            health_score=D(score) if score else None,
            health_band=band,
            health_band_previous=previous,
            health_aspects=asp,
            health_pearls=pearls,
            npl_ratio=D(npl),
            loans_outstanding=D("1000000.00"),
        )
    put_snapshot(
        coop_b,
        today,
        health_score=D("90.00"),
        health_band="sehat",
        health_month=month,
        health_aspects=aspects(),
    )
    return {"today": today, "month": month, "extra": extra}


def test_band_distribution_of_the_body_and_its_regions(graphql_client, lurah, health_rows):
    data = graphql_client(lurah).execute(
        """query($body: ID!) { federationHealthDistribution(body: $body) {
             key label cooperativeCount averageScore bands { band label count } } }""",
        {"body": HJ},
    )
    rows = data["federationHealthDistribution"]
    total = rows[0]
    assert total["key"] == "body:kel-harapan-jaya"
    assert total["cooperativeCount"] == 4
    assert total["averageScore"] == "66.92"  # (85 + 70,5 + 45,25) / 3
    assert {b["band"]: b["count"] for b in total["bands"]} == {
        "SEHAT": 1,
        "CUKUP_SEHAT": 1,
        "DALAM_PENGAWASAN": 0,
        "DALAM_PENGAWASAN_KHUSUS": 1,
        "NONE": 1,
    }
    assert {b["band"]: b["label"] for b in total["bands"]}["NONE"] == "Belum dinilai"
    assert [r["cooperativeCount"] for r in rows[1:]] == [4]


RANKING = """query($body: ID!, $order: HealthRankingOrder, $asc: Boolean) {
  federationHealthRanking(body: $body, orderBy: $order, ascending: $asc, first: 10) {
    totalCount edges { node { rank nplRatio cooperative { slug }
      health { score band bandLabel aspects { aspect score } } } } } }"""


def _slugs(data):
    return [e["node"]["cooperative"]["slug"] for e in data["federationHealthRanking"]["edges"]]


def test_ranking_sorts_by_each_column(graphql_client, lurah, health_rows):
    client = graphql_client(lurah)
    data = client.execute(RANKING, {"body": HJ, "order": "SCORE"})
    assert data["federationHealthRanking"]["totalCount"] == 4
    assert _slugs(data) == ["coop-a", "hl-000", "hl-001", "hl-002"]
    first = data["federationHealthRanking"]["edges"][0]["node"]
    assert first["rank"] == 1
    assert first["health"]["score"] == "85.00"
    assert first["health"]["bandLabel"] == "Sehat"
    assert first["health"]["aspects"][0] == {"aspect": "permodalan", "score": "15.00"}
    data = client.execute(RANKING, {"body": HJ, "order": "SCORE", "asc": True})
    assert _slugs(data) == ["hl-001", "hl-000", "coop-a", "hl-002"]  # not assessed last
    data = client.execute(RANKING, {"body": HJ, "order": "NPL_RATIO"})
    assert _slugs(data)[:3] == ["hl-001", "hl-000", "coop-a"]
    data = client.execute(RANKING, {"body": HJ, "order": "PERMODALAN", "asc": True})
    assert _slugs(data) == ["hl-001", "hl-000", "coop-a", "hl-002"]
    data = client.execute(RANKING, {"body": HJ, "order": "BAND"})
    assert _slugs(data) == ["coop-a", "hl-000", "hl-001", "hl-002"]


def test_scope_other_bodies_cooperatives_never_appear(graphql_client, dinas_official, health_rows):
    data = graphql_client(dinas_official).execute(RANKING, {"body": SUMUT, "order": "SCORE"})
    assert _slugs(data) == ["coop-b"]


def test_cooperative_health_trend(graphql_client, lurah, health_rows, coop_a, put_snapshot):
    month = health_rows["month"]
    before = month.replace(day=1) - timedelta(days=1)
    put_snapshot(
        coop_a,
        before,
        health_month=before,
        health_score=D("78.00"),
        health_band="cukup_sehat",
        health_aspects=aspects(permodalan=12),
    )
    data = graphql_client(lurah).execute(
        """query($body: ID!, $coop: ID!) { cooperativeHealthTrend(body: $body, cooperative: $coop) {
             month score band aspects { aspect score } } }""",
        {"body": HJ, "coop": to_global_id("SupervisedCooperative", coop_a.pk)},
    )
    trend = data["cooperativeHealthTrend"]
    assert [(p["month"], p["score"], p["band"]) for p in trend] == [
        (before.isoformat(), "78.00", "CUKUP_SEHAT"),
        (month.isoformat(), "85.00", "SEHAT"),
    ]
    assert trend[0]["aspects"][0] == {"aspect": "permodalan", "score": "12.00"}


def test_alerts_for_a_band_drop_and_pearls_off_goal(health_rows):
    from sokoguru.federation.snapshots.models import CooperativeSnapshot

    today = health_rows["today"]
    by_slug = {
        s.cooperative.slug: s
        for s in CooperativeSnapshot.objects.filter(is_latest=True).select_related("cooperative")
    }
    kinds = {
        slug: {(a.kind, a.severity) for a in rules.alerts_for(s, today=today)}
        for slug, s in by_slug.items()
    }
    assert ("health_band_drop", "warning") in kinds["hl-000"]  # sehat → cukup sehat
    assert ("health_band_drop", "critical") in kinds["hl-001"]  # → dalam pengawasan khusus
    assert not any(k == "health_band_drop" for k, _ in kinds["coop-a"])  # unchanged
    assert ("pearls_off_goal", "info") in kinds["hl-000"]
    assert not any(k == "pearls_off_goal" for k, _ in kinds["coop-a"])
    pearls = next(
        a for a in rules.alerts_for(by_slug["hl-000"], today=today) if a.kind == "pearls_off_goal"
    )
    assert pearls.message == (
        "PEARLS di luar sasaran: P1 40,00% (sasaran 100%); A1 12,50% (sasaran ≤ 5%)"
    )
    drop = next(
        a for a in rules.alerts_for(by_slug["hl-000"], today=today) if a.kind == "health_band_drop"
    )
    assert drop.message == "Predikat kesehatan turun dari Sehat menjadi Cukup Sehat (skor 70,50)"


def test_snapshot_refresh_copies_the_cooperatives_assessment(coop_a):
    from sokoguru.tenants.health.services import health_compute

    connection.set_tenant(coop_a)
    try:
        health_compute(month=date(2026, 2, 1), actor=SYSTEM)
        march = health_compute(month=date(2026, 3, 1), actor=SYSTEM)
    finally:
        connection.set_schema_to_public()
    snapshot = snapshot_refresh(cooperative=coop_a, as_of=date(2026, 3, 31))
    assert snapshot.health_month == date(2026, 3, 31)
    assert snapshot.health_score == march.total_score
    assert snapshot.health_band == march.band
    assert snapshot.health_band_previous == march.band  # February, the same empty books
    assert snapshot.health_scheme == "kemenkop-06-2016@2016.1"
    assert snapshot.health_aspects == march.aspect_scores
    assert set(snapshot.health_pearls) == {
        "P1",
        "P2",
        "E1",
        "E5",
        "E6",
        "E7",
        "E9",
        "A1",
        "A2",
        "R9",
        "R12",
        "L1",
        "L2",
        "S10",
        "S11",
    }
    assert snapshot.health_pearls["A1"] == {"ratio": None, "met": None, "goal": "≤ 5%"}


def _dashboard(user):
    from django.test import Client

    from tests.fixtures.graphql import login

    client = Client()
    login(client, user, None)
    return client


def test_dashboard_health_page_distribution_and_sortable_ranking(lurah, health_rows):
    client = _dashboard(lurah)
    page = client.get("/dasbor/badan/kel-harapan-jaya/kesehatan/", HTTP_HOST="localhost")
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        'data-figure="average_score">66,92<' in html or 'data-figure="average_score">66.92<' in html
    )
    order = [line.split('"')[1] for line in html.split("data-cooperative=")[1:]]
    assert order == ["coop-a", "hl-000", "hl-001", "hl-002"]
    assert 'href="?urut=score&amp;arah=naik"' in html  # the sorted column flips direction
    page = client.get(
        "/dasbor/badan/kel-harapan-jaya/kesehatan/",
        {"urut": "permodalan", "arah": "naik"},
        HTTP_HOST="localhost",
    )
    html = page.content.decode()
    order = [line.split('"')[1] for line in html.split("data-cooperative=")[1:]]
    assert order == ["hl-001", "hl-000", "coop-a", "hl-002"]
    body = client.get("/dasbor/badan/kel-harapan-jaya/", HTTP_HOST="localhost").content.decode()
    assert 'data-testid="health-link"' in body
    detail = client.get(
        "/dasbor/badan/kel-harapan-jaya/koperasi/coop-a/", HTTP_HOST="localhost"
    ).content.decode()
    assert 'data-testid="health"' in detail and "Sehat" in detail
    assert "Skor kesehatan dan aspeknya" in detail


def test_dashboard_health_page_of_another_body_is_not_found(dinas_official, health_rows):
    client = _dashboard(dinas_official)
    page = client.get("/dasbor/badan/kel-harapan-jaya/kesehatan/", HTTP_HOST="localhost")
    assert page.status_code == 404
