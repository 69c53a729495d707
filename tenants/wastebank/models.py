"""Bank sampah: waste categories and items, the buy/sell price list with history, customers
(nasabah) and their waste savings book, weighed deposits, stock per item (quantity and value at
cost), sales to collectors (pengepul) and stock counts (opname).

Every rupiah is also in the ledger (``transaction_post``): the customer book is the sub-ledger
of account 2102 (tabungan bank sampah), the stock rows are the sub-ledger of 1152 (persediaan
bank sampah)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sokoguru.tenants.members.models import Member

MONEY = {"max_digits": 16, "decimal_places": 2}
WEIGHT = {"max_digits": 14, "decimal_places": 3}


class Unit(models.TextChoices):
    KG = "kg", _("kg")
    LITRE = "liter", _("liter")


class WasteCategory(models.Model):
    code = models.SlugField(_("kode"), max_length=30, db_index=False)
    name = models.CharField(_("nama"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("kategori sampah")
        verbose_name_plural = pgettext_lazy("jamak", "kategori sampah")
        ordering = ["sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="wastebank_category_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class WasteItem(models.Model):
    category = models.ForeignKey(
        WasteCategory, verbose_name=_("kategori"), on_delete=models.PROTECT, related_name="items"
    )
    code = models.SlugField(_("kode"), max_length=30, db_index=False)
    name = models.CharField(_("nama"), max_length=100)
    unit = models.CharField(_("satuan"), max_length=5, choices=Unit.choices, default=Unit.KG)
    active = models.BooleanField(_("aktif"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("jenis sampah")
        verbose_name_plural = pgettext_lazy("jamak", "jenis sampah")
        ordering = ["sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["code"], name="wastebank_item_code_unique")]

    def __str__(self) -> str:
        return self.name


class WastePrice(models.Model):
    """A price of an item from ``effective_from`` until the next price of that item starts."""

    item = models.ForeignKey(
        WasteItem,
        verbose_name=_("jenis sampah"),
        on_delete=models.PROTECT,
        related_name="prices",
        db_index=False,
    )
    effective_from = models.DateField(_("berlaku mulai"))
    buy_price = models.DecimalField(_("harga beli per satuan"), **MONEY)
    sell_price = models.DecimalField(_("perkiraan harga jual per satuan"), **MONEY)
    created_by_id = models.BigIntegerField(_("dicatat oleh (id pengguna)"), null=True, blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("harga sampah")
        verbose_name_plural = pgettext_lazy("jamak", "harga sampah")
        ordering = ["item_id", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "effective_from"], name="wastebank_price_item_day_unique"
            ),
            models.CheckConstraint(
                condition=Q(buy_price__gt=0) & Q(sell_price__gte=0),
                name="wastebank_price_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.effective_from}: {self.buy_price}"


class BookCounter(models.Model):
    """The last waste savings book number given (one row, locked while numbering)."""

    singleton = models.BooleanField(primary_key=True, default=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.last}"


class WasteCustomer(models.Model):
    class Kind(models.TextChoices):
        MEMBER = "member", _("anggota")
        HOUSEHOLD = "household", _("rumah tangga bukan anggota")

    book_number = models.CharField(_("nomor buku tabungan sampah"), max_length=20)
    kind = models.CharField(_("jenis nasabah"), max_length=10, choices=Kind.choices)
    member = models.OneToOneField(
        Member,
        verbose_name=_("anggota"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="waste_customer",
    )
    name = models.CharField(_("nama"), max_length=200)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    phone = models.CharField(_("telepon"), max_length=16, blank=True)
    active = models.BooleanField(_("aktif"), default=True)
    created_by_id = models.BigIntegerField(_("dicatat oleh (id pengguna)"), null=True, blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("nasabah bank sampah")
        verbose_name_plural = pgettext_lazy("jamak", "nasabah bank sampah")
        ordering = ["book_number"]
        constraints = [
            models.UniqueConstraint(fields=["book_number"], name="wastebank_book_number_unique"),
            models.CheckConstraint(
                condition=(Q(kind="member") & Q(member__isnull=False))
                | (Q(kind="household") & Q(member__isnull=True)),
                name="wastebank_customer_kind_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.book_number} — {self.name}"


class WasteDeposit(models.Model):
    """One weighing session of one customer: the lines' values are credited to the book."""

    customer = models.ForeignKey(
        WasteCustomer, verbose_name=_("nasabah"), on_delete=models.PROTECT, related_name="deposits"
    )
    date = models.DateField(_("tanggal"))
    total = models.DecimalField(_("nilai dikreditkan"), **MONEY)
    cost = models.DecimalField(_("nilai persediaan"), **MONEY)
    rounding = models.DecimalField(_("selisih pembulatan"), **MONEY)
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    idempotency_key = models.CharField(_("kunci idempotensi"), max_length=200)
    journal_transaction_id = models.BigIntegerField(_("transaksi jurnal"), null=True, blank=True)
    reversed_on = models.DateField(_("dibatalkan tanggal"), null=True, blank=True)
    reversal_reason = models.CharField(_("alasan pembatalan"), max_length=255, blank=True)
    reversal_transaction_id = models.BigIntegerField(
        _("transaksi jurnal pembatalan"), null=True, blank=True
    )
    created_by_id = models.BigIntegerField(_("dicatat oleh (id pengguna)"), null=True, blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("setoran sampah")
        verbose_name_plural = pgettext_lazy("jamak", "setoran sampah")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["date"], name="wastebank_deposit_date")]
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], name="wastebank_deposit_key_unique")
        ]

    def __str__(self) -> str:
        return f"Setoran {self.pk} ({self.date})"


class WasteDepositLine(models.Model):
    deposit = models.ForeignKey(
        WasteDeposit, verbose_name=_("setoran"), on_delete=models.PROTECT, related_name="lines"
    )
    item = models.ForeignKey(WasteItem, verbose_name=_("jenis sampah"), on_delete=models.PROTECT)
    weight = models.DecimalField(_("berat"), **WEIGHT)
    price = models.DecimalField(_("harga per satuan"), **MONEY)
    value = models.DecimalField(_("nilai (dibulatkan ke bawah)"), **MONEY)
    cost = models.DecimalField(_("nilai persediaan"), **MONEY)

    class Meta:
        verbose_name = _("baris setoran sampah")
        verbose_name_plural = pgettext_lazy("jamak", "baris setoran sampah")
        ordering = ["deposit_id", "id"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.weight}"


class WasteWithdrawal(models.Model):
    class Kind(models.TextChoices):
        CASH = "cash", _("tunai")
        SUKARELA = "sukarela", _("ke simpanan sukarela")
        WAJIB = "wajib", _("ke simpanan wajib")

    customer = models.ForeignKey(
        WasteCustomer,
        verbose_name=_("nasabah"),
        on_delete=models.PROTECT,
        related_name="withdrawals",
    )
    kind = models.CharField(_("jenis penarikan"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("tanggal"))
    amount = models.DecimalField(_("jumlah"), **MONEY)
    idempotency_key = models.CharField(_("kunci idempotensi"), max_length=200)
    journal_transaction_id = models.BigIntegerField(_("transaksi jurnal"), null=True, blank=True)
    savings_movement_id = models.BigIntegerField(_("mutasi simpanan"), null=True, blank=True)
    created_by_id = models.BigIntegerField(_("dicatat oleh (id pengguna)"), null=True, blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("penarikan tabungan sampah")
        verbose_name_plural = pgettext_lazy("jamak", "penarikan tabungan sampah")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"], name="wastebank_withdrawal_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Penarikan {self.pk} ({self.date})"


class BookEntry(models.Model):
    """A line of the customer's waste savings book (signed: + credited, − paid out)."""

    class Kind(models.TextChoices):
        DEPOSIT = "deposit", _("setoran")
        REVERSAL = "reversal", _("pembatalan setoran")
        WITHDRAWAL = "withdrawal", _("penarikan")

    customer = models.ForeignKey(
        WasteCustomer, verbose_name=_("nasabah"), on_delete=models.PROTECT, related_name="book"
    )
    date = models.DateField(_("tanggal"))
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(_("jumlah"), **MONEY)
    description = models.CharField(_("keterangan"), max_length=255)
    deposit = models.ForeignKey(
        WasteDeposit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal = models.ForeignKey(
        WasteWithdrawal, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    journal_transaction_id = models.BigIntegerField(_("transaksi jurnal"))
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("buku tabungan sampah")
        verbose_name_plural = pgettext_lazy("jamak", "buku tabungan sampah")
        ordering = ["customer_id", "date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.amount}"


class WasteStock(models.Model):
    """Stock of one item: quantity and its value at cost (average cost). Locked while moved."""

    item = models.OneToOneField(
        WasteItem,
        verbose_name=_("jenis sampah"),
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="stock",
    )
    quantity = models.DecimalField(_("jumlah"), default=0, **WEIGHT)
    value = models.DecimalField(_("nilai persediaan"), default=0, **MONEY)

    class Meta:
        verbose_name = _("stok sampah")
        verbose_name_plural = pgettext_lazy("jamak", "stok sampah")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=0) & Q(value__gte=0),
                name="wastebank_stock_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.quantity}"


class StockMovement(models.Model):
    class Kind(models.TextChoices):
        DEPOSIT = "deposit", _("setoran")
        REVERSAL = "reversal", _("pembatalan setoran")
        SALE = "sale", _("penjualan")
        COUNT = "count", _("stock opname")

    item = models.ForeignKey(
        WasteItem, verbose_name=_("jenis sampah"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("tanggal"))
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    quantity = models.DecimalField(_("jumlah"), **WEIGHT)
    value = models.DecimalField(_("nilai"), **MONEY)
    source_id = models.BigIntegerField(_("dokumen sumber"))
    journal_transaction_id = models.BigIntegerField(_("transaksi jurnal"), null=True, blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("mutasi stok sampah")
        verbose_name_plural = pgettext_lazy("jamak", "mutasi stok sampah")
        ordering = ["item_id", "date", "id"]
        indexes = [models.Index(fields=["date"], name="wastebank_stockmove_date")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.date} {self.quantity}"


class Collector(models.Model):
    name = models.CharField(_("nama pengepul"), max_length=200)
    contact = models.CharField(_("kontak"), max_length=200, blank=True)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("pengepul")
        verbose_name_plural = pgettext_lazy("jamak", "pengepul")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WasteSale(models.Model):
    collector = models.ForeignKey(
        Collector, verbose_name=_("pengepul"), on_delete=models.PROTECT, related_name="sales"
    )
    date = models.DateField(_("tanggal"))
    total = models.DecimalField(_("nilai penjualan"), **MONEY)
    cost = models.DecimalField(_("harga pokok"), **MONEY)
    idempotency_key = models.CharField(_("kunci idempotensi"), max_length=200)
    journal_transaction_id = models.BigIntegerField(_("transaksi jurnal"), null=True, blank=True)
    created_by_id = models.BigIntegerField(_("dicatat oleh (id pengguna)"), null=True, blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("penjualan sampah")
        verbose_name_plural = pgettext_lazy("jamak", "penjualan sampah")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], name="wastebank_sale_key_unique")
        ]

    def __str__(self) -> str:
        return f"Penjualan {self.pk} ({self.date})"

    @property
    def margin(self):
        return self.total - self.cost


class WasteSaleLine(models.Model):
    sale = models.ForeignKey(
        WasteSale, verbose_name=_("penjualan"), on_delete=models.PROTECT, related_name="lines"
    )
    item = models.ForeignKey(WasteItem, verbose_name=_("jenis sampah"), on_delete=models.PROTECT)
    weight = models.DecimalField(_("berat"), **WEIGHT)
    price = models.DecimalField(_("harga per satuan"), **MONEY)
    amount = models.DecimalField(_("jumlah"), **MONEY)
    cost = models.DecimalField(_("harga pokok"), **MONEY)

    class Meta:
        verbose_name = _("baris penjualan sampah")
        verbose_name_plural = pgettext_lazy("jamak", "baris penjualan sampah")
        ordering = ["sale_id", "id"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.weight}"


class StockCount(models.Model):
    date = models.DateField(_("tanggal"))
    reason = models.CharField(_("alasan penyesuaian"), max_length=255)
    value_change = models.DecimalField(_("perubahan nilai persediaan"), **MONEY)
    idempotency_key = models.CharField(_("kunci idempotensi"), max_length=200)
    journal_transaction_id = models.BigIntegerField(_("transaksi jurnal"), null=True, blank=True)
    created_by_id = models.BigIntegerField(_("dicatat oleh (id pengguna)"), null=True, blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("stock opname sampah")
        verbose_name_plural = pgettext_lazy("jamak", "stock opname sampah")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"], name="wastebank_stockcount_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Stock opname {self.pk} ({self.date})"


class StockCountLine(models.Model):
    count = models.ForeignKey(
        StockCount, verbose_name=_("stock opname"), on_delete=models.PROTECT, related_name="lines"
    )
    item = models.ForeignKey(WasteItem, verbose_name=_("jenis sampah"), on_delete=models.PROTECT)
    system_quantity = models.DecimalField(_("jumlah menurut catatan"), **WEIGHT)
    counted_quantity = models.DecimalField(_("jumlah dihitung"), **WEIGHT)
    value_change = models.DecimalField(_("perubahan nilai"), **MONEY)

    class Meta:
        verbose_name = _("baris stock opname")
        verbose_name_plural = pgettext_lazy("jamak", "baris stock opname")
        ordering = ["count_id", "id"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.counted_quantity}"
