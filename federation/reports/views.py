"""The reports page of a body's dashboard: the list of its reports with their progress (the
page reloads itself while one is being made — no JavaScript), the "buat laporan" form, the
download, and the monthly email opt-in. Everything goes through the report services, which
check that the user is an official of the body."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sokoguru.federation.oversight.models import OversightBody
from sokoguru.federation.reports import services
from sokoguru.federation.reports.models import ReportFormat, ReportKind, ReportSubscription
from sokoguru.federation.reports.permissions import is_body_official
from sokoguru.federation.reports.selectors import previous_month, report_job_list
from sokoguru.platform.core.documents import download
from sokoguru.platform.core.errors import NotFound, SokoguruError, format_errors

LOGIN_URL = "/login/"


def _body(request, slug: str) -> OversightBody:
    body = OversightBody.objects.select_related("region").filter(slug=slug).first()
    if body is None or not is_body_official(request.user, body):
        raise Http404(_("Badan tidak ditemukan."))
    return body


def _period(value: str) -> date:
    try:
        year, month = (int(part) for part in value.split("-")[:2])
        return date(year, month, 1)
    except (TypeError, ValueError):
        raise ValidationError({"period": _("Pilih bulan laporan (tahun-bulan).")}) from None


def page_url(body: OversightBody) -> str:
    return reverse("reports:list", args=[body.slug])


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def report_list(request, slug: str):
    body = _body(request, slug)
    today = timezone.localdate()
    if request.method == "POST":
        try:
            job = services.report_request(
                user=request.user,
                body=body,
                kind=request.POST.get("kind", ""),
                format=request.POST.get("format", ""),
                period=_period(request.POST.get("period", "")),
                today=today,
            )
            if job.status == job.Status.DONE:
                messages.success(request, _("Laporan siap diunduh."))
            else:
                messages.success(
                    request, _("Laporan sedang dibuat; halaman ini diperbarui sendiri.")
                )
        except (SokoguruError, ValidationError) as exc:
            messages.error(request, format_errors(exc))
        return redirect(page_url(body))
    jobs = list(report_job_list(body=body)[:30])
    kinds = [(k, ReportKind(k).label) for k in services.report_kinds_for(body)]
    return render(
        request,
        "reports/list.html",
        {
            "body": body,
            "back": reverse("dashboard:body", args=["badan", body.slug]),
            "jobs": jobs,
            "running": any(not j.is_finished for j in jobs),
            "kinds": kinds,
            "formats": ReportFormat.choices,
            "default_period": f"{previous_month(today):%Y-%m}",
            "max_period": f"{today:%Y-%m}",
            "subscribed": ReportSubscription.objects.filter(user=request.user, body=body).exists(),
        },
    )


@login_required(login_url=LOGIN_URL)
def report_download(request, slug: str, job_id: int):
    body = _body(request, slug)
    try:
        if services.report_job_get(user=request.user, job_id=job_id).body_id != body.pk:
            raise NotFound("Laporan tidak ditemukan.", field="report")
        content, filename, content_type = services.report_file_read(
            user=request.user, job_id=job_id
        )
    except NotFound:
        raise Http404(_("Laporan tidak ditemukan.")) from None
    return download(content, filename=filename, content_type=content_type)


@login_required(login_url=LOGIN_URL)
@require_POST
def report_subscribe(request, slug: str):
    body = _body(request, slug)
    subscribed = request.POST.get("subscribed") == "1"
    services.report_subscription_set(user=request.user, body=body, subscribed=subscribed)
    messages.success(
        request,
        _("Laporan bulanan akan dikirim ke email Anda.")
        if subscribed
        else _("Pengiriman laporan bulanan lewat email dihentikan."),
    )
    return redirect(page_url(body))
