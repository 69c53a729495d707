"""Oversight bodies (kelurahan, kecamatan, dinas) and the officials who hold roles on them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OversightBody(models.Model):
    class Kind(models.TextChoices):
        KELURAHAN = "kelurahan", _("Kantor kelurahan/desa")
        KECAMATAN = "kecamatan", _("Kantor kecamatan")
        DINAS_KOTA = "dinas_kota", _("Dinas koperasi kabupaten/kota")
        DINAS_PROVINSI = "dinas_provinsi", _("Dinas koperasi provinsi")

    name = models.CharField(_("nama"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        "tenancy.Region",
        verbose_name=_("wilayah yang diawasi"),
        on_delete=models.PROTECT,
        related_name="oversight_bodies",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("badan pengawas")
        verbose_name_plural = pgettext_lazy("jamak", "badan pengawas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    # The region level each kind of body covers.
    REGION_LEVEL = {
        Kind.KELURAHAN: 4,
        Kind.KECAMATAN: 3,
        Kind.DINAS_KOTA: 2,
        Kind.DINAS_PROVINSI: 1,
    }

    def clean(self) -> None:
        expected = self.REGION_LEVEL.get(self.kind)
        if expected is None or not self.region_id:
            return
        if self.region_id.count(".") + 1 != expected:
            raise ValidationError(
                {
                    "region": _("Wilayah tidak sesuai dengan jenis badan (%(kind)s).")
                    % {"kind": self.get_kind_display()}
                }
            )

    @property
    def region_code(self) -> str:
        return self.region_id


class BodyRole(models.Model):
    class Role(models.TextChoices):
        OFFICIAL = "official", _("Pejabat")
        VIEWER = "viewer", _("Pemantau")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="body_roles",
    )
    body = models.ForeignKey(
        OversightBody, verbose_name=_("badan"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(_("diberikan"), auto_now_add=True)

    class Meta:
        verbose_name = _("peran di badan pengawas")
        verbose_name_plural = pgettext_lazy("jamak", "peran di badan pengawas")
        constraints = [
            models.UniqueConstraint(fields=["user", "body", "role"], name="body_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.body}"
