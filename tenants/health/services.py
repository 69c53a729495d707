"""Writes of the health app: the pengawas's management questionnaire and the month's
assessment computed from the books."""

from __future__ import annotations

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sokoguru.platform.accounts.permissions import SystemActor, require_actor
from sokoguru.tenants.health import scoring
from sokoguru.tenants.health.figures import compute_figures
from sokoguru.tenants.health.models import HealthAssessment, ManagementQuestionnaire
from sokoguru.tenants.health.permissions import COMPUTE_ROLES, QUESTIONNAIRE_ROLES
from sokoguru.tenants.health.schemes import scheme_get


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _month(month: date | None, *, field: str = "month") -> date:
    from sokoguru.tenants.bylaws.calendar import cooperative_today

    if month is None:
        raise ValidationError({field: "Bulan wajib diisi. / The month is required."})
    end = month_end(month)
    if month.replace(day=1) > cooperative_today():
        raise ValidationError(
            {field: "Bulan penilaian belum dimulai. / The month has not started yet."}
        )
    return end


@transaction.atomic
def questionnaire_submit(
    *,
    month: date,
    answers: dict[str, bool],
    actor: int | SystemActor,
    scheme: str | None = None,
) -> ManagementQuestionnaire:
    """Record the pengawas's answers to the management questions of ``scheme`` for ``month``
    (every question answered yes or no) and recompute that month's assessment."""
    user_id = require_actor(actor, QUESTIONNAIRE_ROLES, field="answers")
    chosen = scheme_get(scheme)
    end = _month(month)
    questions = chosen.questions()
    unknown = sorted(set(answers) - set(questions))
    if unknown:
        raise ValidationError(
            {"answers": f"Pertanyaan tidak dikenal: {', '.join(unknown)}. / Unknown questions."}
        )
    missing = [code for code in questions if not isinstance(answers.get(code), bool)]
    if missing:
        raise ValidationError(
            {
                "answers": f"Semua pertanyaan wajib dijawab ya atau tidak ({len(missing)} belum)."
                f" / Answer every question yes or no ({len(missing)} left)."
            }
        )
    record = ManagementQuestionnaire(
        month=end,
        scheme=chosen.code,
        scheme_version=chosen.version,
        answers={code: bool(answers[code]) for code in questions},
        submitted_by_id=user_id,
        submitted_at=timezone.now(),
    )
    record.full_clean()
    record.save()
    _compute(month=end, scheme_code=chosen.code, user_id=user_id)
    return record


def _compute(*, month: date, scheme_code: str, user_id: int | None) -> HealthAssessment:
    from sokoguru.tenants.health.selectors import questionnaire_for_month

    chosen = scheme_get(scheme_code)
    questionnaire = questionnaire_for_month(month=month, scheme=chosen.code)
    answers = questionnaire.answers if questionnaire is not None else {}
    result = scoring.evaluate(chosen, compute_figures(as_of=month), answers)
    assessment, _ = HealthAssessment.objects.update_or_create(
        scheme=chosen.code,
        month=month,
        defaults={
            "scheme_version": chosen.version,
            "total_score": result["total_score"],
            "band": result["band"],
            "aspect_scores": result["aspect_scores"],
            "ratios": result["ratios"],
            "pearls": result["pearls"],
            "questionnaire": questionnaire,
            "computed_at": timezone.now(),
            "computed_by_id": user_id,
        },
    )
    return assessment


@transaction.atomic
def health_compute(
    *, month: date, actor: int | SystemActor, scheme: str | None = None
) -> HealthAssessment:
    """Compute (or recompute) the assessment of the month ``month`` falls in, as of its last
    day, from the books, the loan portfolio and the newest management questionnaire."""
    user_id = require_actor(actor, COMPUTE_ROLES, field="month")
    return _compute(month=_month(month), scheme_code=scheme_get(scheme).code, user_id=user_id)
