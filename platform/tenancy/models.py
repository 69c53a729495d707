"""The registry in the public schema: regions, cooperatives (the tenants) and their domains."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_tenants.models import DomainMixin, TenantMixin

REGION_CODE_PATTERNS = {
    1: re.compile(r"^\d{2}$"),
    2: re.compile(r"^\d{2}\.\d{2}$"),
    3: re.compile(r"^\d{2}\.\d{2}\.\d{2}$"),
    4: re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"),
}


class Region(models.Model):
    """One node of the official region tree, keyed by its Kemendagri code."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Provinsi")
        REGENCY = 2, _("Kabupaten/Kota")
        DISTRICT = 3, _("Kecamatan")
        VILLAGE = 4, _("Kelurahan/Desa")

    code = models.CharField(_("kode Kemendagri"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = pgettext_lazy("jamak", "wilayah")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "name"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        pattern = REGION_CODE_PATTERNS.get(self.level)
        if pattern is None or not pattern.match(self.code or ""):
            raise ValidationError({"code": _("Kode wilayah tidak sesuai dengan tingkatnya.")})
        expected_parent = self.code.rsplit(".", 1)[0] if self.level > 1 else None
        if (self.parent_id or None) != expected_parent:
            raise ValidationError(
                {"parent": _("Induk wilayah harus %(code)s.") % {"code": expected_parent or "-"}}
            )


nik_koperasi_validator = RegexValidator(
    r"^\d{16}$", _("Nomor induk koperasi harus 16 digit angka."), code="invalid_nik_koperasi"
)
slug_validator = RegexValidator(
    r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$",
    _("Slug hanya huruf kecil, angka dan tanda minus (3-40 karakter, diawali huruf)."),
    code="invalid_slug",
)


class Cooperative(TenantMixin):
    """A cooperative: the django-tenants tenant whose schema holds its books."""

    class Kind(models.TextChoices):
        PRIMARY_RW = "primary_rw", _("Primer RW")
        PRIMARY_OPD = "primary_opd", _("Primer OPD (pegawai)")
        PRIMARY_OTHER = "primary_other", _("Primer lainnya")
        SECONDARY = "secondary", _("Sekunder")
        PLATFORM = "platform", _("Platform (skema publik)")

    name = models.CharField(_("nama"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=40, unique=True, validators=[slug_validator])
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    legal_number = models.CharField(
        _("nomor induk koperasi"),
        max_length=16,
        blank=True,
        default="",
        validators=[nik_koperasi_validator],
    )
    domicile = models.ForeignKey(
        Region,
        verbose_name=_("domisili (kelurahan/desa)"),
        on_delete=models.PROTECT,
        related_name="cooperatives",
        null=True,
        blank=True,
    )
    time_zone = models.CharField(_("zona waktu"), max_length=40, default="Asia/Jakarta")
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    # Set (on commit) by every posting into this cooperative's books; the federation refresher
    # picks up cooperatives whose books changed after their last snapshot.
    books_changed_at = models.DateTimeField(_("buku berubah"), null=True, blank=True)
    # Set (on commit) when a product of its catalogue changes; the public catalogue's
    # refresher republishes the cooperative's projection (see federation/catalogue).
    catalogue_changed_at = models.DateTimeField(_("katalog berubah"), null=True, blank=True)
    # Hash of the tenant apps' migration leaf nodes this cooperative's schema was last brought to
    # (see tenancy/template.py): `sokoguru migrate` only visits cooperatives whose value differs
    # from the code's.
    migration_state = models.CharField(
        _("status migrasi"), max_length=64, blank=True, default="", editable=False
    )

    auto_create_schema = True
    auto_drop_schema = False

    class Meta:
        verbose_name = _("koperasi")
        verbose_name_plural = pgettext_lazy("jamak", "koperasi")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["legal_number"],
                condition=~models.Q(legal_number=""),
                name="cooperative_legal_number_unique",
            )
        ]
        indexes = [models.Index(fields=["kind", "is_active"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == self.Kind.PLATFORM:
            return
        if not self.domicile_id:
            raise ValidationError({"domicile": _("Domisili koperasi wajib diisi.")})
        if self.domicile_id:
            level = (
                self.domicile.level
                if isinstance(getattr(self, "domicile", None), Region)
                else Region.objects.filter(pk=self.domicile_id)
                .values_list("level", flat=True)
                .first()
            )
            if level != Region.Level.VILLAGE:
                raise ValidationError(
                    {"domicile": _("Domisili koperasi harus sebuah kelurahan/desa.")}
                )

    @staticmethod
    def schema_for_slug(slug: str) -> str:
        return "k_" + slug.replace("-", "_")


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = pgettext_lazy("jamak", "domain")


class SchemaTemplate(models.Model):
    """The DDL of a cooperative's schema at one migration state, dumped from the template schema
    built by real migrations; new cooperatives' schemas are created by replaying it."""

    key = models.CharField(_("kunci"), max_length=64, primary_key=True)
    migration_state = models.CharField(_("status migrasi"), max_length=64)
    ddl = models.TextField(_("DDL"))
    statements = models.PositiveIntegerField(_("jumlah pernyataan"), default=0)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("templat skema")
        verbose_name_plural = pgettext_lazy("jamak", "templat skema")

    def __str__(self) -> str:
        return self.key[:12]


class SpareSchema(models.Model):
    """A pre-built cooperative schema waiting to be taken by provisioning (see
    ``tenancy/spares.py``); only spares of the current template key are taken."""

    schema_name = models.CharField(_("skema"), max_length=63, primary_key=True)
    template_key = models.CharField(_("kunci templat"), max_length=64, db_index=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("skema cadangan")
        verbose_name_plural = pgettext_lazy("jamak", "skema cadangan")

    def __str__(self) -> str:
        return self.schema_name
