"""The public catalogue and the kelurahan exhibitions (public schema).

A cooperative's products appear in the public catalogue only while its ketua has opted in
(``CatalogueOptIn``, every change logged) and only the products it marked published. Public pages
read ``CatalogueItem`` only — a projection published from the cooperative's schema by the
catalogue refresher after a product changes — so no public request walks a tenant schema."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sokoguru.tenants.production.models import Kind


class CatalogueOptIn(models.Model):
    """Whether a cooperative shows its published products in the public catalogue."""

    cooperative = models.OneToOneField(
        "tenancy.Cooperative",
        verbose_name=_("koperasi"),
        on_delete=models.CASCADE,
        related_name="catalogue_opt_in",
    )
    is_opted_in = models.BooleanField(_("tampil di katalog publik"), default=False)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diubah oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("persetujuan katalog publik")
        verbose_name_plural = pgettext_lazy("jamak", "persetujuan katalog publik")

    def __str__(self) -> str:
        return f"{self.cooperative_id}: {self.is_opted_in}"


class CatalogueOptInLog(models.Model):
    cooperative = models.ForeignKey(
        "tenancy.Cooperative",
        verbose_name=_("koperasi"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    is_opted_in = models.BooleanField(_("tampil di katalog publik"))
    changed_at = models.DateTimeField(_("diubah pada"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diubah oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("riwayat persetujuan katalog")
        verbose_name_plural = pgettext_lazy("jamak", "riwayat persetujuan katalog")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.cooperative_id}: {self.is_opted_in} @ {self.changed_at}"


class CatalogueState(models.Model):
    """When a cooperative's projection was last published, and its public contact."""

    cooperative = models.OneToOneField(
        "tenancy.Cooperative",
        verbose_name=_("koperasi"),
        on_delete=models.CASCADE,
        related_name="catalogue_state",
    )
    published_at = models.DateTimeField(_("diterbitkan"))
    contact_phone = models.CharField(_("telepon/WhatsApp koperasi"), max_length=20, blank=True)
    contact_address = models.CharField(_("alamat sekretariat"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("status katalog")
        verbose_name_plural = pgettext_lazy("jamak", "status katalog")

    def __str__(self) -> str:
        return f"{self.cooperative_id} @ {self.published_at}"


class CatalogueItem(models.Model):
    """One published product of an opted-in cooperative, as the cooperative publishes it."""

    cooperative = models.ForeignKey(
        "tenancy.Cooperative",
        verbose_name=_("koperasi"),
        on_delete=models.CASCADE,
        related_name="catalogue_items",
    )
    region_code = models.CharField(_("kode wilayah domisili"), max_length=13)
    product_id = models.BigIntegerField(_("produk (id di koperasi)"))
    name = models.CharField(_("nama produk"), max_length=120)
    description = models.TextField(_("deskripsi"), blank=True)
    business_name = models.CharField(_("usaha"), max_length=120)
    kind = models.CharField(_("jenis usaha"), max_length=24, choices=Kind.choices)
    unit = models.CharField(_("satuan"), max_length=10)
    price = models.DecimalField(_("harga (Rp)"), max_digits=18, decimal_places=2)
    in_stock = models.BooleanField(_("tersedia"), default=True)
    photo_url = models.CharField(_("foto"), max_length=300, blank=True)
    thumbnail_url = models.CharField(_("foto kecil"), max_length=300, blank=True)
    search_text = models.TextField(_("teks pencarian"), blank=True)
    updated_at = models.DateTimeField(_("diperbarui"))

    class Meta:
        verbose_name = _("produk katalog publik")
        verbose_name_plural = pgettext_lazy("jamak", "produk katalog publik")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "product_id"], name="catalogue_item")
        ]
        indexes = [
            models.Index(
                fields=["region_code"], name="catalogue_region", opclasses=["varchar_pattern_ops"]
            )
        ]

    def __str__(self) -> str:
        return self.name


class Exhibition(models.Model):
    """A kelurahan exhibition (pameran) of the cooperatives' products."""

    body = models.ForeignKey(
        "oversight.OversightBody",
        verbose_name=_("penyelenggara"),
        on_delete=models.PROTECT,
        related_name="exhibitions",
    )
    name = models.CharField(_("nama pameran"), max_length=200)
    starts_on = models.DateField(_("tanggal mulai"))
    ends_on = models.DateField(_("tanggal selesai"))
    place = models.CharField(_("tempat"), max_length=255)
    description = models.TextField(_("keterangan"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pameran")
        verbose_name_plural = pgettext_lazy("jamak", "pameran")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="exhibition_dates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on:%d-%m-%Y})"


class ExhibitionInvitation(models.Model):
    exhibition = models.ForeignKey(
        Exhibition,
        verbose_name=_("pameran"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    cooperative = models.ForeignKey(
        "tenancy.Cooperative",
        verbose_name=_("koperasi"),
        on_delete=models.CASCADE,
        related_name="exhibition_invitations",
    )
    invited_at = models.DateTimeField(_("diundang"), auto_now_add=True)

    class Meta:
        verbose_name = _("undangan pameran")
        verbose_name_plural = pgettext_lazy("jamak", "undangan pameran")
        constraints = [
            models.UniqueConstraint(
                fields=["exhibition", "cooperative"], name="exhibition_invitation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.exhibition_id} → {self.cooperative_id}"


class ExhibitionResult(models.Model):
    """A cooperative's sales at an exhibition, from its own books (published with its
    catalogue projection)."""

    exhibition = models.ForeignKey(
        Exhibition, verbose_name=_("pameran"), on_delete=models.CASCADE, related_name="results"
    )
    cooperative = models.ForeignKey(
        "tenancy.Cooperative",
        verbose_name=_("koperasi"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    sales_count = models.PositiveIntegerField(_("jumlah transaksi"), default=0)
    quantity = models.DecimalField(_("jumlah terjual"), max_digits=14, decimal_places=3, default=0)
    amount = models.DecimalField(
        _("nilai penjualan (Rp)"), max_digits=18, decimal_places=2, default=0
    )
    refreshed_at = models.DateTimeField(_("diperbarui"))

    class Meta:
        verbose_name = _("hasil pameran")
        verbose_name_plural = pgettext_lazy("jamak", "hasil pameran")
        constraints = [
            models.UniqueConstraint(fields=["exhibition", "cooperative"], name="exhibition_result")
        ]

    def __str__(self) -> str:
        return f"{self.exhibition_id}/{self.cooperative_id}: {self.amount}"
