"""Simpanan: pokok (once, at joining), wajib (monthly bills, allocated oldest first), sukarela
(deposits and withdrawals, monthly jasa simpanan), payroll-deduction batches and the exit
settlement. Balances are read from the ledger's member sub-ledgers; the rows here are the source
documents of the postings."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sokoguru.tenants.ledger import chart
from sokoguru.tenants.members.models import Member

ZERO = Decimal("0.00")


class SavingsKind(models.TextChoices):
    POKOK = "pokok", _("Simpanan pokok")
    WAJIB = "wajib", _("Simpanan wajib")
    SUKARELA = "sukarela", _("Simpanan sukarela")


# Ledger account of each kind (credit-normal: a deposit credits it with the member sub-ledger).
KIND_ACCOUNTS: dict[str, str] = {
    SavingsKind.POKOK: chart.SIMPANAN_POKOK,
    SavingsKind.WAJIB: chart.SIMPANAN_WAJIB,
    SavingsKind.SUKARELA: chart.SIMPANAN_SUKARELA,
}


def _money(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=2, **kwargs)


class SavingsAccount(models.Model):
    """One row per member: locked (select_for_update) by every movement of that member so that
    concurrent withdrawals serialise; records when the simpanan pokok was paid."""

    member = models.OneToOneField(
        Member,
        verbose_name=_("anggota"),
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="savings_account",
    )
    pokok_paid_on = models.DateField(_("simpanan pokok dibayar"), null=True, blank=True)
    opened_at = models.DateTimeField(_("dibuka"), auto_now_add=True)

    class Meta:
        verbose_name = _("rekening simpanan")
        verbose_name_plural = pgettext_lazy("jamak", "rekening simpanan")

    def __str__(self) -> str:
        return f"Rekening simpanan {self.member_id}"


class SavingsMovement(models.Model):
    """A deposit, withdrawal, jasa credit or exit refund of one savings kind of one member; each
    is (part of) one balanced ledger transaction."""

    class Type(models.TextChoices):
        DEPOSIT = "deposit", _("Setoran")
        WITHDRAWAL = "withdrawal", _("Penarikan")
        INTEREST = "interest", _("Jasa simpanan")
        SETTLEMENT = "settlement", _("Pengembalian (anggota keluar)")

    member = models.ForeignKey(
        Member,
        verbose_name=_("anggota"),
        on_delete=models.PROTECT,
        related_name="movements",
        db_index=False,
    )
    kind = models.CharField(_("jenis simpanan"), max_length=10, choices=SavingsKind.choices)
    type = models.CharField(_("jenis transaksi"), max_length=10, choices=Type.choices)
    date = models.DateField(_("tanggal"))
    amount = _money(_("jumlah (+ masuk, − keluar)"))
    description = models.CharField(_("keterangan"), max_length=255)
    journal_transaction_id = models.BigIntegerField(
        _("transaksi jurnal"), null=True, blank=True, db_index=True
    )
    idempotency_key = models.CharField(_("kunci idempotensi"), max_length=200, unique=True)
    payroll_batch = models.ForeignKey(
        "PayrollBatch",
        verbose_name=_("potongan gaji"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
    )
    created_by_id = models.BigIntegerField(_("dicatat oleh (id pengguna)"), null=True, blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("mutasi simpanan")
        verbose_name_plural = pgettext_lazy("jamak", "mutasi simpanan")
        ordering = ["member_id", "kind", "date", "id"]
        indexes = [models.Index(fields=["member", "kind", "date", "id"], name="movement_book_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="movement_amount_nonzero"),
            models.CheckConstraint(
                condition=Q(type__in=["deposit", "interest"], amount__gt=0)
                | Q(type__in=["withdrawal", "settlement"], amount__lt=0),
                name="movement_sign_by_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.get_kind_display()} {self.amount}"


class WajibBill(models.Model):
    """The simpanan wajib due from a member for one month (``period`` = first day of the month);
    payments fill the oldest unpaid months first."""

    member = models.ForeignKey(
        Member,
        verbose_name=_("anggota"),
        on_delete=models.PROTECT,
        related_name="wajib_bills",
        db_index=False,
    )
    period = models.DateField(_("bulan"))
    amount = _money(_("tagihan"))
    paid_amount = _money(_("terbayar"), default=ZERO)
    paid_on = models.DateField(_("lunas pada"), null=True, blank=True)
    waived_on = models.DateField(
        _("dihapuskan pada"),
        null=True,
        blank=True,
        help_text=_("Sisa tagihan dihapus ketika anggota keluar."),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("tagihan simpanan wajib")
        verbose_name_plural = pgettext_lazy("jamak", "tagihan simpanan wajib")
        ordering = ["member_id", "period"]
        constraints = [
            models.UniqueConstraint(fields=["member", "period"], name="wajib_bill_member_month"),
            models.CheckConstraint(
                condition=Q(paid_amount__gte=0) & Q(paid_amount__lte=F("amount")),
                name="wajib_bill_paid_within_amount",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="wajib_bill_amount_positive"),
        ]
        indexes = [models.Index(fields=["period"], name="wajib_bill_period_idx")]

    def __str__(self) -> str:
        return f"Wajib {self.period:%m/%Y} {self.member_id}"

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.paid_amount


class JasaRun(models.Model):
    """The monthly jasa simpanan on sukarela balances (one per month)."""

    period = models.DateField(_("bulan"), unique=True)
    rate = models.DecimalField(_("tarif (% per bulan)"), max_digits=7, decimal_places=4)
    member_count = models.PositiveIntegerField(_("jumlah anggota"))
    total = _money(_("jumlah jasa"))
    journal_transaction_id = models.BigIntegerField(_("transaksi jurnal"), null=True, blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("jasa simpanan bulanan")
        verbose_name_plural = pgettext_lazy("jamak", "jasa simpanan bulanan")
        ordering = ["-period"]

    def __str__(self) -> str:
        return f"Jasa simpanan {self.period:%m/%Y}"


class PayrollBatch(models.Model):
    """A monthly payroll-deduction file from an office treasurer (OPD cooperatives), posted all
    at once. The same file for the same month is recognised by its hash and posts nothing."""

    period = models.DateField(_("bulan gaji"))
    received_on = models.DateField(_("tanggal diterima"))
    filename = models.CharField(_("nama berkas"), max_length=200)
    content_hash = models.CharField(_("sidik berkas (SHA-256)"), max_length=64)
    row_count = models.PositiveIntegerField(_("jumlah baris"))
    wajib_total = _money(_("total simpanan wajib"))
    loan_total = _money(_("total angsuran pinjaman"))
    other_total = _money(_("total lainnya (simpanan sukarela)"))
    deposit_account = models.CharField(
        _("diterima di akun"), max_length=10, default=chart.BANK, editable=False
    )
    journal_transaction_id = models.BigIntegerField(_("transaksi jurnal"), null=True, blank=True)
    created_by_id = models.BigIntegerField(_("diimpor oleh (id pengguna)"), null=True, blank=True)
    created_at = models.DateTimeField(_("diimpor"), auto_now_add=True)

    class Meta:
        verbose_name = _("potongan gaji")
        verbose_name_plural = pgettext_lazy("jamak", "potongan gaji")
        ordering = ["-period", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["content_hash"], name="payroll_batch_hash_unique")
        ]

    def __str__(self) -> str:
        return f"Potongan gaji {self.period:%m/%Y} ({self.filename})"

    @property
    def total(self) -> Decimal:
        return self.wajib_total + self.loan_total + self.other_total


class PayrollRow(models.Model):
    batch = models.ForeignKey(
        PayrollBatch,
        verbose_name=_("potongan gaji"),
        on_delete=models.CASCADE,
        related_name="rows",
        db_index=False,
    )
    row_number = models.PositiveIntegerField(_("baris"))
    identifier = models.CharField(_("NIP / nomor anggota"), max_length=30)
    member = models.ForeignKey(
        Member, verbose_name=_("anggota"), on_delete=models.PROTECT, related_name="payroll_rows"
    )
    wajib = _money(_("simpanan wajib"), default=ZERO)
    loan_instalment = _money(_("angsuran pinjaman"), default=ZERO)
    other = _money(_("lainnya (simpanan sukarela)"), default=ZERO)

    class Meta:
        verbose_name = _("baris potongan gaji")
        verbose_name_plural = pgettext_lazy("jamak", "baris potongan gaji")
        ordering = ["batch_id", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "row_number"], name="payroll_row_unique"),
        ]

    def __str__(self) -> str:
        return f"Baris {self.row_number}: {self.identifier}"


class ExitSettlement(models.Model):
    """The settlement statement of a member who leaves (or dies): savings refunded minus loans
    owed, and the journal transaction that paid it."""

    class Reason(models.TextChoices):
        EXITED = "exited", _("Keluar atas permintaan sendiri")
        DECEASED = "deceased", _("Meninggal dunia (dibayarkan kepada ahli waris)")

    member = models.OneToOneField(
        Member, verbose_name=_("anggota"), on_delete=models.PROTECT, related_name="exit_settlement"
    )
    reason = models.CharField(_("alasan"), max_length=10, choices=Reason.choices)
    settled_on = models.DateField(_("tanggal penyelesaian"))
    pokok = _money(_("simpanan pokok"))
    wajib = _money(_("simpanan wajib"))
    sukarela = _money(_("simpanan sukarela"))
    loans_outstanding = _money(_("pinjaman diperhitungkan"))
    refund = _money(_("dibayarkan kepada anggota"))
    paid_from = models.CharField(_("dibayar dari akun"), max_length=10, default=chart.CASH)
    journal_transaction_id = models.BigIntegerField(_("transaksi jurnal"), null=True, blank=True)
    waived_wajib = _money(_("tunggakan wajib dihapuskan"), default=ZERO)
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    created_by_id = models.BigIntegerField(_("dicatat oleh (id pengguna)"), null=True, blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("penyelesaian anggota keluar")
        verbose_name_plural = pgettext_lazy("jamak", "penyelesaian anggota keluar")
        ordering = ["-settled_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(refund__gte=0)
                & Q(refund=F("pokok") + F("wajib") + F("sukarela") - F("loans_outstanding")),
                name="settlement_refund_balances",
            ),
        ]

    def __str__(self) -> str:
        return f"Penyelesaian {self.member}"

    @property
    def savings_total(self) -> Decimal:
        return self.pokok + self.wajib + self.sukarela
