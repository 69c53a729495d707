"""The cooperative's own profile: secretariat address, contacts and bank account. One row per
cooperative schema."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CooperativeProfile(models.Model):
    singleton = models.BooleanField(default=True, unique=True, editable=False)
    address = models.CharField(_("alamat sekretariat"), max_length=255, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    bank_name = models.CharField(_("nama bank"), max_length=80, blank=True)
    bank_account = models.CharField(_("nomor rekening"), max_length=30, blank=True)
    founded_on = models.DateField(_("tanggal berdiri"), null=True, blank=True)
    deed_number = models.CharField(_("nomor akta pendirian"), max_length=60, blank=True)
    employees = models.PositiveIntegerField(
        _("jumlah karyawan"),
        default=0,
        help_text=_("Karyawan yang digaji koperasi (untuk laporan ke dinas dan ODS)."),
    )
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("profil koperasi")
        verbose_name_plural = pgettext_lazy("jamak", "profil koperasi")

    def __str__(self) -> str:
        return str(_("Profil koperasi"))
