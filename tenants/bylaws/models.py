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
    ("shu_lain_pct", "lain"),
]

# (field, key in ``shu_non_member_allocation``): the surplus from business with non-members is
# not shared out to members (UU 25/1992 art. 45); it goes to the reserve and the funds.
SHU_NON_MEMBER_FIELDS: list[tuple[str, str]] = [
    ("shu_non_member_cadangan_pct", "cadangan"),
    ("shu_non_member_pengurus_pct", "pengurus"),
    ("shu_non_member_karyawan_pct", "karyawan"),
    ("shu_non_member_pendidikan_pct", "pendidikan"),
    ("shu_non_member_sosial_pct", "sosial"),
    ("shu_non_member_pembangunan_daerah_pct", "pembangunan_daerah"),
    ("shu_non_member_lain_pct", "lain"),
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
    class JasaBasis(models.TextChoices):
        LOWEST = "lowest", _("Saldo terendah bulan itu")
        DAILY_AVERAGE = "daily_average", _("Saldo rata-rata harian")

    effective_from = models.DateField(_("berlaku mulai"), unique=True)
    decided_at = models.CharField(
        _("dasar penetapan"),
        max_length=200,
        blank=True,
        help_text=_("Mis. keputusan RAT 2026 nomor 03/RAT/2026."),
    )

    fiscal_year_start_month = models.PositiveSmallIntegerField(
        _("tahun buku mulai bulan"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_(
            "Bulan pertama tahun buku (1 = Januari, tahun buku = tahun kalender; 7 = Juli, tahun "
            "buku 2025 berjalan 1 Juli 2025 – 30 Juni 2026). Dipakai untuk SHU, tutup buku "
            "akhir tahun, cadangan kerugian piutang akhir tahun dan laporan."
        ),
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
        help_text=_(
            "Persen per bulan dari saldo dasar jasa (lihat dasar perhitungan); 0 bila tidak ada "
            "jasa."
        ),
    )
    sukarela_jasa_basis = models.CharField(
        _("dasar perhitungan jasa simpanan sukarela"),
        max_length=14,
        choices=JasaBasis.choices,
        default=JasaBasis.LOWEST,
        help_text=_(
            "Saldo terendah dalam bulan (bawaan: setoran yang hanya menginap semalam tidak "
            "mendapat jasa) atau saldo rata-rata harian."
        ),
    )
    # Personal data (UU 27/2022): an exited member's personal data is anonymised this many years
    # after the exit; the books (kept 10 years under UU 8/1997) keep the member number.
    personal_data_retention_years = models.PositiveSmallIntegerField(
        _("masa simpan data pribadi anggota keluar (tahun)"),
        default=10,
        validators=[MinValueValidator(10), MaxValueValidator(30)],
        help_text=_(
            "Setelah masa ini NIK, nama, telepon, alamat dan data lahir anggota yang keluar "
            "dianonimkan; nomor anggota dan pembukuan tetap. Paling sedikit 10 tahun (masa "
            "simpan dokumen pembukuan)."
        ),
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

    # RAT conduct: proxies, the second call when the first has no quorum, the deadline, votes.
    rat_proxy_allowed = models.BooleanField(
        _("kuasa (perwakilan) dalam RAT diperbolehkan"), default=True
    )
    rat_proxy_limit = models.PositiveSmallIntegerField(
        _("kuasa paling banyak per pemegang kuasa"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Berapa anggota lain yang boleh diwakili oleh satu anggota yang hadir."),
    )
    rat_second_call_min_days = models.PositiveSmallIntegerField(
        _("panggilan kedua paling cepat (hari setelah rapat pertama)"),
        default=7,
        validators=[MinValueValidator(1)],
    )
    rat_second_call_quorum_percent = _percent(
        _("kuorum panggilan kedua (% anggota, 0 = sah berapa pun yang hadir)"),
        default=ZERO,
    )
    rat_deadline_months = models.PositiveSmallIntegerField(
        _("batas RAT (bulan setelah tahun buku berakhir)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    rat_documents_days_before = models.PositiveSmallIntegerField(
        _("agenda dan laporan tahunan tersedia sebelum RAT (hari)"), default=30
    )
    rat_documents_strict = models.BooleanField(
        _("tolak undangan bila laporan belum tersedia tepat waktu"),
        default=False,
        help_text=_("Tanpa centang hanya diberi peringatan."),
    )

    class VoteWeighting(models.TextChoices):
        ONE_MEMBER_ONE_VOTE = "one_member", _("Satu anggota satu suara")
        MEMBERS = "members", _("Menurut jumlah anggota koperasi anggota (sekunder)")
        BUSINESS = "business", _("Menurut volume usaha koperasi anggota (sekunder)")

    rat_vote_weighting = models.CharField(
        _("bobot suara dalam RAT"),
        max_length=12,
        choices=VoteWeighting.choices,
        default=VoteWeighting.ONE_MEMBER_ONE_VOTE,
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
    shu_lain_pct = _percent(_("SHU: dana lain (%)"), default=ZERO)
    shu_lain_name = models.CharField(
        _("SHU: nama dana lain"), max_length=80, blank=True, default="Dana lain-lain"
    )

    class JmaBasis(models.TextChoices):
        YEAR_END = "year_end", _("Saldo simpanan akhir tahun")
        MONTHLY_AVERAGE = "monthly_average", _("Rata-rata saldo akhir bulan")

    class ExitedRule(models.TextChoices):
        INCLUDED = "included", _("Diikutkan sampai tanggal keluar")
        EXCLUDED = "excluded", _("Tidak diikutkan")

    class ShuPayout(models.TextChoices):
        SUKARELA = "sukarela", _("Dikreditkan ke simpanan sukarela")
        CASH = "cash", _("Dibayar tunai")

    shu_jma_basis = models.CharField(
        _("SHU: dasar jasa modal"),
        max_length=16,
        choices=JmaBasis.choices,
        default=JmaBasis.YEAR_END,
        help_text=_("Simpanan pokok + wajib anggota: saldo akhir tahun atau rata-rata bulanan."),
    )
    shu_exited_rule = models.CharField(
        _("SHU: anggota yang keluar dalam tahun buku"),
        max_length=10,
        choices=ExitedRule.choices,
        default=ExitedRule.INCLUDED,
    )
    shu_participation_sources = models.CharField(
        _("SHU: sumber partisipasi jasa usaha"),
        max_length=200,
        default="loan_jasa",
        help_text=_("Nama sumber dipisah koma, mis. loan_jasa (jasa pinjaman yang dibayar)."),
    )
    shu_payout_default = models.CharField(
        _("SHU: cara pembayaran bawaan"),
        max_length=10,
        choices=ShuPayout.choices,
        default=ShuPayout.SUKARELA,
    )
    # Surplus from business with non-members (must total 100 %)
    shu_non_member_cadangan_pct = _percent(
        _("SHU non-anggota: cadangan (%)"), default=Decimal("100.00")
    )
    shu_non_member_pengurus_pct = _percent(_("SHU non-anggota: dana pengurus (%)"), default=ZERO)
    shu_non_member_karyawan_pct = _percent(_("SHU non-anggota: dana karyawan (%)"), default=ZERO)
    shu_non_member_pendidikan_pct = _percent(
        _("SHU non-anggota: dana pendidikan (%)"), default=ZERO
    )
    shu_non_member_sosial_pct = _percent(_("SHU non-anggota: dana sosial (%)"), default=ZERO)
    shu_non_member_pembangunan_daerah_pct = _percent(
        _("SHU non-anggota: dana pembangunan daerah kerja (%)"), default=ZERO
    )
    shu_non_member_lain_pct = _percent(_("SHU non-anggota: dana lain (%)"), default=ZERO)
    # Withholding on a member's SHU (0 % = off): the whole share is withheld at the rate when
    # it exceeds the threshold.
    shu_withholding_rate = _percent(_("SHU: potongan pajak (%)"), default=ZERO)
    shu_withholding_threshold = _money(
        _("SHU: dipotong bila bagian anggota lebih dari (Rp)"), default=ZERO
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

    @property
    def shu_non_member_allocation(self) -> dict[str, Decimal]:
        """Percentages for the surplus from non-members (no jasa anggota); they total 100."""
        return {key: getattr(self, field) for field, key in SHU_NON_MEMBER_FIELDS}

    def shu_non_member_total_percent(self) -> Decimal:
        return sum((getattr(self, field) or ZERO for field, _key in SHU_NON_MEMBER_FIELDS), ZERO)

    @property
    def shu_participation_source_names(self) -> list[str]:
        return [n.strip() for n in (self.shu_participation_sources or "").split(",") if n.strip()]

    def rat_quorum_required(self, member_count: int) -> int:
        """Members who must attend the RAT for it to be quorate."""
        threshold = Decimal(member_count) * self.rat_quorum_percent / HUNDRED
        if self.rat_quorum_more_than:
            return min(member_count, math.floor(threshold) + 1)
        return math.ceil(threshold)

    def rat_second_call_quorum_required(self, member_count: int) -> int:
        """Members who must attend a second-call RAT (0: valid whoever attends)."""
        threshold = Decimal(member_count) * self.rat_second_call_quorum_percent / HUNDRED
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
        if all(getattr(self, field) is not None for field, _key in SHU_NON_MEMBER_FIELDS):
            total = self.shu_non_member_total_percent()
            if total != HUNDRED:
                errors["shu_non_member_allocation"] = (
                    f"Jumlah persentase pembagian SHU non-anggota harus 100%, sekarang {total}%. / "
                    "Non-member SHU allocation must total 100%."
                )
        if not self.shu_participation_source_names:
            errors["shu_participation_sources"] = (
                "Isi paling sedikit satu sumber partisipasi. / At least one source."
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
