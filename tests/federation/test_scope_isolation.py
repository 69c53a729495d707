"""Scope is absolute: an official of Kelurahan Harapan Jaya never sees a Medan cooperative
through any root field, filter, aggregate or node(id)."""

import pytest
from django.utils import timezone

from sokoguru.graphql.federation_api import schema
from tests.fixtures.graphql import to_global_id

HJ = to_global_id("FederationBody", "body:kel-harapan-jaya")
SUMUT = to_global_id("FederationBody", "body:dinas-sumut")

EDGES = "edges {{ node {{ slug }} }} }}"

# Every root field of the federation API and the probes that try it with foreign ids.
PROBES = {
    "node": [
        'node(id: "{coop_b_node}") {{ id }}',
        'node(id: "{sumut}") {{ id }}',
        'node(id: "{coop_b_registry}") {{ id }}',
    ],
    "me": ["me {{ email bodyRoles {{ body {{ slug }} }} }}"],
    "cooperatives": ["cooperatives {{ edges {{ node {{ slug }} }} }}"],
    "federationBodies": ["federationBodies {{ key }}"],
    "federationBody": ['federationBody(id: "{sumut}") {{ key }}'],
    "supervisedCooperatives": [
        'supervisedCooperatives(body: "{sumut}") {{ totalCount }}',
        'supervisedCooperatives(body: "{hj}", regionCode: "12") {{ totalCount ' + EDGES,
        'supervisedCooperatives(body: "{hj}", search: "coop-b") {{ totalCount ' + EDGES,
        'supervisedCooperatives(body: "{hj}", kind: PRIMARY_OPD) {{ totalCount ' + EDGES,
    ],
    "supervisedCooperative": [
        'supervisedCooperative(body: "{hj}", id: "{coop_b_node}") {{ slug }}',
        'supervisedCooperative(body: "{hj}", slug: "coop-b") {{ slug }}',
        'supervisedCooperative(body: "{sumut}", slug: "coop-b") {{ slug }}',
    ],
    "cooperativeTimeSeries": [
        'cooperativeTimeSeries(body: "{hj}", cooperative: "{coop_b_node}") {{ date }}',
        'cooperativeTimeSeries(body: "{sumut}", cooperative: "{coop_b_node}") {{ date }}',
    ],
    "federationAggregate": [
        'federationAggregate(body: "{sumut}") {{ cooperativeCount }}',
        'federationAggregate(body: "{hj}", regionCode: "12") {{ cooperativeCount membersActive }}',
    ],
    "federationRegionAggregates": [
        'federationRegionAggregates(body: "{sumut}") {{ key }}',
        'federationRegionAggregates(body: "{hj}", regionCode: "12") {{ key cooperativeCount }}',
    ],
    "federationConsolidated": [
        'federationConsolidated(body: "{sumut}") {{ cooperativeCount net {{ totalAssets }} }}'
    ],
    "federationHousingProgramme": [
        'federationHousingProgramme(body: "{sumut}") {{ projects applications }}'
    ],
    "sekunderMemberAggregates": ['sekunderMemberAggregates(body: "{sumut}") {{ key }}'],
    "federationTrend": ['federationTrend(body: "{sumut}") {{ date }}'],
    "federationRankings": [
        'federationRankings(body: "{sumut}", metric: SAVINGS_TOTAL) {{ rank }}',
        'federationRankings(body: "{hj}", metric: MEMBERS_ACTIVE, limit: 100) '
        "{{ cooperative {{ slug }} }}",
    ],
    "federationAlerts": [
        'federationAlerts(body: "{sumut}") {{ totalCount }}',
        'federationAlerts(body: "{hj}", first: 100) '
        "{{ edges {{ node {{ cooperative {{ slug }} }} }} }}",
    ],
    "federationHealthDistribution": [
        'federationHealthDistribution(body: "{sumut}") {{ key }}',
        'federationHealthDistribution(body: "{hj}", regionCode: "12") {{ key cooperativeCount }}',
    ],
    "federationHealthRanking": [
        'federationHealthRanking(body: "{sumut}") {{ totalCount }}',
        'federationHealthRanking(body: "{hj}", first: 100) '
        "{{ edges {{ node {{ cooperative {{ slug }} }} }} }}",
    ],
    "cooperativeHealthTrend": [
        'cooperativeHealthTrend(body: "{hj}", cooperative: "{coop_b_node}") {{ month }}',
        'cooperativeHealthTrend(body: "{sumut}", cooperative: "{coop_b_node}") {{ month }}',
    ],
    "dataSharingConsents": ['dataSharingConsents(cooperative: "coop-b") {{ bodyName }}'],
    "oversightReports": ['oversightReports(body: "{sumut}") {{ id filename }}'],
    "oversightReport": ['oversightReport(id: "{sumut_report}") {{ id filename downloadUrl }}'],
}


def test_every_root_field_is_probed():
    assert set(PROBES) == set(schema.graphql_schema.query_type.fields)


@pytest.fixture
def world(coop_a, coop_b, put_snapshot, lurah, dinas_official, dinas_sumut):
    from sokoguru.federation.reports.models import ReportJob

    today = timezone.localdate()
    report = ReportJob.objects.create(
        body=dinas_sumut,
        kind="regional",
        format="pdf",
        period=today.replace(day=1),
        status=ReportJob.Status.DONE,
        filename="laporan-regional-dinas-sumut-x.pdf",
    )
    put_snapshot(coop_a, today, members_active=11)
    put_snapshot(coop_b, today, members_active=222)
    return {
        "coop_b_node": to_global_id("SupervisedCooperative", coop_b.pk),
        "coop_b_registry": to_global_id("Cooperative", coop_b.pk),
        "sumut": SUMUT,
        "hj": HJ,
        "sumut_report": to_global_id("OversightReport", report.pk),
    }


@pytest.mark.parametrize(
    "probe",
    [(name, text) for name, texts in PROBES.items() for text in texts],
    ids=lambda p: p[0] if isinstance(p, tuple) else p,
)
def test_no_root_field_leaks_a_foreign_cooperative(graphql_client, lurah, world, coop_b, probe):
    # given
    name, text = probe
    client = graphql_client(lurah)
    # when
    body = client.post("query { " + text.format(**world) + " }")
    # then: nothing about coop_b — neither its slug, name, figures nor its body
    raw = str(body)
    assert "coop-b" not in raw
    assert coop_b.name not in raw
    assert "222" not in raw
    assert "dinas-sumut" not in raw
    data = body.get("data") or {}
    value = data.get(name)
    if name == "node" or name == "federationBody":
        assert value is None
    elif name == "cooperatives" or name == "dataSharingConsents":
        assert body["errors"][0]["message"].startswith(("Hanya staf", "Anda bukan"))
    elif (
        "{sumut}" in text
        or "{sumut_report}" in text
        or "coop_b_node" in text
        or 'slug: "coop-b"' in text
    ):
        assert value is None
        assert body["errors"][0]["extensions"]["code"] == "not_found"


def test_consent_mutation_for_a_foreign_cooperative_is_refused(
    graphql_client, lurah, world, coop_b
):
    # when
    body = graphql_client(lurah).post(
        """mutation($body: ID!) { dataSharingConsentSet(input: {cooperative: "coop-b",
             body: $body, level: MEMBER_LEVEL}) { errors { field code } consent { level } } }""",
        {"body": SUMUT},
    )
    # then
    assert body["data"]["dataSharingConsentSet"] == {
        "errors": [{"field": "cooperative", "code": "permission_denied"}],
        "consent": None,
    }
