"""Background work of the health app: on the first of each month, after the loans' close of
business has aged the portfolio, assess the month that just ended — one tenant task per active
cooperative, fanned out from the public schema. Idempotent: a rerun recomputes the same month."""

from __future__ import annotations

from datetime import date, timedelta

from sokoguru.platform.celery import platform_task, tenant_task
from sokoguru.platform.core.schema import require_public_schema


@tenant_task(name="sokoguru.health.compute_month")
def health_compute_month_task(*, schema_name: str, month: str | None = None) -> dict:
    """Assess ``month`` (ISO date; default: the month before the cooperative's today)."""
    from sokoguru.platform.accounts.permissions import SYSTEM
    from sokoguru.platform.tenancy.services import cooperative_books_changed_mark
    from sokoguru.tenants.bylaws.calendar import cooperative_today
    from sokoguru.tenants.health.services import health_compute

    day = date.fromisoformat(month) if month else cooperative_today().replace(day=1) - timedelta(1)
    assessment = health_compute(month=day, actor=SYSTEM)
    # The federation refresher copies the new score into the cooperative's snapshot.
    cooperative_books_changed_mark()
    return {
        "month": assessment.month.isoformat(),
        "score": str(assessment.total_score),
        "band": assessment.band,
    }


@platform_task(name="sokoguru.health.monthly_fan_out")
def health_monthly_fan_out(month: str | None = None) -> int:
    """One assessment task per active cooperative."""
    from sokoguru.platform.tenancy.models import Cooperative

    require_public_schema()
    count = 0
    cooperatives = Cooperative.objects.filter(is_active=True).exclude(
        kind=Cooperative.Kind.PLATFORM
    )
    for schema_name in cooperatives.values_list("schema_name", flat=True).iterator():
        health_compute_month_task.apply_async(kwargs={"schema_name": schema_name, "month": month})
        count += 1
    return count
