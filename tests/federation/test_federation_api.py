from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sokoguru.federation.consent.models import SharedMember
from sokoguru.federation.consent.services import consent_set, shared_member_replace
from sokoguru.platform.tenancy.models import Cooperative
from tests.fixtures.graphql import to_global_id

HJ = to_global_id("FederationBody", "body:kel-harapan-jaya")
SUMUT = to_global_id("FederationBody", "body:dinas-sumut")


def synthetic(n: int, *, region="32.75.03.1001", kind="primary_rw", prefix="syn") -> list:
    """Registry rows without schemas (federation reads snapshots only)."""
    return Cooperative.objects.bulk_create(
        [
            Cooperative(
                name=f"Koperasi Sintetis {prefix} {i:03d}",
                slug=f"{prefix}-{i:03d}",
                kind=kind,
                domicile_id=region,
                schema_name=f"k_{prefix}_{i:03d}",
            )
            for i in range(n)
        ]
    )


@pytest.fixture
def seeded(coop_a, coop_b, put_snapshot, kelurahan_hj, dinas_sumut):
    today = timezone.localdate()
    put_snapshot(
        coop_a,
        today,
        members_active=30,
        members_flagged=4,
        savings_pokok=Decimal("3000000.00"),
        savings_wajib=Decimal("6500000.00"),
        savings_sukarela=Decimal("12000000.00"),
        loans_count=10,
        loans_outstanding=Decimal("20000000.00"),
        loans_lancar_count=8,
        loans_lancar_outstanding=Decimal("18000000.00"),
        loans_macet_count=2,
        loans_macet_outstanding=Decimal("2000000.00"),
        npl_ratio=Decimal("0.1000"),
        total_assets=Decimal("25000000.00"),
        cash_and_bank=Decimal("1000000.00"),
        liquidity_reserve=Decimal("2000000.00"),
    )
    put_snapshot(
        coop_b,
        today,
        members_active=120,
        savings_pokok=Decimal("12000000.00"),
        savings_wajib=Decimal("60000000.00"),
        total_assets=Decimal("90000000.00"),
    )
    return {"today": today}


def test_bodies_of_an_official(graphql_client, lurah):
    # when
    data = graphql_client(lurah).execute(
        "{ federationBodies { id key kind name regionCode regionName role } }"
    )
    # then
    assert data["federationBodies"] == [
        {
            "id": HJ,
            "key": "body:kel-harapan-jaya",
            "kind": "KELURAHAN",
            "name": "Kelurahan Harapan Jaya",
            "regionCode": "32.75.03.1001",
            "regionName": "HARAPAN JAYA",
            "role": "official",
        }
    ]


def test_cooperatives_in_scope_with_snapshot_and_alerts(graphql_client, lurah, seeded, coop_a):
    # when
    data = graphql_client(lurah).execute(
        """query($body: ID!) { supervisedCooperatives(body: $body) { totalCount edges { node {
            slug regionName nplBand ratStatus consentLevel sharedMembers { totalCount }
            snapshot { membersActive savings { pokok wajib sukarela total }
              loans { count outstanding nplRatio buckets { bucket count outstanding } } }
            alerts { kind severity } } } } }""",
        {"body": HJ},
    )
    # then
    conn = data["supervisedCooperatives"]
    assert conn["totalCount"] == 1
    node = conn["edges"][0]["node"]
    assert node["slug"] == "coop-a"
    assert node["regionName"] == "HARAPAN JAYA"
    assert node["nplBand"] == "WATCH"
    assert node["consentLevel"] == "AGGREGATE"
    assert node["sharedMembers"] is None
    assert node["snapshot"]["membersActive"] == 30
    assert node["snapshot"]["savings"] == {
        "pokok": "3000000.00",
        "wajib": "6500000.00",
        "sukarela": "12000000.00",
        "total": "21500000.00",
    }
    assert node["snapshot"]["loans"]["nplRatio"] == "0.1000"
    assert node["snapshot"]["loans"]["buckets"][4] == {
        "bucket": "MACET",
        "count": 2,
        "outstanding": "2000000.00",
    }
    assert {(a["kind"], a["severity"]) for a in node["alerts"]} >= {
        ("NPL", "WARNING"),
        ("LIQUIDITY", "CRITICAL"),
    }


def test_aggregate_sums_and_weighted_npl(graphql_client, dinas_official, seeded, coop_b):
    # given: a second Medan cooperative
    from tests.federation.conftest import figures  # noqa: F401

    extra = synthetic(1, region="12.71.14.1002", kind="primary_opd", prefix="mdn")[0]
    from sokoguru.federation.snapshots.services import snapshot_write

    snapshot_write(
        cooperative=extra,
        as_of=seeded["today"],
        figures={
            **figures(
                members_active=10,
                loans_outstanding=Decimal("1000000.00"),
                loans_lancar_outstanding=Decimal("900000.00"),
                loans_diragukan_outstanding=Decimal("100000.00"),
                npl_ratio=Decimal("0.1000"),
            )
        },
        computed_at=timezone.now(),
    )
    # when
    data = graphql_client(dinas_official).execute(
        """query($body: ID!) {
          federationAggregate(body: $body) { cooperativeCount membersActive
            savings { total } loans { outstanding nplRatio } totalAssets
            nplDistribution { band count } kindDistribution { kind count } }
          federationRegionAggregates(body: $body) { key label cooperativeCount membersActive }
        }""",
        {"body": SUMUT},
    )
    # then
    agg = data["federationAggregate"]
    assert agg["cooperativeCount"] == 2
    assert agg["membersActive"] == 130
    assert agg["savings"]["total"] == "72000000.00"
    assert agg["loans"] == {"outstanding": "1000000.00", "nplRatio": "0.1000"}
    assert agg["totalAssets"] == "90000000.00"
    assert {d["band"]: d["count"] for d in agg["nplDistribution"]} == {
        "NONE": 1,
        "HEALTHY": 0,
        "WATCH": 1,
        "PROBLEM": 0,
    }
    assert agg["kindDistribution"] == [{"kind": "PRIMARY_OPD", "count": 2}]
    assert data["federationRegionAggregates"] == [
        {"key": "12.71", "label": "KOTA MEDAN", "cooperativeCount": 2, "membersActive": 130}
    ]


def test_filters_and_search(graphql_client, lurah, seeded):
    # given
    synthetic(3)
    from sokoguru.federation.snapshots.services import snapshot_write
    from tests.federation.conftest import figures

    for i, coop in enumerate(Cooperative.objects.filter(slug__startswith="syn-").order_by("slug")):
        snapshot_write(
            cooperative=coop,
            as_of=seeded["today"] - timedelta(days=5 * i),
            figures=figures(members_active=i),
            computed_at=timezone.now(),
        )
    query = """query($body: ID!, $band: NplBand, $search: String, $region: String) {
      supervisedCooperatives(body: $body, nplBand: $band, search: $search, regionCode: $region)
      { totalCount edges { node { slug } } } }"""
    client = graphql_client(lurah)

    # when / then
    def slugs(**v):
        data = client.execute(query, {"body": HJ, **v})["supervisedCooperatives"]
        return [e["node"]["slug"] for e in data["edges"]]

    assert slugs(band="WATCH") == ["coop-a"]
    assert slugs(band="NONE") == ["syn-000", "syn-001", "syn-002"]
    assert slugs(search="Sintetis syn 001") == ["syn-001"]
    assert slugs(region="12") == []  # outside the body's region: nothing, not an error
    alerts = client.execute(
        """query($body: ID!) { federationAlerts(body: $body, kind: STALE) { totalCount
           edges { node { cooperative { slug } severity message } } } }""",
        {"body": HJ},
    )["federationAlerts"]
    assert [e["node"]["cooperative"]["slug"] for e in alerts["edges"]] == ["syn-001", "syn-002"]


def test_rankings_and_trend(graphql_client, lurah, seeded, coop_a, put_snapshot):
    # given: month-end history
    today = seeded["today"]
    first = today.replace(day=1)
    prev_end = first - timedelta(days=1)
    put_snapshot(coop_a, prev_end, savings_pokok=Decimal("1000000.00"))
    # when
    data = graphql_client(lurah).execute(
        """query($body: ID!) {
          federationRankings(body: $body, metric: SAVINGS_TOTAL) { rank value cooperative { slug } }
          federationTrend(body: $body, months: 6) { date savingsTotal cooperativeCount }
        }""",
        {"body": HJ},
    )
    # then
    assert data["federationRankings"] == [
        {"rank": 1, "value": "21500000.00", "cooperative": {"slug": "coop-a"}}
    ]
    assert data["federationTrend"] == [
        {"date": prev_end.isoformat(), "savingsTotal": "1000000.00", "cooperativeCount": 1},
        {"date": today.isoformat(), "savingsTotal": "21500000.00", "cooperativeCount": 1},
    ]


def test_member_level_data_only_with_consent(
    graphql_client, make_user, lurah, seeded, coop_a, kelurahan_hj
):
    # given
    ketua = make_user(roles={coop_a: "ketua"})
    consent_set(cooperative=coop_a, level="member_level", user=ketua, body=kelurahan_hj)
    shared_member_replace(
        cooperative_id=coop_a.pk,
        rows=[
            {
                "member_id": 1,
                "number": "RW01-0001",
                "full_name": "Siti Aminah",
                "status": "active",
                "joined_on": date(2024, 1, 2),
                "savings_total": Decimal("1250000.00"),
                "loans_outstanding": Decimal("0.00"),
            }
        ],
        refreshed_at=timezone.now(),
    )
    query = """query($body: ID!) { supervisedCooperative(body: $body, slug: "coop-a") {
        consentLevel sharedMembers { totalCount edges { node { number fullName savingsTotal } } }
    } }"""
    # when
    data = graphql_client(lurah).execute(query, {"body": HJ})
    # then
    assert data["supervisedCooperative"]["consentLevel"] == "MEMBER_LEVEL"
    assert data["supervisedCooperative"]["sharedMembers"]["edges"] == [
        {"node": {"number": "RW01-0001", "fullName": "Siti Aminah", "savingsTotal": "1250000.00"}}
    ]
    # and when the ketua revokes, the rows leave the public schema at once
    consent_set(cooperative=coop_a, level="aggregate", user=ketua, body=kelurahan_hj)
    data = graphql_client(lurah).execute(query, {"body": HJ})
    assert data["supervisedCooperative"]["sharedMembers"] is None
    assert SharedMember.objects.filter(cooperative=coop_a).count() == 0


def test_page_size_is_capped(graphql_client, lurah, seeded):
    # when
    body = graphql_client(lurah).post(
        """query($body: ID!) { supervisedCooperatives(body: $body, first: 101)
           { edges { node { slug } } } }""",
        {"body": HJ},
    )
    # then
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "invalid", "field": "first"}


@pytest.mark.parametrize("page_size", [1, 5, 20])
def test_fixed_query_count_per_page(
    graphql_client, lurah, seeded, page_size, django_assert_num_queries
):
    # given
    from sokoguru.federation.snapshots.services import snapshot_write
    from tests.federation.conftest import figures

    for coop in synthetic(25):
        snapshot_write(
            cooperative=coop, as_of=seeded["today"], figures=figures(), computed_at=timezone.now()
        )
    client = graphql_client(lurah)
    query = """query($body: ID!, $first: Int) { supervisedCooperatives(body: $body, first: $first)
      { totalCount edges { node { id name slug kind regionName nplBand ratStatus consentLevel
        snapshot { date membersActive savings { total } loans { nplRatio } }
        alerts { kind severity } } } } }"""
    # when / then: host (2), session, user, body roles, sekunder roles, count, page, consent
    with django_assert_num_queries(10):
        data = client.execute(query, {"body": HJ, "first": page_size})
    assert len(data["supervisedCooperatives"]["edges"]) == page_size


def test_federation_requests_never_touch_a_tenant_schema(graphql_client, lurah, seeded):
    # given
    client = graphql_client(lurah)
    # when
    with CaptureQueriesContext(connection) as ctx:
        client.execute(
            """query($body: ID!) {
              supervisedCooperatives(body: $body) { edges { node { slug snapshot { date }
                 timeSeries { date } alerts { kind } } } }
              federationAggregate(body: $body) { cooperativeCount }
              federationRegionAggregates(body: $body) { key }
              federationTrend(body: $body) { date }
              federationRankings(body: $body, metric: NPL_RATIO) { rank }
              federationAlerts(body: $body) { totalCount }
            }""",
            {"body": HJ},
        )
    # then
    sql = [q["sql"] for q in ctx.captured_queries]
    assert len(sql) > 10
    assert [s for s in sql if '"k_' in s or "k_coop" in s] == []
    assert {s for s in sql if "search_path" in s} == {'SET search_path = "public"'}


def test_depth_and_alias_limits_hold_on_the_federation_api(graphql_client, lurah, seeded):
    # given
    client = graphql_client(lurah)
    nested = "cooperative { alerts { " * 4 + "cooperative { slug }" + " } }" * 4
    deep = '{ federationAlerts(body: "' + HJ + '") { edges { node { ' + nested + " } } } }"
    aliases = " ".join(f"a{i}: federationBodies {{ key }}" for i in range(21))
    # when
    too_deep = client.post("query " + deep, status=400)
    too_many = client.post("{ " + aliases + " }", status=400)
    # then
    assert "depth" in too_deep["errors"][0]["message"]
    assert too_many["errors"][0]["message"].startswith("Terlalu banyak alias")


def test_sekunder_officers_see_their_members_consolidated(
    graphql_client, make_user, seeded, coop_a, coop_b
):
    # given
    from sokoguru.federation.sekunder.services import sekunder_member_add

    sekunder = Cooperative.objects.bulk_create(
        [
            Cooperative(
                name="Kopsek Uji",
                slug="kopsek-uji",
                kind="secondary",
                domicile_id="12.71.14.1001",
                schema_name="k_kopsek_uji",
            )
        ]
    )[0]
    sekunder_member_add(sekunder=sekunder, member=coop_b, joined_on=date(2026, 1, 1))
    officer = make_user(roles={sekunder: "ketua"})
    body = to_global_id("FederationBody", "sekunder:kopsek-uji")
    # when
    data = graphql_client(officer).execute(
        """query($body: ID!) { federationBodies { key kind }
          sekunderMemberAggregates(body: $body) { key label membersActive savings { total } }
          federationAggregate(body: $body) { cooperativeCount membersActive } }""",
        {"body": body},
    )
    # then
    assert data["federationBodies"] == [{"key": "sekunder:kopsek-uji", "kind": "SEKUNDER"}]
    assert data["sekunderMemberAggregates"] == [
        {
            "key": "coop-b",
            "label": "Koperasi Pegawai Uji",
            "membersActive": 120,
            "savings": {"total": "72000000.00"},
        }
    ]
    assert data["federationAggregate"] == {"cooperativeCount": 1, "membersActive": 120}
