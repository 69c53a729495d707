"""The cooperative's health assessment per month (the scheme's aspects and ratios, each with the
figures it came from) and the management questionnaire the pengawas fills."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Band(models.TextChoices):
    SEHAT = "sehat", _("Sehat")
    CUKUP_SEHAT = "cukup_sehat", _("Cukup Sehat")
    DALAM_PENGAWASAN = "dalam_pengawasan", _("Dalam Pengawasan")
    DALAM_PENGAWASAN_KHUSUS = "dalam_pengawasan_khusus", _("Dalam Pengawasan Khusus")


class ManagementQuestionnaire(models.Model):
    """One submission of the management aspect's questions (``{question_code: bool}``). The
    month's assessment uses the newest submission made for that month or earlier."""

    month = models.DateField(_("bulan (akhir bulan)"))
    scheme = models.CharField(_("skema penilaian"), max_length=40)
    scheme_version = models.CharField(_("versi skema"), max_length=20)
    answers = models.JSONField(_("jawaban"), default=dict)
    submitted_by_id = models.BigIntegerField(_("diisi oleh (id pengguna)"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("waktu pengisian"))

    class Meta:
        verbose_name = _("kuesioner manajemen")
        verbose_name_plural = pgettext_lazy("jamak", "kuesioner manajemen")
        ordering = ["-month", "-submitted_at", "-pk"]
        indexes = [models.Index(fields=["scheme", "month"], name="health_questionnaire_month")]

    def __str__(self) -> str:
        return f"{self.scheme} {self.month:%Y-%m}"


class HealthAssessment(models.Model):
    """The assessment of one month under one scheme: total score, band, aspect scores, every
    ratio with its numerator, denominator, source accounts and the table row that scored it, and
    the PEARLS ratios with their goals."""

    month = models.DateField(_("bulan (akhir bulan)"))
    scheme = models.CharField(_("skema penilaian"), max_length=40)
    scheme_version = models.CharField(_("versi skema"), max_length=20)
    total_score = models.DecimalField(_("skor total"), max_digits=6, decimal_places=2)
    band = models.CharField(_("predikat"), max_length=30, choices=Band.choices)
    aspect_scores = models.JSONField(_("skor per aspek"), default=dict)
    ratios = models.JSONField(_("rincian rasio"), default=list)
    pearls = models.JSONField(_("rasio PEARLS"), default=list)
    questionnaire = models.ForeignKey(
        ManagementQuestionnaire,
        verbose_name=_("kuesioner manajemen"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    computed_at = models.DateTimeField(_("waktu perhitungan"))
    computed_by_id = models.BigIntegerField(_("dihitung oleh (id pengguna)"), null=True, blank=True)

    class Meta:
        verbose_name = _("penilaian kesehatan")
        verbose_name_plural = pgettext_lazy("jamak", "penilaian kesehatan")
        ordering = ["-month", "scheme"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "month"], name="health_assessment_month"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.month:%Y-%m}: {self.total_score} ({self.band})"
