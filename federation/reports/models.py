"""Oversight report jobs: one row per requested (body, kind, period, format). The rendered file
is stored with the version of the snapshot data it was made from, so a second request for the
same period reuses it until the snapshots change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportKind(models.TextChoices):
    KELURAHAN = "kelurahan", _("Laporan pemantauan bulanan kelurahan")
    REGIONAL = "regional", _("Laporan wilayah dinas")
    ODS = "ods", _("Ekspor Online Data System (ODS)")


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"


class ReportJob(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        RUNNING = "running", _("Sedang dibuat")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    body = models.ForeignKey(
        "oversight.OversightBody",
        verbose_name=_("badan"),
        on_delete=models.CASCADE,
        related_name="report_jobs",
    )
    kind = models.CharField(_("jenis laporan"), max_length=12, choices=ReportKind.choices)
    format = models.CharField(_("format"), max_length=4, choices=ReportFormat.choices)
    period = models.DateField(_("periode (bulan)"), help_text=_("Hari pertama bulan laporan."))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress_done = models.PositiveIntegerField(_("koperasi selesai"), default=0)
    progress_total = models.PositiveIntegerField(_("jumlah koperasi"), default=0)
    data_version = models.CharField(_("versi data snapshot"), max_length=64, blank=True)
    file = models.FileField(_("berkas"), upload_to="reports/", blank=True)
    filename = models.CharField(_("nama berkas"), max_length=200, blank=True)
    error = models.TextField(_("galat"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_jobs",
    )
    created_at = models.DateTimeField(_("diminta"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("laporan pengawasan")
        verbose_name_plural = pgettext_lazy("jamak", "laporan pengawasan")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["body", "kind", "format", "period"], name="report_job_lookup")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_done__lte=models.F("progress_total"))
                | models.Q(progress_total=0),
                name="report_job_progress_bounded",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body} · {self.get_kind_display()} · {self.period:%Y-%m} · {self.format}"

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 100 if self.status == self.Status.DONE else 0
        return int(self.progress_done * 100 / self.progress_total)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ReportSubscription(models.Model):
    """An official who asked for the body's monthly report by email (opt-in per official)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="report_subscriptions",
    )
    body = models.ForeignKey(
        "oversight.OversightBody",
        verbose_name=_("badan"),
        on_delete=models.CASCADE,
        related_name="report_subscriptions",
    )
    created_at = models.DateTimeField(_("didaftarkan"), auto_now_add=True)
    last_sent_period = models.DateField(_("periode terakhir dikirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("langganan laporan bulanan")
        verbose_name_plural = pgettext_lazy("jamak", "langganan laporan bulanan")
        constraints = [
            models.UniqueConstraint(fields=["user", "body"], name="report_subscription_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.body}"
