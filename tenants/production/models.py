"""Members' micro-businesses (usaha anggota): their weekly/monthly output records, the
cooperative's product catalogue (prices with history, photos, stock movements) and the sales made
through the cooperative — consignment (titip jual) for a member and the cooperative's own stock.

Money moves only through ledger postings made by ``services``; a ``Sale`` or ``Settlement`` row
is the source document of its journal transaction. Stock is a column on ``Product`` kept equal to
the sum of its ``StockMovement`` rows and never below zero (a database check)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sokoguru.tenants.members.models import Member

ZERO = Decimal("0.00")


def MoneyField(verbose_name, **kwargs):  # noqa: N802 - reads like a field class
    return models.DecimalField(
        verbose_name,
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
        **kwargs,
    )


def QuantityField(verbose_name, **kwargs):  # noqa: N802
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=3, **kwargs)


class Kind(models.TextChoices):
    HIDROPONIK = "hidroponik", _("Hidroponik")
    TOGA = "toga", _("Tanaman obat keluarga (toga)")
    OLAHAN_PANGAN = "olahan_pangan", _("Olahan pangan")
    KERAJINAN_DAUR_ULANG = "kerajinan_daur_ulang", _("Kerajinan daur ulang")
    LAINNYA = "lainnya", _("Lainnya")


class Unit(models.TextChoices):
    KG = "kg", _("kg")
    GRAM = "gram", _("gram")
    IKAT = "ikat", _("ikat")
    POT = "pot", _("pot")
    BOTOL = "botol", _("botol")
    BUAH = "buah", _("buah")
    BUNGKUS = "bungkus", _("bungkus")
    TOPLES = "toples", _("toples")
    LITER = "liter", _("liter")
    LEMBAR = "lembar", _("lembar")


class Business(models.Model):
    """A member's micro-business (usaha anggota); one or more members own it."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktif")
        PAUSED = "paused", _("Berhenti sementara")
        CLOSED = "closed", _("Tutup")

    name = models.CharField(_("nama usaha"), max_length=120)
    kind = models.CharField(_("jenis usaha"), max_length=24, choices=Kind.choices)
    owners = models.ManyToManyField(
        Member, verbose_name=_("pemilik (anggota)"), related_name="businesses"
    )
    started_on = models.DateField(_("mulai usaha"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    closed_on = models.DateField(_("tanggal berhenti/tutup"), null=True, blank=True)
    description = models.TextField(_("keterangan"), blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    created_by_id = models.BigIntegerField(_("dicatat oleh (id pengguna)"), null=True, blank=True)

    class Meta:
        verbose_name = _("usaha anggota")
        verbose_name_plural = pgettext_lazy("jamak", "usaha anggota")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Period(models.TextChoices):
    WEEK = "week", _("Mingguan")
    MONTH = "month", _("Bulanan")


class OutputRecord(models.Model):
    """What one business produced of one product in one week (starting Monday) or month
    (starting on the 1st). A later entry for the same period, product and unit corrects it;
    who entered it and when are kept, so late entries are visible."""

    business = models.ForeignKey(
        Business,
        verbose_name=_("usaha"),
        on_delete=models.PROTECT,
        related_name="outputs",
        db_index=False,
    )
    period = models.CharField(_("periode"), max_length=5, choices=Period.choices)
    period_start = models.DateField(_("awal periode"))
    product_name = models.CharField(_("produk"), max_length=120)
    quantity = QuantityField(_("jumlah"), validators=[MinValueValidator(Decimal("0"))])
    unit = models.CharField(_("satuan"), max_length=10, choices=Unit.choices)
    value = MoneyField(_("nilai (Rp, boleh kosong)"), null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    recorded_at = models.DateTimeField(_("dicatat pada"))
    recorded_by_id = models.BigIntegerField(_("dicatat oleh (id pengguna)"), null=True, blank=True)
    is_late = models.BooleanField(_("dicatat terlambat"), default=False)

    class Meta:
        verbose_name = _("catatan hasil produksi")
        verbose_name_plural = pgettext_lazy("jamak", "catatan hasil produksi")
        ordering = ["-period_start", "business_id", "product_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["business", "period", "period_start", "product_name", "unit"],
                name="production_output_one_per_period",
            ),
        ]
        indexes = [models.Index(fields=["period", "period_start"], name="production_output_p")]

    def __str__(self) -> str:
        return f"{self.business_id} {self.period_start} {self.product_name}"


class Product(models.Model):
    """A product in the cooperative's catalogue, made by one business."""

    class Mode(models.TextChoices):
        CONSIGNMENT = "consignment", _("Titip jual (milik anggota)")
        OWN = "own", _("Stok koperasi sendiri")

    business = models.ForeignKey(
        Business, verbose_name=_("usaha"), on_delete=models.PROTECT, related_name="products"
    )
    name = models.CharField(_("nama produk"), max_length=120)
    description = models.TextField(_("deskripsi"), blank=True)
    unit = models.CharField(_("satuan"), max_length=10, choices=Unit.choices)
    price = MoneyField(_("harga jual (Rp)"))
    mode = models.CharField(
        _("cara jual"), max_length=12, choices=Mode.choices, default=Mode.CONSIGNMENT
    )
    commission_percent = models.DecimalField(
        _("komisi koperasi (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Kosongkan untuk memakai komisi titip jual dari anggaran dasar."),
    )
    average_cost = MoneyField(_("harga pokok rata-rata (Rp)"), default=ZERO)
    stock = QuantityField(_("stok"), default=Decimal("0"))
    photo = models.ImageField(_("foto"), upload_to="production/products/", blank=True)
    thumbnail = models.ImageField(_("foto kecil"), upload_to="production/thumbs/", blank=True)
    is_published = models.BooleanField(_("tampil di katalog publik"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    created_by_id = models.BigIntegerField(_("dicatat oleh (id pengguna)"), null=True, blank=True)

    class Meta:
        verbose_name = _("produk")
        verbose_name_plural = pgettext_lazy("jamak", "produk")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stock__gte=0), name="production_stock_never_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProductPrice(models.Model):
    """Price history: every price a product had, from when."""

    product = models.ForeignKey(
        Product, verbose_name=_("produk"), on_delete=models.CASCADE, related_name="prices"
    )
    price = MoneyField(_("harga (Rp)"))
    effective_from = models.DateField(_("berlaku mulai"))
    set_at = models.DateTimeField(_("diubah pada"), auto_now_add=True)
    set_by_id = models.BigIntegerField(_("diubah oleh (id pengguna)"), null=True, blank=True)

    class Meta:
        verbose_name = _("riwayat harga")
        verbose_name_plural = pgettext_lazy("jamak", "riwayat harga")
        ordering = ["product_id", "-effective_from", "-pk"]

    def __str__(self) -> str:
        return f"{self.product_id} {self.price} @ {self.effective_from}"


class StockMovement(models.Model):
    class Kind(models.TextChoices):
        PRODUCTION_IN = "production_in", _("Masuk dari produksi / titipan")
        SALE_OUT = "sale_out", _("Keluar karena penjualan")
        ADJUSTMENT = "adjustment", _("Penyesuaian")

    product = models.ForeignKey(
        Product, verbose_name=_("produk"), on_delete=models.PROTECT, related_name="movements"
    )
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("tanggal"))
    quantity = QuantityField(_("jumlah (+ masuk, − keluar)"))
    unit_cost = MoneyField(_("harga pokok per satuan (Rp)"), null=True, blank=True)
    reason = models.CharField(_("alasan"), max_length=255, blank=True)
    sale = models.ForeignKey(
        "Sale", verbose_name=_("penjualan"), on_delete=models.PROTECT, null=True, blank=True
    )
    journal_transaction_id = models.BigIntegerField(_("transaksi jurnal"), null=True, blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    created_by_id = models.BigIntegerField(_("dicatat oleh (id pengguna)"), null=True, blank=True)

    class Meta:
        verbose_name = _("mutasi stok")
        verbose_name_plural = pgettext_lazy("jamak", "mutasi stok")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.product_id} {self.kind} {self.quantity}"


class Settlement(models.Model):
    """The cooperative pays a consignor what their consignment sales left them (utang titipan)."""

    member = models.ForeignKey(
        Member, verbose_name=_("anggota"), on_delete=models.PROTECT, related_name="settlements"
    )
    date = models.DateField(_("tanggal"))
    amount = MoneyField(_("jumlah (Rp)"))
    journal_transaction_id = models.BigIntegerField(_("transaksi jurnal"), null=True, blank=True)
    idempotency_key = models.CharField(_("kunci idempotensi"), max_length=150)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    created_by_id = models.BigIntegerField(_("dicatat oleh (id pengguna)"), null=True, blank=True)

    class Meta:
        verbose_name = _("pelunasan titipan")
        verbose_name_plural = pgettext_lazy("jamak", "pelunasan titipan")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"], name="production_settlement_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.amount} @ {self.date}"


class Sale(models.Model):
    """One sale of one product through the cooperative (counter, online or an exhibition)."""

    class Channel(models.TextChoices):
        DIRECT = "direct", _("Langsung")
        ONLINE = "online", _("Daring / media sosial")
        EXHIBITION = "exhibition", _("Pameran")

    product = models.ForeignKey(
        Product, verbose_name=_("produk"), on_delete=models.PROTECT, related_name="sales"
    )
    date = models.DateField(_("tanggal"))
    quantity = QuantityField(_("jumlah"))
    unit_price = MoneyField(_("harga satuan (Rp)"))
    amount = MoneyField(_("nilai penjualan (Rp)"))
    mode = models.CharField(_("cara jual"), max_length=12, choices=Product.Mode.choices)
    channel = models.CharField(
        _("saluran"), max_length=12, choices=Channel.choices, default=Channel.DIRECT
    )
    exhibition_id = models.BigIntegerField(_("pameran (id)"), null=True, blank=True)
    consignor = models.ForeignKey(
        Member,
        verbose_name=_("penitip (anggota)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consignment_sales",
        db_index=False,
    )
    commission_percent = models.DecimalField(
        _("komisi (%)"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    commission = MoneyField(_("komisi koperasi (Rp)"), default=ZERO)
    payable = MoneyField(_("hak penitip (Rp)"), default=ZERO)
    cost = MoneyField(_("harga pokok penjualan (Rp)"), default=ZERO)
    settlement = models.ForeignKey(
        Settlement,
        verbose_name=_("pelunasan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sales",
    )
    journal_transaction_id = models.BigIntegerField(_("transaksi jurnal"), null=True, blank=True)
    idempotency_key = models.CharField(_("kunci idempotensi"), max_length=150)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    created_by_id = models.BigIntegerField(_("dicatat oleh (id pengguna)"), null=True, blank=True)

    class Meta:
        verbose_name = _("penjualan")
        verbose_name_plural = pgettext_lazy("jamak", "penjualan")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["consignor", "settlement"], name="production_sale_unsettled"),
            models.Index(fields=["exhibition_id"], name="production_sale_exhibition"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], name="production_sale_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.product_id} × {self.quantity} @ {self.date}"


class ExhibitionEntry(models.Model):
    """A product and the stock the cooperative brings to a kelurahan exhibition (pameran, kept
    in the public schema by federation; here only its id)."""

    exhibition_id = models.BigIntegerField(_("pameran (id)"))
    product = models.ForeignKey(
        Product, verbose_name=_("produk"), on_delete=models.PROTECT, related_name="exhibitions"
    )
    quantity = QuantityField(_("stok dibawa"), validators=[MinValueValidator(Decimal("0"))])
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    created_by_id = models.BigIntegerField(_("dicatat oleh (id pengguna)"), null=True, blank=True)

    class Meta:
        verbose_name = _("produk pameran")
        verbose_name_plural = pgettext_lazy("jamak", "produk pameran")
        constraints = [
            models.UniqueConstraint(
                fields=["exhibition_id", "product"], name="production_exhibition_product"
            )
        ]

    def __str__(self) -> str:
        return f"{self.exhibition_id}: {self.product_id} × {self.quantity}"
