"""Cooperative API types of the health assessment: every ratio carries its numerator,
denominator, the accounts they were summed from and the table row that scored it."""

from __future__ import annotations

from decimal import Decimal

import graphene

from sokoguru.tenants.health.models import Band
from sokoguru.tenants.health.schemes import scheme_get


def _dec(value):
    return None if value in (None, "") else Decimal(str(value))


class HealthSource(graphene.ObjectType):
    """An account (code and name) or another source line (label) and its amount."""

    code = graphene.String()
    name = graphene.String()
    label = graphene.String()
    amount = graphene.Decimal(required=True)

    @staticmethod
    def resolve_amount(root, info):
        return _dec(root["amount"])

    @staticmethod
    def resolve_code(root, info):
        return root.get("code")

    @staticmethod
    def resolve_name(root, info):
        return root.get("name")

    @staticmethod
    def resolve_label(root, info):
        return root.get("label")


class HealthFigure(graphene.ObjectType):
    code = graphene.String(required=True, resolver=lambda r, i: r["code"])
    title = graphene.String(required=True, resolver=lambda r, i: r["title"])
    amount = graphene.Decimal(required=True, resolver=lambda r, i: _dec(r["amount"]))
    note = graphene.String(required=True, resolver=lambda r, i: r.get("note", ""))
    sources = graphene.List(
        graphene.NonNull(HealthSource), required=True, resolver=lambda r, i: r["sources"]
    )


class HealthQuestion(graphene.ObjectType):
    code = graphene.String(required=True, resolver=lambda r, i: r["code"])
    text = graphene.String(required=True, resolver=lambda r, i: r["text"])
    answer = graphene.Boolean(resolver=lambda r, i: r.get("answer"))


class HealthRatio(graphene.ObjectType):
    """One scored line: a ratio, or a questionnaire component of the management aspect."""

    code = graphene.String(required=True, resolver=lambda r, i: r["code"])
    aspect = graphene.String(required=True, resolver=lambda r, i: r["aspect"])
    title = graphene.String(required=True, resolver=lambda r, i: r["title"])
    formula = graphene.String(required=True, resolver=lambda r, i: r["formula"])
    weight = graphene.Decimal(required=True, resolver=lambda r, i: _dec(r["weight"]))
    ratio = graphene.Decimal(
        description="Percent; null for a questionnaire or a zero denominator",
        resolver=lambda r, i: _dec(r.get("ratio")),
    )
    value = graphene.Decimal(
        required=True, description="Nilai 0–100", resolver=lambda r, i: _dec(r["value"])
    )
    score = graphene.Decimal(required=True, resolver=lambda r, i: _dec(r["score"]))
    row = graphene.String(
        required=True, description="The table row that scored", resolver=lambda r, i: r["row"]
    )
    empty_note = graphene.String(required=True, resolver=lambda r, i: r.get("empty_note", ""))
    note = graphene.String(required=True, resolver=lambda r, i: r.get("note", ""))
    numerator = graphene.Field(HealthFigure, resolver=lambda r, i: r.get("numerator"))
    denominator = graphene.Field(HealthFigure, resolver=lambda r, i: r.get("denominator"))
    questions = graphene.List(
        graphene.NonNull(HealthQuestion),
        required=True,
        resolver=lambda r, i: r.get("questions", []),
    )


class HealthPearls(graphene.ObjectType):
    code = graphene.String(required=True, resolver=lambda r, i: r["code"])
    title = graphene.String(required=True, resolver=lambda r, i: r["title"])
    formula = graphene.String(required=True, resolver=lambda r, i: r["formula"])
    goal = graphene.String(required=True, resolver=lambda r, i: r["goal"])
    ratio = graphene.Decimal(resolver=lambda r, i: _dec(r.get("ratio")))
    met = graphene.Boolean(resolver=lambda r, i: r.get("met"))
    numerator = graphene.Field(HealthFigure, required=True, resolver=lambda r, i: r["numerator"])
    denominator = graphene.Field(
        HealthFigure, required=True, resolver=lambda r, i: r["denominator"]
    )


class HealthAspect(graphene.ObjectType):
    code = graphene.String(required=True)
    title = graphene.String(required=True)
    weight = graphene.Decimal(required=True)
    score = graphene.Decimal(required=True)


class HealthBand(graphene.Enum):
    SEHAT = Band.SEHAT.value
    CUKUP_SEHAT = Band.CUKUP_SEHAT.value
    DALAM_PENGAWASAN = Band.DALAM_PENGAWASAN.value
    DALAM_PENGAWASAN_KHUSUS = Band.DALAM_PENGAWASAN_KHUSUS.value


class HealthAssessmentType(graphene.ObjectType):
    month = graphene.Date(required=True)
    scheme = graphene.String(required=True)
    scheme_version = graphene.String(required=True)
    total_score = graphene.Decimal(required=True)
    band = graphene.Field(HealthBand, required=True)
    band_label = graphene.String(required=True)
    computed_at = graphene.DateTime(required=True)
    questionnaire_submitted_at = graphene.DateTime()
    aspects = graphene.List(graphene.NonNull(HealthAspect), required=True)
    ratios = graphene.List(graphene.NonNull(HealthRatio), required=True)
    pearls = graphene.List(graphene.NonNull(HealthPearls), required=True)

    class Meta:
        name = "HealthAssessment"

    @staticmethod
    def resolve_band_label(root, info):
        return str(Band(root.band).label)

    @staticmethod
    def resolve_questionnaire_submitted_at(root, info):
        return root.questionnaire.submitted_at if root.questionnaire_id else None

    @staticmethod
    def resolve_aspects(root, info):
        scheme = scheme_get(root.scheme)
        return [
            HealthAspect(
                code=a.code,
                title=str(a.title),
                weight=a.weight,
                score=Decimal(root.aspect_scores.get(a.code, "0")),
            )
            for a in scheme.aspects
        ]

    @staticmethod
    def resolve_ratios(root, info):
        return root.ratios

    @staticmethod
    def resolve_pearls(root, info):
        return root.pearls


class HealthTrendPoint(graphene.ObjectType):
    month = graphene.Date(required=True)
    total_score = graphene.Decimal(required=True)
    band = graphene.Field(HealthBand, required=True)
    aspects = graphene.List(graphene.NonNull(HealthAspect), required=True)

    @staticmethod
    def resolve_aspects(root, info):
        return HealthAssessmentType.resolve_aspects(root, info)


class HealthQuestionDefinition(graphene.ObjectType):
    code = graphene.String(required=True)
    component = graphene.String(required=True)
    component_title = graphene.String(required=True)
    text = graphene.String(required=True)
