"""Background work of the loans app: the daily close of business and the funding queue.

A platform task fans out one tenant task per active cooperative; each tenant task runs in its
cooperative's schema and only calls a service (idempotent per day and loan)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from sokoguru.platform.celery import platform_task, tenant_task
from sokoguru.platform.core.schema import require_public_schema

# How far back a books change makes the periodic queue task look at a cooperative (twice the
# beat interval, so a late beat never misses one; serving twice is harmless).
QUEUE_LOOKBACK = timedelta(minutes=10)


def _active_cooperatives():
    from sokoguru.platform.tenancy.models import Cooperative

    return Cooperative.objects.filter(is_active=True).exclude(kind=Cooperative.Kind.PLATFORM)


@tenant_task(name="sokoguru.loans.close_of_business")
def loans_close_of_business_task(*, schema_name: str, as_of: str | None = None) -> dict:
    from sokoguru.tenants.loans.selectors import cooperative_today
    from sokoguru.tenants.loans.services import loans_close_of_business

    day = date.fromisoformat(as_of) if as_of else cooperative_today()
    run = loans_close_of_business(as_of=day)
    return {
        "date": run.date.isoformat(),
        "loans_closed": run.loans_closed,
        "penalties": str(run.penalties),
        "reminders": run.reminders,
        "allowance_required": str(run.allowance_required),
    }


@platform_task(name="sokoguru.loans.cob_fan_out")
def loans_cob_fan_out() -> int:
    """One close-of-business task per active cooperative (each uses its own local date)."""
    require_public_schema()
    count = 0
    for schema_name in _active_cooperatives().values_list("schema_name", flat=True).iterator():
        loans_close_of_business_task.apply_async(kwargs={"schema_name": schema_name})
        count += 1
    return count


@tenant_task(name="sokoguru.loans.queue_serve")
def loan_queue_serve_task(*, schema_name: str) -> list[str]:
    """Serve the funding queue when the cooperative serves it automatically."""
    from sokoguru.tenants.loans.models import Loan, LoanSettings
    from sokoguru.tenants.loans.services import loan_queue_serve

    loan_settings = LoanSettings.objects.filter(singleton=True).first()
    if loan_settings is None or loan_settings.queue_serving != LoanSettings.QueueServing.AUTO:
        return []
    if not Loan.objects.filter(status=Loan.Status.QUEUED).exists():
        return []
    return [loan.number for loan in loan_queue_serve()]


@platform_task(name="sokoguru.loans.queue_fan_out")
def loans_queue_fan_out() -> int:
    """After postings: a queue task for each cooperative whose books changed lately (a deposit
    may have made funds sufficient)."""
    require_public_schema()
    since = timezone.now() - QUEUE_LOOKBACK
    count = 0
    changed = _active_cooperatives().filter(books_changed_at__gte=since)
    for schema_name in changed.values_list("schema_name", flat=True).iterator():
        loan_queue_serve_task.apply_async(kwargs={"schema_name": schema_name})
        count += 1
    return count
