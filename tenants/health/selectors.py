"""Reads of the health app: the month's assessment, the newest one, the trend, the questionnaire
in force and the aggregate summary federation snapshots copy."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.health.models import HealthAssessment, ManagementQuestionnaire
from sokoguru.tenants.health.schemes import DEFAULT_SCHEME


def assessment_list(*, scheme: str = DEFAULT_SCHEME) -> QuerySet[HealthAssessment]:
    require_tenant_schema()
    return HealthAssessment.objects.filter(scheme=scheme).order_by("-month")


def assessment_latest(
    *, as_of: date | None = None, scheme: str = DEFAULT_SCHEME
) -> HealthAssessment | None:
    """The newest assessment of a month ending on or before ``as_of`` (any month when None)."""
    qs = assessment_list(scheme=scheme)
    if as_of is not None:
        qs = qs.filter(month__lte=as_of)
    return qs.first()


def assessment_get(*, month: date, scheme: str = DEFAULT_SCHEME) -> HealthAssessment:
    from sokoguru.tenants.health.services import month_end

    found = assessment_list(scheme=scheme).filter(month=month_end(month)).first()
    if found is None:
        raise NotFound(
            f"Belum ada penilaian kesehatan untuk {month:%m/%Y}. / No assessment for that month.",
            field="month",
        )
    return found


def assessment_trend(*, months: int = 12, scheme: str = DEFAULT_SCHEME) -> list[HealthAssessment]:
    """The last ``months`` assessments, oldest first."""
    return list(reversed(assessment_list(scheme=scheme)[:months]))


def questionnaire_for_month(
    *, month: date, scheme: str = DEFAULT_SCHEME
) -> ManagementQuestionnaire | None:
    """The newest questionnaire submitted for ``month`` or an earlier month (answers carry
    forward until the pengawas answers again)."""
    require_tenant_schema()
    return (
        ManagementQuestionnaire.objects.filter(scheme=scheme, month__lte=month)
        .order_by("-month", "-submitted_at", "-pk")
        .first()
    )


def health_snapshot_summary(*, as_of: date, scheme: str = DEFAULT_SCHEME) -> dict:
    """Aggregates for a federation snapshot (no member data): the newest assessment of a month
    ending on or before ``as_of``. Keys are the snapshot's field names."""
    qs = assessment_list(scheme=scheme).filter(month__lte=as_of)
    latest = list(
        qs.only(
            "month", "scheme", "scheme_version", "total_score", "band", "aspect_scores", "pearls"
        )[:2]
    )
    found = latest[0] if latest else None
    previous = latest[1] if len(latest) > 1 else None
    if found is None:
        return {
            "health_month": None,
            "health_scheme": "",
            "health_score": None,
            "health_band": "",
            "health_band_previous": "",
            "health_aspects": {},
            "health_pearls": {},
        }
    return {
        "health_month": found.month,
        "health_scheme": f"{found.scheme}@{found.scheme_version}",
        "health_score": Decimal(found.total_score),
        "health_band": found.band,
        "health_band_previous": previous.band if previous is not None else "",
        "health_aspects": dict(found.aspect_scores),
        "health_pearls": {
            p["code"]: {"ratio": p["ratio"], "met": p["met"], "goal": p["goal"]}
            for p in found.pearls
        },
    }
