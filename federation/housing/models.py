"""A koperasi sekunder's housing programme (public schema).

Why the public schema: the programme spans the sekunder and the members of its member
cooperatives. Applications come from the primaries' members, the sekunder ranks them, the dinas
sees the programme in aggregate, and who may see a member's name or NIK depends on the primary's
data-sharing consent (``federation.consent``) — all federation concerns. Keeping the programme
here lets the federation views read it without walking any cooperative's schema, and keeps
member data in the primary's schema: an application stores the member's identity only when the
primary has given the sekunder member-level consent; otherwise the sekunder sees the anonymous
``reference`` and the eligibility facts (status, months of wajib paid, income band). The money
(down payments) stays in the primary's books, on the member's savings."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _money(label, **kwargs):
    return models.DecimalField(label, max_digits=18, decimal_places=2, **kwargs)


class HousingProject(models.Model):
    sekunder = models.ForeignKey(
        "tenancy.Cooperative",
        verbose_name=_("koperasi sekunder"),
        on_delete=models.PROTECT,
        related_name="housing_projects",
    )
    name = models.CharField(_("nama proyek"), max_length=160)
    location = models.CharField(_("lokasi"), max_length=255)
    developer = models.CharField(_("pengembang/mitra"), max_length=160)
    financing_partner = models.CharField(_("mitra pembiayaan"), max_length=160, blank=True)
    down_payment_percent = models.DecimalField(
        _("uang muka (%)"), max_digits=5, decimal_places=2, default=10
    )
    min_wajib_months = models.PositiveSmallIntegerField(
        _("minimal bulan simpanan wajib dibayar"), default=6
    )
    max_income_band = models.PositiveSmallIntegerField(
        _("golongan penghasilan tertinggi yang boleh mendaftar"), default=3
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("proyek perumahan")
        verbose_name_plural = pgettext_lazy("jamak", "proyek perumahan")
        ordering = ["sekunder_id", "name"]

    def __str__(self) -> str:
        return self.name


class HousingUnitType(models.Model):
    project = models.ForeignKey(
        HousingProject,
        verbose_name=_("proyek"),
        on_delete=models.CASCADE,
        related_name="unit_types",
    )
    name = models.CharField(_("tipe unit"), max_length=60)
    price = _money(_("harga"))
    unit_count = models.PositiveSmallIntegerField(_("jumlah unit"))

    class Meta:
        verbose_name = _("tipe unit perumahan")
        verbose_name_plural = pgettext_lazy("jamak", "tipe unit perumahan")
        ordering = ["project_id", "price", "name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="housing_unit_type_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.name}"


class HousingApplication(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Diajukan")
        INELIGIBLE = "ineligible", _("Tidak memenuhi syarat")
        WAITLISTED = "waitlisted", _("Daftar tunggu")
        ALLOCATED = "allocated", _("Mendapat unit")
        FINANCED = "financed", _("Pembiayaan disetujui")
        HANDED_OVER = "handed_over", _("Serah terima")

    class Financing(models.TextChoices):
        NONE = "", _("Belum ditentukan")
        BANK = "bank", _("Bank mitra")
        SEKUNDER = "sekunder", _("Koperasi sekunder")

    project = models.ForeignKey(
        HousingProject,
        verbose_name=_("proyek"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    cooperative = models.ForeignKey(
        "tenancy.Cooperative",
        verbose_name=_("koperasi anggota"),
        on_delete=models.PROTECT,
        related_name="housing_applications",
    )
    reference = models.CharField(_("nomor pendaftaran"), max_length=24, unique=True)
    # The member's id in the primary's own schema, for the primary's side only (down payment);
    # never shown to the sekunder or the dinas.
    primary_member_id = models.BigIntegerField()
    unit_type = models.ForeignKey(
        HousingUnitType, verbose_name=_("tipe unit"), on_delete=models.PROTECT
    )
    member_active = models.BooleanField(_("anggota aktif"))
    wajib_months_paid = models.PositiveSmallIntegerField(_("bulan simpanan wajib dibayar"))
    income_band = models.PositiveSmallIntegerField(_("golongan penghasilan"))
    eligible = models.BooleanField(_("memenuhi syarat"), default=False)
    ineligible_reason = models.CharField(
        _("alasan tidak memenuhi syarat"), max_length=255, blank=True
    )
    rank = models.PositiveIntegerField(_("peringkat"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    # Only with the primary's member-level consent to the sekunder (blank otherwise).
    applicant_name = models.CharField(_("nama pemohon"), max_length=200, blank=True)
    applicant_nik = models.CharField(_("NIK pemohon"), max_length=16, blank=True)
    down_payment_due = _money(_("uang muka"), default=0)
    down_payment_paid = _money(_("uang muka dibayar"), default=0)
    financing = models.CharField(
        _("pembiayaan"), max_length=10, choices=Financing.choices, blank=True, default=""
    )
    financing_note = models.CharField(_("catatan pembiayaan"), max_length=255, blank=True)
    submitted_at = models.DateTimeField(_("diajukan"), auto_now_add=True)
    submitted_by_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("pendaftaran perumahan")
        verbose_name_plural = pgettext_lazy("jamak", "pendaftaran perumahan")
        ordering = ["project_id", "rank", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "cooperative", "primary_member_id"],
                name="housing_one_application_per_member",
            )
        ]

    def __str__(self) -> str:
        return self.reference
