"""The anggaran dasar (by-laws) parameters the rest of the cooperative reads: savings amounts,
arrears rules, RAT quorum, SHU allocation, loan policy and the liquidity reserve.

Versions are never edited once in force: a change is a new version with its own effective date,
so every past computation can be repeated with the rules that applied on its date."""

from __future__ import annotations

import math
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ZERO = Decimal("0")
HUNDRED = Decimal("100")

# (field, key in ``shu_allocation``)
SHU_FIELDS: list[tuple[str, str]] = [
    ("shu_cadangan_pct", "cadangan"),
    ("shu_jasa_modal_pct", "jasa_modal"),
    ("shu_jasa_usaha_pct", "jasa_usaha"),
    ("shu_pengurus_pct", "pengurus"),
    ("shu_karyawan_pct", "karyawan"),
    ("shu_pendidikan_pct", "pendidikan"),
    ("shu_sosial_pct", "sosial"),
    ("shu_pembangunan_daerah_pct", "pembangunan_daerah"),
]


def _money(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
        **kwargs,
    )


def _percent(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(ZERO), MaxValueValidator(HUNDRED)],
        **kwargs,
    )


class BylawsVersion(models.Model):
    effective_from = models.DateField(_("berlaku mulai"), unique=True)
    decided_at = models.CharField(
        _("dasar penetapan"),
        max_length=200,
        blank=True,
        help_text=_("Mis. keputusan RAT 2026 nomor 03/RAT/2026."),
    )

    # Savings
    pokok_amount = _money(_("simpanan pokok (Rp)"))
    wajib_monthly_amount = _money(_("simpanan wajib per bulan (Rp)"))
    sukarela_monthly_rate = models.DecimalField(
        _("jasa simpanan sukarela (% per bulan)"),
        max_digits=7,
        decimal_places=4,
        default=ZERO,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("10"))],
        help_text=_("Persen per bulan dari saldo akhir bulan; 0 bila tidak ada jasa."),
    )
    wajib_flag_after_months = models.PositiveSmallIntegerField(
        _("ditandai setelah tunggakan wajib (bulan)"),
        default=3,
        validators=[MinValueValidator(1)],
    )
    wajib_inactive_after_months = models.PositiveSmallIntegerField(
        _("dinonaktifkan setelah tunggakan wajib (bulan)"),
        default=6,
        validators=[MinValueValidator(1)],
    )

    # RAT quorum: present members >= ceil(members * percent / 100) (+ 1 when "lebih dari").
    rat_quorum_percent = _percent(_("kuorum RAT (% anggota)"), default=Decimal("50.00"))
    rat_quorum_more_than = models.BooleanField(
        _("kuorum harus lebih dari persentase"),
        default=True,
        help_text=_("Centang untuk aturan “lebih dari ½ jumlah anggota”."),
    )

    # SHU allocation (must total 100 %)
    shu_cadangan_pct = _percent(_("SHU: cadangan (%)"), default=Decimal("25.00"))
    shu_jasa_modal_pct = _percent(_("SHU: jasa modal anggota (%)"), default=Decimal("20.00"))
    shu_jasa_usaha_pct = _percent(_("SHU: jasa usaha anggota (%)"), default=Decimal("25.00"))
    shu_pengurus_pct = _percent(_("SHU: dana pengurus (%)"), default=Decimal("10.00"))
    shu_karyawan_pct = _percent(_("SHU: dana karyawan (%)"), default=Decimal("5.00"))
    shu_pendidikan_pct = _percent(_("SHU: dana pendidikan (%)"), default=Decimal("5.00"))
    shu_sosial_pct = _percent(_("SHU: dana sosial (%)"), default=Decimal("5.00"))
    shu_pembangunan_daerah_pct = _percent(
        _("SHU: dana pembangunan daerah kerja (%)"), default=Decimal("5.00")
    )

    # Loan policy (0 = no limit)
    loan_max_amount = _money(_("plafon pinjaman maksimum (Rp, 0 = tanpa batas)"), default=ZERO)
    loan_max_savings_multiple = models.DecimalField(
        _("pinjaman maksimum × simpanan (0 = tanpa batas)"),
        max_digits=6,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
    )
    loan_max_term_months = models.PositiveSmallIntegerField(
        _("jangka pinjaman maksimum (bulan, 0 = tanpa batas)"), default=0
    )
    loan_max_active_per_member = models.PositiveSmallIntegerField(
        _("pinjaman aktif per anggota (0 = tanpa batas)"), default=1
    )

    min_liquidity_reserve = _money(_("cadangan likuiditas minimum (Rp)"), default=ZERO)

    # Members' products sold on consignment (titip jual): the cooperative's default commission.
    consignment_commission_pct = _percent(
        _("komisi titip jual (%)"),
        default=Decimal("10.00"),
        help_text=_(
            "Bagian koperasi dari harga jual produk titipan anggota, bila produk tidak "
            "menentukan komisinya sendiri."
        ),
    )

    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    created_by_id = models.BigIntegerField(_("dicatat oleh (id pengguna)"), null=True, blank=True)

    class Meta:
        verbose_name = _("versi anggaran dasar")
        verbose_name_plural = pgettext_lazy("jamak", "versi anggaran dasar")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    wajib_inactive_after_months__gte=models.F("wajib_flag_after_months")
                ),
                name="bylaws_inactive_after_flag",
            ),
        ]

    def __str__(self) -> str:
        return f"Anggaran dasar berlaku {self.effective_from:%d-%m-%Y}"

    @property
    def shu_allocation(self) -> dict[str, Decimal]:
        """SHU percentages by part (cadangan, jasa_modal, jasa_usaha, pengurus, karyawan,
        pendidikan, sosial, pembangunan_daerah); they total 100."""
        return {key: getattr(self, field) for field, key in SHU_FIELDS}

    def shu_total_percent(self) -> Decimal:
        return sum((getattr(self, field) or ZERO for field, _key in SHU_FIELDS), ZERO)

    def rat_quorum_required(self, member_count: int) -> int:
        """Members who must attend the RAT for it to be quorate."""
        threshold = Decimal(member_count) * self.rat_quorum_percent / HUNDRED
        if self.rat_quorum_more_than:
            return min(member_count, math.floor(threshold) + 1)
        return math.ceil(threshold)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        flag, inactive = self.wajib_flag_after_months, self.wajib_inactive_after_months
        if flag is not None and inactive is not None and inactive < flag:
            errors["wajib_inactive_after_months"] = (
                "Batas nonaktif harus sama atau lebih lama dari batas penandaan "
                f"({flag} bulan). / Must not be shorter than the flag threshold."
            )
        if all(getattr(self, field) is not None for field, _key in SHU_FIELDS):
            total = self.shu_total_percent()
            if total != HUNDRED:
                errors["shu_allocation"] = (
                    f"Jumlah persentase pembagian SHU harus 100%, sekarang {total}%. / "
                    "SHU allocation must total 100%."
                )
        if self.pokok_amount is not None and self.pokok_amount <= ZERO:
            errors["pokok_amount"] = "Simpanan pokok harus lebih dari 0. / Must be positive."
        if self.wajib_monthly_amount is not None and self.wajib_monthly_amount <= ZERO:
            errors["wajib_monthly_amount"] = (
                "Simpanan wajib harus lebih dari 0. / Must be positive."
            )
        for name in ("pokok_amount", "wajib_monthly_amount", "loan_max_amount"):
            value = getattr(self, name)
            if value is not None and value != value.to_integral_value():
                errors[name] = "Jumlah harus rupiah bulat. / Whole rupiah only."
        if errors:
            raise ValidationError(errors)
