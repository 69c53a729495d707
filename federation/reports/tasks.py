"""Report tasks: render one job (large regions), and the monthly email beat."""

from __future__ import annotations

from datetime import date

from sokoguru.federation.reports.services import report_generate, report_monthly_email
from sokoguru.platform.celery import platform_task


@platform_task(name="sokoguru.federation.reports.generate")
def report_generate_task(*, job_id: int, today: str | None = None) -> str:
    job = report_generate(job_id=job_id, today=date.fromisoformat(today) if today else None)
    return job.status


@platform_task(name="sokoguru.federation.reports.monthly_email")
def report_monthly_email_task() -> int:
    return report_monthly_email()
