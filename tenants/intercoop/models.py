"""Money between a koperasi sekunder and its member cooperatives, kept on both sides: the same
table lives in every cooperative's schema and each row says which side it is and who the
counterparty is (its registry id). The pair of rows of one event shares a ``reference``.

* Capital: a member cooperative pays simpanan pokok or wajib into its sekunder. The sekunder
  books it as equity of that member cooperative (through the savings app, on the member
  cooperative's sub-ledger); the primary books the same amount as an investment
  (``PENYERTAAN_SEKUNDER``).
* Loans: the sekunder lends to a member cooperative. The sekunder keeps the receivable
  (``INTER_COOP_LOANS_RECEIVABLE`` on the member cooperative's sub-ledger), the primary the
  payable (``LOAN_FROM_SEKUNDER``); both keep the schedule."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _money(label, **kwargs):
    return models.DecimalField(label, max_digits=18, decimal_places=2, **kwargs)


class Side(models.TextChoices):
    SEKUNDER = "sekunder", _("Koperasi sekunder")
    PRIMARY = "primary", _("Koperasi anggota (primer)")


class CapitalEntry(models.Model):
    class Kind(models.TextChoices):
        POKOK = "pokok", _("Simpanan pokok")
        WAJIB = "wajib", _("Simpanan wajib")

    reference = models.UUIDField(_("referensi"), default=uuid.uuid4, editable=False)
    side = models.CharField(_("sisi"), max_length=10, choices=Side.choices)
    counterparty_id = models.BigIntegerField(_("koperasi lawan (id registri)"), db_index=True)
    kind = models.CharField(_("jenis"), max_length=6, choices=Kind.choices)
    amount = _money(_("jumlah"))
    date = models.DateField(_("tanggal"))
    idempotency_key = models.CharField(_("kunci idempotensi"), max_length=160)
    journal_transaction_id = models.BigIntegerField(_("transaksi jurnal"))
    created_by_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("setoran modal antarkoperasi")
        verbose_name_plural = pgettext_lazy("jamak", "setoran modal antarkoperasi")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"], name="intercoop_capital_key_unique"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="intercoop_cap_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} ({self.side} ↔ {self.counterparty_id})"


class LoanProduct(models.Model):
    """A sekunder's loan product for its member cooperatives (schedule rules of the loans app)."""

    name = models.CharField(_("nama"), max_length=120)
    rate_percent = models.DecimalField(_("jasa (%)"), max_digits=6, decimal_places=3)
    rate_basis = models.CharField(_("dasar jasa"), max_length=10, default="per_month")
    method = models.CharField(_("metode angsuran"), max_length=10, default="flat")
    max_tenor = models.PositiveSmallIntegerField(_("tenor maksimum (bulan)"), default=36)
    max_amount = _money(_("plafon"))
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("produk pinjaman antarkoperasi")
        verbose_name_plural = pgettext_lazy("jamak", "produk pinjaman antarkoperasi")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="intercoop_product_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Loan(models.Model):
    class Status(models.TextChoices):
        OFFERED = "offered", _("Diajukan")
        APPROVED = "approved", _("Disetujui sekunder")
        ACCEPTED = "accepted", _("Diterima koperasi anggota")
        DISBURSED = "disbursed", _("Dicairkan")
        CLOSED = "closed", _("Lunas")

    reference = models.UUIDField(_("referensi"))  # indexed by intercoop_loan_side
    side = models.CharField(_("sisi"), max_length=10, choices=Side.choices)
    counterparty_id = models.BigIntegerField(_("koperasi lawan (id registri)"), db_index=True)
    product_name = models.CharField(_("produk"), max_length=120)
    purpose = models.CharField(_("tujuan"), max_length=255, blank=True)
    amount = _money(_("pokok pinjaman"))
    rate_percent = models.DecimalField(_("jasa (%)"), max_digits=6, decimal_places=3)
    rate_basis = models.CharField(_("dasar jasa"), max_length=10)
    method = models.CharField(_("metode angsuran"), max_length=10)
    tenor = models.PositiveSmallIntegerField(_("tenor (bulan)"))
    first_due_date = models.DateField(_("jatuh tempo pertama"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OFFERED
    )
    offered_by_id = models.BigIntegerField(null=True, blank=True)
    approved_by_id = models.BigIntegerField(null=True, blank=True)
    accepted_by_id = models.BigIntegerField(null=True, blank=True)
    disbursed_on = models.DateField(_("tanggal pencairan"), null=True, blank=True)
    closed_on = models.DateField(_("tanggal lunas"), null=True, blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("pinjaman antarkoperasi")
        verbose_name_plural = pgettext_lazy("jamak", "pinjaman antarkoperasi")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["reference", "side"], name="intercoop_loan_side"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="intercoop_loan_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.product_name} {self.amount} ({self.side} ↔ {self.counterparty_id})"


class Installment(models.Model):
    loan = models.ForeignKey(
        Loan,
        verbose_name=_("pinjaman"),
        on_delete=models.CASCADE,
        related_name="installments",
        db_index=False,
    )
    number = models.PositiveSmallIntegerField(_("angsuran ke"))
    due_date = models.DateField(_("jatuh tempo"))
    principal = _money(_("pokok"))
    jasa = _money(_("jasa"))
    principal_paid = _money(_("pokok dibayar"), default=0)
    jasa_paid = _money(_("jasa dibayar"), default=0)

    class Meta:
        verbose_name = _("angsuran antarkoperasi")
        verbose_name_plural = pgettext_lazy("jamak", "angsuran antarkoperasi")
        ordering = ["loan_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "number"], name="intercoop_inst_unique")
        ]

    def __str__(self) -> str:
        return f"{self.loan_id} #{self.number} {self.due_date}"

    @property
    def is_paid(self) -> bool:
        return self.principal_paid >= self.principal and self.jasa_paid >= self.jasa


class Repayment(models.Model):
    loan = models.ForeignKey(
        Loan, verbose_name=_("pinjaman"), on_delete=models.PROTECT, related_name="repayments"
    )
    date = models.DateField(_("tanggal"))
    principal = _money(_("pokok"))
    jasa = _money(_("jasa"))
    idempotency_key = models.CharField(_("kunci idempotensi"), max_length=160)
    journal_transaction_id = models.BigIntegerField(_("transaksi jurnal"))
    created_by_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("pembayaran angsuran antarkoperasi")
        verbose_name_plural = pgettext_lazy("jamak", "pembayaran angsuran antarkoperasi")
        ordering = ["loan_id", "date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"], name="intercoop_repayment_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.date} {self.principal + self.jasa}"

    @property
    def total(self):
        return self.principal + self.jasa
