"""SHU (sisa hasil usaha): a fiscal year's proposal with its pools and members' shares, the
payouts, the funds' movements, and which income accounts are business with non-members."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _money(verbose_name, **kwargs):
    kwargs.setdefault("default", 0)
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=2, **kwargs)


class NonMemberIncomeAccount(models.Model):
    """An income account (with its sub-accounts) whose income comes from business with
    non-members. The non-member part of the SHU is the SHU in proportion to that income; the
    rest of the income is business with members. Untagged books: all SHU is from members."""

    account_code = models.CharField(_("kode akun pendapatan"), max_length=20)
    note = models.CharField(_("keterangan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("akun pendapatan non-anggota")
        verbose_name_plural = pgettext_lazy("jamak", "akun pendapatan non-anggota")
        ordering = ["account_code"]
        constraints = [
            models.UniqueConstraint(fields=["account_code"], name="shu_nonmember_account_unique")
        ]

    def __str__(self) -> str:
        return self.account_code


class ShuProposal(models.Model):
    """One fiscal year's SHU as computed from the closed books, put to the RAT."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Diusulkan ke RAT")
        APPROVED = "approved", _("Disetujui RAT")
        DISTRIBUTED = "distributed", _("Dibagikan")

    fiscal_year = models.PositiveSmallIntegerField(_("tahun buku"), unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    bylaws_version_id = models.BigIntegerField(_("versi anggaran dasar"))
    income = _money(_("pendapatan"))
    non_member_income = _money(_("pendapatan dari non-anggota"))
    shu = _money(_("SHU setelah pajak"))
    member_part = _money(_("SHU bagian anggota"))
    non_member_part = _money(_("SHU bagian non-anggota"))
    jma_basis = models.CharField(_("dasar jasa modal"), max_length=16)
    exited_rule = models.CharField(_("aturan anggota keluar"), max_length=10)
    participation_sources = models.CharField(_("sumber partisipasi"), max_length=200)
    statement = models.TextField(_("pernyataan"), blank=True)
    proposed_by_id = models.BigIntegerField(_("diusulkan oleh"))
    proposed_at = models.DateTimeField(_("diusulkan"), auto_now_add=True)
    decided_on = models.DateField(_("tanggal keputusan RAT"), null=True, blank=True)
    decision_reference = models.CharField(_("nomor keputusan RAT"), max_length=120, blank=True)
    approved_by_id = models.BigIntegerField(_("dicatat oleh"), null=True, blank=True)
    distributed_on = models.DateField(_("tanggal pembagian"), null=True, blank=True)
    distributed_by_id = models.BigIntegerField(_("dibagikan oleh"), null=True, blank=True)
    distribution_transaction_id = models.BigIntegerField(
        _("jurnal pembagian"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("usulan pembagian SHU")
        verbose_name_plural = pgettext_lazy("jamak", "usulan pembagian SHU")
        ordering = ["-fiscal_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(shu=models.F("member_part") + models.F("non_member_part")),
                name="shu_proposal_parts_add_up",
            ),
            models.CheckConstraint(
                condition=~Q(status="distributed") | Q(distribution_transaction_id__isnull=False),
                name="shu_proposal_distributed_posted",
            ),
        ]

    def __str__(self) -> str:
        return f"SHU {self.fiscal_year} ({self.get_status_display()})"

    @property
    def is_negative(self) -> bool:
        return self.shu <= 0


class ShuPool(models.Model):
    """One part of the allocation (cadangan, jasa modal, jasa usaha, a fund) of a proposal."""

    proposal = models.ForeignKey(
        ShuProposal, on_delete=models.CASCADE, related_name="pools", db_index=False
    )
    key = models.CharField(_("bagian"), max_length=24)
    label = models.CharField(_("nama"), max_length=80)
    position = models.PositiveSmallIntegerField(default=0)
    account_code = models.CharField(_("akun"), max_length=20)
    member_percent = models.DecimalField(_("% bagian anggota"), max_digits=6, decimal_places=2)
    non_member_percent = models.DecimalField(
        _("% bagian non-anggota"), max_digits=6, decimal_places=2
    )
    member_amount = _money(_("dari SHU anggota"))
    non_member_amount = _money(_("dari SHU non-anggota"))
    amount = _money(_("jumlah"))

    class Meta:
        verbose_name = _("alokasi SHU")
        verbose_name_plural = pgettext_lazy("jamak", "alokasi SHU")
        ordering = ["proposal_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "key"], name="shu_pool_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.amount}"


class ShuShare(models.Model):
    """A member's SHU of a proposal: jasa modal (from simpanan) + jasa usaha (from
    participation), whole rupiah; withholding; what is still owed and how it was paid."""

    class Payout(models.TextChoices):
        UNPAID = "unpaid", _("Belum dibayar")
        SUKARELA = "sukarela", _("Ke simpanan sukarela")
        CASH = "cash", _("Tunai")
        BANK = "bank", _("Transfer bank")

    proposal = models.ForeignKey(
        ShuProposal, on_delete=models.CASCADE, related_name="shares", db_index=False
    )
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="shu_shares"
    )
    member_number = models.CharField(_("nomor anggota"), max_length=20)
    member_name = models.CharField(_("nama"), max_length=200)
    simpanan = _money(_("simpanan pokok + wajib (dasar jasa modal)"))
    participation = _money(_("partisipasi (dasar jasa usaha)"))
    jasa_modal = _money(_("jasa modal"))
    jasa_usaha = _money(_("jasa usaha"))
    gross = _money(_("SHU anggota"))
    withheld = _money(_("potongan pajak"))
    net = _money(_("SHU diterima"))
    payout = models.CharField(
        _("pembayaran"), max_length=10, choices=Payout.choices, default=Payout.UNPAID
    )
    paid_on = models.DateField(_("dibayar pada"), null=True, blank=True)
    paid_by_id = models.BigIntegerField(_("dibayar oleh"), null=True, blank=True)
    payout_transaction_id = models.BigIntegerField(_("jurnal pembayaran"), null=True, blank=True)

    class Meta:
        verbose_name = _("SHU anggota")
        verbose_name_plural = pgettext_lazy("jamak", "SHU anggota")
        ordering = ["proposal_id", "member_number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "member"], name="shu_share_unique"),
            models.CheckConstraint(
                condition=Q(gross=models.F("jasa_modal") + models.F("jasa_usaha"))
                & Q(net=models.F("gross") - models.F("withheld")),
                name="shu_share_adds_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_number} {self.member_name}: {self.net}"


class ShuFundMovement(models.Model):
    """Money into a fund (its allocation at distribution) or out of it (spending, asked by one
    officer and approved by another; never more than the fund holds)."""

    class Kind(models.TextChoices):
        ALLOCATION = "allocation", _("Alokasi SHU")
        SPEND = "spend", _("Penggunaan dana")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Menunggu persetujuan")
        POSTED = "posted", _("Dibukukan")
        REJECTED = "rejected", _("Ditolak")

    fund = models.CharField(_("dana"), max_length=24)
    account_code = models.CharField(_("akun"), max_length=20)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    date = models.DateField(_("tanggal"))
    amount = _money(_("jumlah"))
    purpose = models.CharField(_("keperluan"), max_length=200, blank=True)
    pay_from = models.CharField(_("dibayar dari"), max_length=8, blank=True)
    proposal = models.ForeignKey(
        ShuProposal, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_by_id = models.BigIntegerField(_("diajukan oleh"), null=True, blank=True)
    approved_by_id = models.BigIntegerField(_("disetujui oleh"), null=True, blank=True)
    transaction_id = models.BigIntegerField(_("jurnal"), null=True, blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("mutasi dana SHU")
        verbose_name_plural = pgettext_lazy("jamak", "mutasi dana SHU")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="shu_fund_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.get_kind_display()} {self.amount}"
