"""The cooperative API of the health assessment: the questionnaire (pengawas only, typed error
and nothing written otherwise), recompute, the assessment with its explained ratios, PEARLS and
the trend."""

from __future__ import annotations

from django.db import connection

from sokoguru.tenants.health.models import HealthAssessment, ManagementQuestionnaire
from sokoguru.tenants.health.schemes import scheme_get
from tests.health.test_assessment import NO

SUBMIT = """mutation($input: HealthQuestionnaireSubmitInput!) {
  healthQuestionnaireSubmit(input: $input) {
    errors { field code message }
    assessment { totalScore band bandLabel aspects { code score } } } }"""

READ = """{ healthAssessment {
  month totalScore band questionnaireSubmittedAt
  ratios { code ratio value score row
    numerator { amount sources { code name label amount } }
    denominator { amount sources { code name amount } } }
  pearls { code ratio goal met } }
  healthTrend { month totalScore band }
  healthQuestions { code componentTitle text } }"""


def _answers():
    return [{"code": c, "answer": c not in NO} for c in scheme_get().questions()]


def _in_public(fn):
    schema = connection.tenant
    connection.set_schema_to_public()
    try:
        return fn()
    finally:
        connection.set_tenant(schema)


def test_pengawas_submits_and_reads_the_assessment(books, make_user, graphql_client, in_coop_a):
    pengawas = make_user(roles={in_coop_a: "pengawas"})
    client = graphql_client(pengawas, in_coop_a)
    data = _in_public(
        lambda: client.execute(SUBMIT, {"input": {"month": "2026-03-31", "answers": _answers()}})
    )
    result = data["healthQuestionnaireSubmit"]
    assert result["errors"] == []
    assert result["assessment"]["totalScore"] == "73.50"
    assert result["assessment"]["band"] == "CUKUP_SEHAT"
    assert result["assessment"]["bandLabel"] == "Cukup Sehat"
    assert {"code": "manajemen", "score": "12.75"} in result["assessment"]["aspects"]
    data = _in_public(lambda: client.execute(READ))
    assessment = data["healthAssessment"]
    assert assessment["month"] == "2026-03-31"
    assert assessment["questionnaireSubmittedAt"] is not None
    kas = next(r for r in assessment["ratios"] if r["code"] == "rasio_kas")
    assert kas["ratio"] == "115.00"
    assert kas["row"] == "x > 20%"
    assert kas["numerator"]["sources"] == [
        {"code": "1101", "name": "Kas", "label": None, "amount": "18000000.00"},
        {"code": "1102", "name": "Bank", "label": None, "amount": "5000000.00"},
    ]
    assert {"code": "A1", "ratio": "50.00", "goal": "≤ 5%", "met": False} in assessment["pearls"]
    assert data["healthTrend"] == [
        {"month": "2026-03-31", "totalScore": "73.50", "band": "CUKUP_SEHAT"}
    ]
    assert len(data["healthQuestions"]) == 38


def test_questionnaire_refused_for_the_bendahara_writes_nothing(
    books, make_user, graphql_client, in_coop_a
):
    bendahara = make_user(roles={in_coop_a: "bendahara"})
    client = graphql_client(bendahara, in_coop_a)
    data = _in_public(
        lambda: client.execute(SUBMIT, {"input": {"month": "2026-03-31", "answers": _answers()}})
    )
    errors = data["healthQuestionnaireSubmit"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("answers", "role_required")]
    assert ManagementQuestionnaire.objects.count() == 0
    assert HealthAssessment.objects.count() == 0


def test_recompute(books, make_user, graphql_client, in_coop_a):
    ketua = make_user(roles={in_coop_a: "ketua"})
    client = graphql_client(ketua, in_coop_a)
    data = _in_public(
        lambda: client.execute(
            """mutation { healthRecompute(input: {month: "2026-03-05"}) {
                 errors { field } assessment { month totalScore band } } }"""
        )
    )
    assert data["healthRecompute"]["assessment"] == {
        "month": "2026-03-31",
        "totalScore": "60.75",
        "band": "DALAM_PENGAWASAN",
    }
