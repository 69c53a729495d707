"""Oversight reports: request (cached per body, kind, format, period and snapshot data
version), generate (synchronously for small regions, by Celery with progress for large ones),
and the monthly email to the officials who opted in."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sokoguru.federation.oversight.models import BodyRole, OversightBody
from sokoguru.federation.reports import render
from sokoguru.federation.reports.models import (
    ReportFormat,
    ReportJob,
    ReportKind,
    ReportSubscription,
)
from sokoguru.federation.reports.permissions import is_body_official, require_body_official
from sokoguru.federation.reports.selectors import (
    cooperative_count,
    data_version,
    month_start,
    ods_rows,
    previous_month,
    report_as_of,
    report_data,
)
from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.core.documents import PDF_TYPE, XLSX_TYPE
from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.core.schema import require_public_schema

logger = logging.getLogger("sokoguru.federation.reports")

FORMATS = {
    ReportKind.KELURAHAN: (ReportFormat.PDF, ReportFormat.XLSX),
    ReportKind.REGIONAL: (ReportFormat.PDF, ReportFormat.XLSX),
    ReportKind.ODS: (ReportFormat.XLSX,),
}
STALE_AFTER = timedelta(hours=1)
CONTENT_TYPES = {ReportFormat.PDF: PDF_TYPE, ReportFormat.XLSX: XLSX_TYPE}


def sync_limit() -> int:
    """Regions with at most this many cooperatives are rendered in the request."""
    return int(getattr(settings, "REPORTS_SYNC_MAX_COOPERATIVES", 100))


def report_kinds_for(body: OversightBody) -> list[str]:
    """A kelurahan hands up the monthly monitoring report; kecamatan and dinas the regional
    report; every body can export in the ministry's dimensions."""
    if body.kind == OversightBody.Kind.KELURAHAN:
        return [ReportKind.KELURAHAN, ReportKind.ODS]
    return [ReportKind.REGIONAL, ReportKind.ODS]


def _validate(*, body: OversightBody, kind: str, format: str, period: date, today: date) -> None:
    from django.core.exceptions import ValidationError

    if kind not in report_kinds_for(body):
        raise ValidationError({"kind": _("Jenis laporan ini tidak tersedia untuk badan ini.")})
    if format not in FORMATS[ReportKind(kind)]:
        raise ValidationError({"format": _("Format ini tidak tersedia untuk jenis laporan ini.")})
    if month_start(period) > month_start(today):
        raise ValidationError({"period": _("Periode laporan belum berjalan.")})


def report_filename(job: ReportJob) -> str:
    return f"laporan-{job.kind}-{job.body.slug}-{job.period:%Y-%m}.{job.format}"


def report_request(
    *,
    user,
    body: OversightBody,
    kind: str,
    format: str,
    period: date,
    today: date | None = None,
) -> ReportJob:
    """The report of ``period`` (a month): the stored file when one was made from the same
    snapshot data, a job already running for it, or a new job — rendered now for a small
    region, queued for Celery otherwise. Only officials of ``body``; bad input writes nothing."""
    require_public_schema()
    require_body_official(user, body)
    today = today or timezone.localdate()
    period = month_start(period)
    _validate(body=body, kind=kind, format=format, period=period, today=today)
    version = data_version(body=body, kind=kind, period=period, today=today)
    same = ReportJob.objects.filter(
        body=body, kind=kind, format=format, period=period, data_version=version
    )
    # A finished file, or a job still in progress (one that has not finished within
    # STALE_AFTER is taken as lost — a worker that died — and a new job is made).
    reuse = (
        same.filter(
            Q(status=ReportJob.Status.DONE)
            | Q(
                status__in=[ReportJob.Status.PENDING, ReportJob.Status.RUNNING],
                created_at__gte=timezone.now() - STALE_AFTER,
            )
        )
        .order_by("-created_at")
        .first()
    )
    if reuse is not None:
        return reuse
    total = cooperative_count(body=body, period=period)
    with transaction.atomic():
        job = ReportJob(
            body=body,
            kind=kind,
            format=format,
            period=period,
            data_version=version,
            progress_total=total,
            created_by=None if user is SYSTEM else user,
        )
        job.full_clean()
        job.save()
        if total > sync_limit():
            from sokoguru.federation.reports.tasks import report_generate_task
            from sokoguru.platform.celery import enqueue_on_commit

            enqueue_on_commit(report_generate_task, job_id=job.pk, today=today.isoformat())
            return job
    return report_generate(job_id=job.pk, today=today)


def _progress(job_id: int):
    def update(done: int, total: int) -> None:
        ReportJob.objects.filter(pk=job_id).update(progress_done=done, progress_total=total)

    return update


def report_content(job: ReportJob, *, today: date) -> bytes:
    progress = _progress(job.pk)
    if job.kind == ReportKind.ODS:
        rows = ods_rows(body=job.body, period=job.period, today=today, progress=progress)
        return render.ods_xlsx(
            rows, body=job.body, period=job.period, as_of=report_as_of(job.period, today)
        )
    data = report_data(
        body=job.body, kind=job.kind, period=job.period, today=today, progress=progress
    )
    if job.format == ReportFormat.PDF:
        return render.report_pdf(data)
    return render.report_xlsx(data)


def report_generate(*, job_id: int, today: date | None = None) -> ReportJob:
    """Render a job's file (idempotent: a finished job is returned as it is). A failure is
    recorded on the job with its error and re-raised to the caller's log only."""
    require_public_schema()
    job = ReportJob.objects.select_related("body", "body__region").get(pk=job_id)
    if job.status == ReportJob.Status.DONE:
        return job
    today = today or timezone.localdate()
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, error="")
    try:
        content = report_content(job, today=today)
    except Exception as exc:  # recorded on the job, shown to the official
        logger.exception("report %s failed", job.pk)
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJob.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    job.filename = report_filename(job)
    job.file.save(job.filename, ContentFile(content), save=False)
    job.status = ReportJob.Status.DONE
    job.progress_done = job.progress_total
    job.finished_at = timezone.now()
    job.save()
    return job


def report_job_get(*, user, job_id: int) -> ReportJob:
    job = ReportJob.objects.select_related("body").filter(pk=job_id).first()
    if job is None or not is_body_official(user, job.body):
        raise NotFound("Laporan tidak ditemukan. / Report not found.", field="report")
    return job


def report_file_read(*, user, job_id: int) -> tuple[bytes, str, str]:
    """The file of a finished job: (content, filename, content type)."""
    job = report_job_get(user=user, job_id=job_id)
    if job.status != ReportJob.Status.DONE or not job.file:
        raise NotFound("Laporan belum selesai. / Report not ready.", field="report")
    with job.file.open("rb") as fh:
        return fh.read(), job.filename, CONTENT_TYPES[ReportFormat(job.format)]


def report_subscription_set(*, user, body: OversightBody, subscribed: bool) -> bool:
    """An official opts in to (or out of) the monthly report by email."""
    require_body_official(user, body)
    if subscribed:
        ReportSubscription.objects.get_or_create(user=user, body=body)
    else:
        ReportSubscription.objects.filter(user=user, body=body).delete()
    return subscribed


def report_monthly_email(*, today: date | None = None) -> int:
    """The last month's main report (PDF) of every body with subscribers, mailed to each
    subscribed user who is still an official there and has not had that month yet. Returns the
    number of emails sent."""
    require_public_schema()
    today = today or timezone.localdate()
    period = previous_month(today)
    sent = 0
    subscriptions = (
        ReportSubscription.objects.filter(
            body__roles__user=F("user"), body__roles__role=BodyRole.Role.OFFICIAL
        )
        .exclude(last_sent_period=period)
        .select_related("body", "body__region", "user")
        .distinct()
    )
    by_body: dict[int, list[ReportSubscription]] = {}
    for sub in subscriptions:
        if sub.user.email and sub.user.is_active:
            by_body.setdefault(sub.body_id, []).append(sub)
    for subs in by_body.values():
        body = subs[0].body
        kind = report_kinds_for(body)[0]
        job = report_request(
            user=SYSTEM, body=body, kind=kind, format=ReportFormat.PDF, period=period, today=today
        )
        if job.status != ReportJob.Status.DONE:
            job = report_generate(job_id=job.pk, today=today)
        if job.status != ReportJob.Status.DONE:
            continue
        with job.file.open("rb") as fh:
            content = fh.read()
        with translation.override("id"):
            subject = _("%(kind)s %(body)s — %(period)s") % {
                "kind": ReportKind(kind).label,
                "body": body.name,
                "period": render.period_label(period),
            }
            text = _(
                "Terlampir laporan bulan %(period)s dari snapshot federasi. Berhenti berlangganan "
                "di halaman Laporan pada dasbor."
            ) % {"period": render.period_label(period)}
        for sub in subs:
            message = EmailMessage(subject, text, to=[sub.user.email])
            message.attach(job.filename, content, PDF_TYPE)
            message.send()
            sent += 1
        ReportSubscription.objects.filter(pk__in=[s.pk for s in subs]).update(
            last_sent_period=period
        )
    return sent
