"""Kesehatan koperasi: the month's score and band, each aspect and ratio with its numerator,
denominator and source accounts, PEARLS with goals, the trend, and the management questionnaire
the pengawas fills (the service checks the role again)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sokoguru.platform.core.errors import SokoguruError
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.health import selectors
from sokoguru.tenants.health.permissions import (
    COMPUTE_ROLES,
    QUESTIONNAIRE_ROLES,
    READ_ROLES,
)
from sokoguru.tenants.health.schemes import scheme_get
from sokoguru.tenants.health.services import health_compute, month_end, questionnaire_submit
from sokoguru.tenants.workspace.views.base import indonesian, officer_view


def _month(value: str | None) -> date | None:
    try:
        return month_end(date.fromisoformat(f"{value}-01")) if value else None
    except ValueError:
        return None


@officer_view(READ_ROLES)
def health_index(request, error=None, status=200):
    month = _month(request.GET.get("bulan"))
    assessment = (
        selectors.assessment_list().filter(month=month).first()
        if month
        else selectors.assessment_latest()
    )
    trend = selectors.assessment_trend(months=12)
    scheme = scheme_get()
    answers = {}
    if assessment is not None and assessment.questionnaire_id:
        answers = assessment.questionnaire.answers
    aspects = []
    if assessment is not None:
        for aspect in scheme.aspects:
            aspects.append(
                {
                    "code": aspect.code,
                    "title": aspect.title,
                    "weight": aspect.weight,
                    "score": assessment.aspect_scores.get(aspect.code, "0"),
                    "ratios": [r for r in assessment.ratios if r["aspect"] == aspect.code],
                }
            )
    components = [
        {
            "title": c.title,
            "questions": [
                {"code": q.code, "text": q.text, "answer": answers.get(q.code)} for q in c.questions
            ],
        }
        for a in scheme.aspects
        for c in a.components
    ]
    return render(
        request,
        "workspace/health/index.html",
        {
            "section": "health",
            "assessment": assessment,
            "aspects": aspects,
            "trend": trend,
            "components": components,
            "error": error,
            "can_answer": bool(request.roles & QUESTIONNAIRE_ROLES),
            "can_compute": bool(request.roles & COMPUTE_ROLES),
            "month_value": (
                assessment.month if assessment else month or cooperative_today()
            ).strftime("%Y-%m"),
        },
        status=status,
    )


@require_POST
@officer_view(QUESTIONNAIRE_ROLES)
def health_questionnaire(request):
    month = _month(request.POST.get("bulan"))
    answers = {}
    for code in scheme_get().questions():
        value = request.POST.get(code)
        if value in ("ya", "tidak"):
            answers[code] = value == "ya"
    try:
        if month is None:
            raise ValidationError({"month": "Bulan wajib diisi."})
        questionnaire_submit(month=month, answers=answers, actor=request.user.pk)
    except (SokoguruError, ValidationError) as exc:
        message = (
            exc.message
            if isinstance(exc, SokoguruError)
            else " ".join(m for ms in exc.message_dict.values() for m in ms)
        )
        return health_index(request, error=indonesian(message), status=400)
    return redirect(f"{reverse('workspace:health')}?bulan={month:%Y-%m}")


@require_POST
@officer_view(COMPUTE_ROLES)
def health_recompute(request):
    month = _month(request.POST.get("bulan"))
    try:
        if month is None:
            raise ValidationError({"month": "Bulan wajib diisi."})
        health_compute(month=month, actor=request.user.pk)
    except (SokoguruError, ValidationError) as exc:
        message = (
            exc.message
            if isinstance(exc, SokoguruError)
            else " ".join(m for ms in exc.message_dict.values() for m in ms)
        )
        return health_index(request, error=indonesian(message), status=400)
    return redirect(f"{reverse('workspace:health')}?bulan={month:%Y-%m}")
