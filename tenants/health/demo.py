"""Demo: the pengawas of each primary cooperative answers the management questionnaire (answers
drawn from ``ctx.rng("health", slug)``, so re-runs repeat) and the last six month ends are
assessed from the demo books. Idempotent: a cooperative that has assessments is left alone."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from sokoguru.platform.accounts.models import CooperativeRole
from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.core.demo import DemoContext, for_each_cooperative
from sokoguru.tenants.health.models import HealthAssessment
from sokoguru.tenants.health.schemes import scheme_get
from sokoguru.tenants.health.services import _compute, questionnaire_submit

MONTHS = 6


def _month_ends(today, count):
    out = []
    cursor = today.replace(day=1) - timedelta(days=1)
    for _ in range(count):
        out.append(cursor)
        cursor = cursor.replace(day=1) - timedelta(days=1)
    return list(reversed(out))


def _one(cooperative, ctx: DemoContext) -> None:
    if HealthAssessment.objects.exists():
        return
    rng = ctx.rng("health", cooperative.slug)
    months = _month_ends(ctx.today, MONTHS)
    pengawas = (
        CooperativeRole.objects.filter(cooperative=cooperative, role="pengawas")
        .values_list("user_id", flat=True)
        .first()
    )
    answers = {code: rng.random() < 0.8 for code in scheme_get().questions()}
    with transaction.atomic():
        questionnaire_submit(
            month=months[0], answers=answers, actor=pengawas if pengawas else SYSTEM
        )
        for month in months[1:]:
            _compute(month=month, scheme_code=scheme_get().code, user_id=None)


def seed(*, ctx: DemoContext) -> None:
    for_each_cooperative(ctx, _one)
