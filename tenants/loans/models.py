"""Loans to members: products, loans (from application to closing), their instalment
schedule, repayments, the daily close of business and the notifications it sends.

Money moves only through ledger postings made by ``services``; the columns here describe the
loan (schedule, what was paid on which instalment) and are kept equal to the ledger: the member
sub-ledger of LOANS_RECEIVABLE equals ``Loan.outstanding_principal`` for every member."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sokoguru.tenants.loans import aging, schedule

ZERO = Decimal("0.00")


def MoneyField(verbose_name, **kwargs):  # noqa: N802 - reads like a field class
    kwargs.setdefault("default", ZERO)
    return models.DecimalField(
        verbose_name,
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
        **kwargs,
    )


def PercentField(verbose_name, **kwargs):  # noqa: N802
    kwargs.setdefault("default", Decimal("0"))
    return models.DecimalField(
        verbose_name,
        max_digits=9,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000"))],
        **kwargs,
    )


class Method(models.TextChoices):
    FLAT = schedule.FLAT, _("Flat (jasa dari pokok awal)")
    DECLINING = schedule.DECLINING, _("Menurun (saldo pokok)")
    ANNUITY = schedule.ANNUITY, _("Anuitas (angsuran tetap)")


class RateBasis(models.TextChoices):
    PER_MONTH = schedule.PER_MONTH, _("per bulan")
    PER_TERM = schedule.PER_TERM, _("per jangka waktu pinjaman")


class Bucket(models.TextChoices):
    LANCAR = aging.LANCAR, _("Lancar")
    DALAM_PERHATIAN_KHUSUS = aging.DALAM_PERHATIAN_KHUSUS, _("Dalam perhatian khusus")
    KURANG_LANCAR = aging.KURANG_LANCAR, _("Kurang lancar")
    DIRAGUKAN = aging.DIRAGUKAN, _("Diragukan")
    MACET = aging.MACET, _("Macet")


class LoanProduct(models.Model):
    class PenaltyMethod(models.TextChoices):
        NONE = "none", _("Tanpa denda")
        PER_DAY = "per_day", _("Per hari keterlambatan")
        PER_INSTALMENT = "per_instalment", _("Sekali per angsuran terlambat")

    class EarlyPayoffJasa(models.TextChoices):
        PRO_RATA = "pro_rata", _("Jasa sampai tanggal pelunasan (pro rata hari)")
        FULL = "full", _("Jasa seluruh sisa angsuran tetap dibayar")
        NEXT = "next", _("Hanya jasa angsuran berikutnya")
        NONE = "none", _("Jasa angsuran yang belum jatuh tempo dibebaskan")

    class ExcessTo(models.TextChoices):
        SUKARELA = "sukarela", _("Kelebihan masuk simpanan sukarela")
        PREPAY = "prepay", _("Kelebihan membayar angsuran berikutnya / pelunasan")

    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama produk"), max_length=120)
    description = models.TextField(_("keterangan"), blank=True)
    method = models.CharField(
        _("metode jasa"), max_length=12, choices=Method.choices, default=Method.FLAT
    )
    rate_percent = PercentField(
        _("tarif jasa (%)"),
        help_text=_(
            "Menurut dasar tarif. Contoh dari laporan lapangan (koperasi RW): jasa flat 10 % "
            "untuk pinjaman 10 bulan = tarif 1 % per bulan. Pinjaman Rp 1.000.000 selama 10 "
            "bulan: jasa Rp 100.000, angsuran 10 × Rp 110.000; selama 1 bulan: jasa Rp 10.000. "
            "Tarif 10 % per jangka waktu membuat pinjaman 1 bulan berjasa 10 % — setara rentenir "
            "bank keliling."
        ),
    )
    rate_basis = models.CharField(
        _("dasar tarif"), max_length=12, choices=RateBasis.choices, default=RateBasis.PER_MONTH
    )
    min_tenor = models.PositiveSmallIntegerField(
        _("tenor minimum (bulan)"), default=1, validators=[MinValueValidator(1)]
    )
    max_tenor = models.PositiveSmallIntegerField(
        _("tenor maksimum (bulan)"), default=12, validators=[MinValueValidator(1)]
    )
    min_amount = MoneyField(_("plafon minimum"))
    max_amount = MoneyField(_("plafon maksimum"), help_text=_("0 = tanpa batas"))
    max_savings_multiple = models.DecimalField(
        _("plafon maksimum × simpanan"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Kelipatan simpanan pokok + wajib + sukarela anggota; 0 = tanpa batas"),
    )
    admin_fee_percent = PercentField(_("biaya administrasi (%)"))
    admin_fee_flat = MoneyField(_("biaya administrasi tetap"))
    penalty_method = models.CharField(
        _("metode denda"),
        max_length=16,
        choices=PenaltyMethod.choices,
        default=PenaltyMethod.NONE,
    )
    penalty_percent = PercentField(
        _("denda (% dari tunggakan angsuran)"),
        help_text=_("Per hari atau sekali per angsuran, menurut metode denda"),
    )
    penalty_flat = MoneyField(_("denda tetap (Rp)"))
    penalty_cap_percent = PercentField(
        _("batas denda (% dari angsuran)"), help_text=_("0 = tanpa batas")
    )
    penalty_grace_days = models.PositiveSmallIntegerField(
        _("masa tenggang denda (hari)"), default=0
    )
    guarantor_required = models.BooleanField(_("wajib penjamin"), default=False)
    early_payoff_jasa = models.CharField(
        _("jasa pada pelunasan dipercepat"),
        max_length=8,
        choices=EarlyPayoffJasa.choices,
        default=EarlyPayoffJasa.PRO_RATA,
        help_text=_(
            "Bawaan: jasa dihitung sampai tanggal pelunasan menurut jumlah hari berjalan pada "
            "periode angsuran itu; jasa periode berikutnya tidak ditagih."
        ),
    )
    excess_to = models.CharField(
        _("kelebihan pembayaran"),
        max_length=10,
        choices=ExcessTo.choices,
        default=ExcessTo.SUKARELA,
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("produk pinjaman")
        verbose_name_plural = pgettext_lazy("jamak", "produk pinjaman")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["code"], name="loans_product_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def clean(self) -> None:
        errors = {}
        if self.min_tenor and self.max_tenor and self.min_tenor > self.max_tenor:
            errors["max_tenor"] = _("Tenor maksimum tidak boleh lebih kecil dari tenor minimum.")
        if self.max_amount and self.min_amount and self.max_amount < self.min_amount:
            errors["max_amount"] = _("Plafon maksimum tidak boleh lebih kecil dari minimum.")
        for name in ("min_amount", "max_amount", "admin_fee_flat", "penalty_flat"):
            value = getattr(self, name)
            if value is not None and value != value.to_integral_value():
                errors[name] = _("Jumlah harus dalam rupiah bulat.")
        if errors:
            raise ValidationError(errors)

    def admin_fee_for(self, amount: Decimal) -> Decimal:
        fee = schedule.floor_rupiah(amount * self.admin_fee_percent / 100) + self.admin_fee_flat
        return schedule.money(min(fee, amount))


class LoanSettings(models.Model):
    """The cooperative's loan policy (one row per cooperative)."""

    class QueueServing(models.TextChoices):
        AUTO = "auto", _("Otomatis (tugas latar setelah dana masuk dan harian)")
        MANUAL = "manual", _("Manual oleh bendahara")

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    queue_serving = models.CharField(
        _("pelayanan antrean pendanaan"),
        max_length=8,
        choices=QueueServing.choices,
        default=QueueServing.AUTO,
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        _("pengingat (hari sebelum jatuh tempo)"), default=3
    )
    dalam_perhatian_khusus_from = models.PositiveSmallIntegerField(
        _("dalam perhatian khusus mulai hari ke-"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Lima golongan kolektibilitas menurut praktik koperasi untuk pinjaman berangsuran "
            "bulanan: lancar (tanpa tunggakan), dalam perhatian khusus (1–90 hari), kurang "
            "lancar (91–120 hari), diragukan (121–180 hari), macet (lebih dari 180 hari). "
            "Pinjaman bermasalah (NPL) = kurang lancar + diragukan + macet."
        ),
    )
    kurang_lancar_from = models.PositiveSmallIntegerField(
        _("kurang lancar mulai hari ke-"), default=91
    )
    diragukan_from = models.PositiveSmallIntegerField(_("diragukan mulai hari ke-"), default=121)
    macet_from = models.PositiveSmallIntegerField(_("macet mulai hari ke-"), default=181)
    allowance_lancar_percent = PercentField(
        _("cadangan lancar (%)"),
        default=Decimal("0.5"),
        help_text=_(
            "Cadangan kerugian piutang (CKPN) per golongan, persen dari sisa pokok. Bawaan: "
            "lancar 0,5 %, dalam perhatian khusus 5 %, kurang lancar 15 %, diragukan 50 %, "
            "macet 100 %."
        ),
    )
    allowance_dalam_perhatian_khusus_percent = PercentField(
        _("cadangan dalam perhatian khusus (%)"), default=Decimal("5")
    )
    allowance_kurang_lancar_percent = PercentField(
        _("cadangan kurang lancar (%)"), default=Decimal("15")
    )
    allowance_diragukan_percent = PercentField(_("cadangan diragukan (%)"), default=Decimal("50"))
    allowance_macet_percent = PercentField(_("cadangan macet (%)"), default=Decimal("100"))
    allowance_deducts_savings = models.BooleanField(
        _("cadangan dikurangi simpanan peminjam"),
        default=False,
        help_text=_(
            "Bila dicentang, dasar cadangan suatu pinjaman adalah sisa pokok dikurangi simpanan "
            "pokok, wajib dan sukarela peminjam yang ditahan koperasi (dipakai untuk pinjaman "
            "tertua lebih dahulu), karena simpanan itu diperhitungkan saat anggota keluar."
        ),
    )
    written_off_blocks_new_loans = models.BooleanField(
        _("pinjaman dihapusbukukan menghalangi pinjaman baru"),
        default=True,
        help_text=_(
            "Hapus buku bukan hapus tagih: selama sisa pinjaman yang dihapusbukukan belum "
            "dipulihkan, anggota tidak dapat mengajukan pinjaman baru."
        ),
    )
    payroll_account = models.CharField(
        _("rekening penerimaan potong gaji"),
        max_length=8,
        choices=[("cash", _("Kas")), ("bank", _("Bank"))],
        default="bank",
    )
    next_loan_number = models.PositiveIntegerField(default=1, editable=False)
    next_queue_number = models.PositiveBigIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("pengaturan pinjaman")
        verbose_name_plural = pgettext_lazy("jamak", "pengaturan pinjaman")

    def __str__(self) -> str:
        return str(_("Pengaturan pinjaman"))

    def clean(self) -> None:
        if not (
            1
            <= (self.dalam_perhatian_khusus_from or 0)
            < (self.kurang_lancar_from or 0)
            < (self.diragukan_from or 0)
            < (self.macet_from or 0)
        ):
            raise ValidationError(
                {
                    "kurang_lancar_from": _(
                        "Batas kolektibilitas harus naik: dalam perhatian khusus < kurang "
                        "lancar < diragukan < macet."
                    )
                }
            )

    @property
    def thresholds(self) -> aging.BucketThresholds:
        return aging.BucketThresholds(
            dalam_perhatian_khusus_from=self.dalam_perhatian_khusus_from,
            kurang_lancar_from=self.kurang_lancar_from,
            diragukan_from=self.diragukan_from,
            macet_from=self.macet_from,
        )

    def allowance_rates(self) -> dict[str, Decimal]:
        return {
            aging.LANCAR: self.allowance_lancar_percent / 100,
            aging.DALAM_PERHATIAN_KHUSUS: self.allowance_dalam_perhatian_khusus_percent / 100,
            aging.KURANG_LANCAR: self.allowance_kurang_lancar_percent / 100,
            aging.DIRAGUKAN: self.allowance_diragukan_percent / 100,
            aging.MACET: self.allowance_macet_percent / 100,
        }


class Loan(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Diajukan")
        APPROVED = "approved", _("Disetujui, dana tersedia")
        QUEUED = "queued", _("Disetujui, antre pendanaan")
        REJECTED = "rejected", _("Ditolak")
        CANCELLED = "cancelled", _("Dibatalkan")
        ACTIVE = "active", _("Berjalan")
        PAID_OFF = "paid_off", _("Lunas")
        WRITTEN_OFF = "written_off", _("Dihapusbukukan")

    APPLICATION_STATUSES = (Status.SUBMITTED, Status.APPROVED, Status.QUEUED)
    number = models.CharField(_("nomor pinjaman"), max_length=20)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("anggota"),
        on_delete=models.PROTECT,
        related_name="loans",
        db_index=False,
    )
    product = models.ForeignKey(
        LoanProduct, verbose_name=_("produk"), on_delete=models.PROTECT, related_name="loans"
    )
    guarantor = models.ForeignKey(
        "members.Member",
        verbose_name=_("penjamin"),
        on_delete=models.PROTECT,
        related_name="guaranteed_loans",
        null=True,
        blank=True,
    )
    amount = MoneyField(_("jumlah pinjaman"))
    tenor = models.PositiveSmallIntegerField(_("tenor (bulan)"), validators=[MinValueValidator(1)])
    purpose = models.CharField(_("tujuan / usaha"), max_length=255)
    payroll_deduction = models.BooleanField(_("potong gaji"), default=False)
    # Terms copied from the product when the application is entered.
    method = models.CharField(_("metode jasa"), max_length=12, choices=Method.choices)
    rate_percent = PercentField(_("tarif jasa (%)"))
    rate_basis = models.CharField(_("dasar tarif"), max_length=12, choices=RateBasis.choices)
    admin_fee = MoneyField(_("biaya administrasi"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    applied_on = models.DateField(_("tanggal pengajuan"))
    entered_by_id = models.BigIntegerField(_("dimasukkan oleh (id pengguna)"))
    decided_by_id = models.BigIntegerField(_("diputus oleh (id pengguna)"), null=True, blank=True)
    decided_at = models.DateTimeField(_("waktu keputusan"), null=True, blank=True)
    decision_note = models.CharField(_("catatan keputusan"), max_length=255, blank=True)
    queue_number = models.PositiveBigIntegerField(_("nomor antrean"), null=True, blank=True)
    queued_at = models.DateTimeField(_("masuk antrean"), null=True, blank=True)
    committed_at = models.DateTimeField(_("dana dicadangkan"), null=True, blank=True)
    disbursed_on = models.DateField(_("tanggal pencairan"), null=True, blank=True)
    disbursed_by_id = models.BigIntegerField(
        _("dicairkan oleh (id pengguna)"), null=True, blank=True
    )
    disbursement_transaction_id = models.BigIntegerField(
        _("jurnal pencairan"), null=True, blank=True
    )
    first_due_date = models.DateField(_("jatuh tempo pertama"), null=True, blank=True)
    maturity_date = models.DateField(_("jatuh tempo terakhir"), null=True, blank=True)
    total_jasa = MoneyField(_("total jasa"))
    outstanding_principal = MoneyField(_("sisa pokok"))
    days_past_due = models.PositiveIntegerField(_("hari tunggakan"), default=0)
    bucket = models.CharField(
        _("kolektibilitas"), max_length=24, choices=Bucket.choices, default=Bucket.LANCAR
    )
    allowance = MoneyField(
        _("cadangan kerugian piutang"),
        help_text=_("Bagian akun cadangan kerugian piutang yang dibentuk untuk pinjaman ini"),
    )
    closed_on = models.DateField(_("tanggal ditutup"), null=True, blank=True)
    write_off_requested_by_id = models.BigIntegerField(null=True, blank=True)
    write_off_requested_on = models.DateField(_("hapus buku diajukan"), null=True, blank=True)
    write_off_reason = models.CharField(_("alasan hapus buku"), max_length=255, blank=True)
    written_off_by_id = models.BigIntegerField(null=True, blank=True)
    written_off_amount = MoneyField(_("pokok dihapusbukukan"))
    written_off_jasa = MoneyField(_("jasa dan denda tertunggak saat hapus buku"))
    recovered_amount = MoneyField(_("pemulihan setelah hapus buku"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("pinjaman")
        verbose_name_plural = pgettext_lazy("jamak", "pinjaman")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status", "bucket"]),
            models.Index(fields=["member", "status"]),
            models.Index(fields=["queue_number"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="loans_loan_number_unique"),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="loans_loan_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(outstanding_principal__gte=0)
                & models.Q(outstanding_principal__lte=models.F("amount")),
                name="loans_loan_outstanding_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.amount:,.0f}"


class Instalment(models.Model):
    loan = models.ForeignKey(
        Loan,
        verbose_name=_("pinjaman"),
        on_delete=models.CASCADE,
        related_name="instalments",
        db_index=False,
    )
    number = models.PositiveSmallIntegerField(_("angsuran ke-"))
    due_date = models.DateField(_("jatuh tempo"))
    principal = MoneyField(_("pokok"))
    jasa = MoneyField(_("jasa"))
    principal_paid = MoneyField(_("pokok dibayar"))
    jasa_paid = MoneyField(_("jasa dibayar"))
    jasa_waived = MoneyField(_("jasa dibebaskan"))
    # The jasa recognised as income (accrual, SAK EP): at the month end it falls due in, at
    # receipt when paid in or after its due month, or at payoff. Above ``jasa_paid`` it is
    # piutang jasa, below it jasa received in advance.
    jasa_accrued = MoneyField(_("jasa diakui"))
    penalty_charged = MoneyField(_("denda"))
    penalty_paid = MoneyField(_("denda dibayar"))
    penalty_waived = MoneyField(_("denda dibebaskan"))
    penalty_through = models.DateField(_("denda dihitung sampai"), null=True, blank=True)
    paid_on = models.DateField(_("lunas pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("angsuran")
        verbose_name_plural = _("jadwal angsuran")
        ordering = ["loan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "number"], name="loans_instalment_unique"),
            models.CheckConstraint(
                condition=models.Q(principal_paid__lte=models.F("principal")),
                name="loans_instalment_principal_paid_within",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    jasa_paid__lte=models.F("jasa") - models.F("jasa_waived"),
                ),
                name="loans_instalment_jasa_paid_within",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    penalty_paid__lte=models.F("penalty_charged") - models.F("penalty_waived")
                ),
                name="loans_instalment_penalty_paid_within",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.loan.number} #{self.number}"

    @property
    def total(self) -> Decimal:
        return self.principal + self.jasa

    @property
    def principal_due(self) -> Decimal:
        return self.principal - self.principal_paid

    @property
    def jasa_due(self) -> Decimal:
        return self.jasa - self.jasa_waived - self.jasa_paid

    @property
    def penalty_due(self) -> Decimal:
        return self.penalty_charged - self.penalty_waived - self.penalty_paid

    @property
    def unpaid(self) -> Decimal:
        """Principal and jasa still owed (penalties aside)."""
        return self.principal_due + self.jasa_due


class Repayment(models.Model):
    class Kind(models.TextChoices):
        COUNTER = "counter", _("Setoran angsuran")
        PAYROLL = "payroll", _("Potong gaji")
        PAYOFF = "payoff", _("Pelunasan dipercepat")
        RECOVERY = "recovery", _("Pemulihan setelah hapus buku")

    loan = models.ForeignKey(
        Loan, verbose_name=_("pinjaman"), on_delete=models.PROTECT, related_name="repayments"
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("tanggal"))
    amount = MoneyField(_("jumlah diterima"))
    penalty = MoneyField(_("denda"))
    jasa = MoneyField(_("jasa"))
    principal = MoneyField(_("pokok"))
    recovery = MoneyField(_("pemulihan"))
    to_savings = MoneyField(_("kelebihan ke simpanan sukarela"))
    jasa_waived = MoneyField(_("jasa dibebaskan"))
    account = models.CharField(_("rekening"), max_length=8, default="cash")
    idempotency_key = models.CharField(_("kunci idempotensi"), max_length=120)
    transaction_id = models.BigIntegerField(_("jurnal"), null=True, blank=True)
    created_by_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    reversed_on = models.DateField(_("dibatalkan pada"), null=True, blank=True)
    reversed_by_id = models.BigIntegerField(null=True, blank=True)
    reversal_reason = models.CharField(_("alasan pembatalan"), max_length=255, blank=True)
    reversal_transaction_id = models.BigIntegerField(_("jurnal pembatalan"), null=True, blank=True)

    class Meta:
        verbose_name = _("pembayaran pinjaman")
        verbose_name_plural = pgettext_lazy("jamak", "pembayaran pinjaman")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], name="loans_repayment_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.loan.number} · {self.date} · {self.amount:,.0f}"


class RepaymentLine(models.Model):
    """What one repayment paid on one instalment."""

    repayment = models.ForeignKey(Repayment, on_delete=models.CASCADE, related_name="lines")
    instalment = models.ForeignKey(Instalment, on_delete=models.PROTECT, related_name="payments")
    penalty = MoneyField(_("denda"))
    jasa = MoneyField(_("jasa"))
    principal = MoneyField(_("pokok"))
    jasa_waived = MoneyField(_("jasa dibebaskan"))
    # The change this payment made to the instalment's ``jasa_accrued`` (negative when a
    # payoff takes back jasa accrued but waived), undone by its reversal.
    jasa_accrued = models.DecimalField(
        _("jasa diakui"), max_digits=18, decimal_places=2, default=ZERO
    )

    class Meta:
        verbose_name = _("rincian pembayaran")
        verbose_name_plural = pgettext_lazy("jamak", "rincian pembayaran")
        ordering = ["repayment", "instalment__number"]

    def __str__(self) -> str:
        return f"{self.repayment_id} → #{self.instalment_id}"


class CobRun(models.Model):
    """The daily close of business of one date (penalties, aging, reminders, allowance)."""

    date = models.DateField(_("tanggal"), unique=True)
    started_at = models.DateTimeField(_("mulai"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    loans_closed = models.PositiveIntegerField(_("pinjaman diproses"), default=0)
    penalties = MoneyField(_("denda dibebankan"))
    reminders = models.PositiveIntegerField(_("pengingat"), default=0)
    allowance_required = MoneyField(_("cadangan wajib"))
    allowance_postings = models.PositiveIntegerField(_("jurnal cadangan"), default=0)

    class Meta:
        verbose_name = _("tutup buku harian pinjaman")
        verbose_name_plural = pgettext_lazy("jamak", "tutup buku harian pinjaman")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"COB {self.date}"


class PenaltyCharge(models.Model):
    """A penalty the close of business of ``date`` charged on one overdue instalment: what a
    payment dated earlier but entered later takes back (the penalty is computed as of the
    payment date)."""

    instalment = models.ForeignKey(
        Instalment, on_delete=models.CASCADE, related_name="penalty_charges", db_index=False
    )
    date = models.DateField(_("tanggal"))
    amount = MoneyField(_("denda"))

    class Meta:
        verbose_name = _("pembebanan denda")
        verbose_name_plural = pgettext_lazy("jamak", "pembebanan denda")
        ordering = ["instalment", "date"]
        indexes = [models.Index(fields=["instalment", "date"])]

    def __str__(self) -> str:
        return f"{self.instalment_id} · {self.date} · {self.amount:,.0f}"


class PenaltyWaiver(models.Model):
    """Penalties waived on a loan (maker-checker): one officer asks, another approves; the
    approval lowers the penalties still due, oldest instalment first."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Diajukan")
        APPROVED = "approved", _("Disetujui")
        REJECTED = "rejected", _("Ditolak")

    loan = models.ForeignKey(
        Loan, verbose_name=_("pinjaman"), on_delete=models.PROTECT, related_name="penalty_waivers"
    )
    amount = MoneyField(_("denda dibebaskan"))
    reason = models.CharField(_("alasan"), max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    requested_on = models.DateField(_("tanggal pengajuan"))
    requested_by_id = models.BigIntegerField(_("diajukan oleh (id pengguna)"))
    decided_by_id = models.BigIntegerField(_("diputus oleh (id pengguna)"), null=True, blank=True)
    decided_on = models.DateField(_("tanggal keputusan"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("pembebasan denda")
        verbose_name_plural = pgettext_lazy("jamak", "pembebasan denda")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="loans_penalty_waiver_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.loan_id} · {self.amount:,.0f} · {self.status}"


class LoanDayClose(models.Model):
    """One loan's close of business on one date; its existence makes the day idempotent."""

    loan = models.ForeignKey(
        Loan, on_delete=models.CASCADE, related_name="day_closes", db_index=False
    )
    date = models.DateField(_("tanggal"))
    days_past_due = models.PositiveIntegerField(_("hari tunggakan"))
    bucket = models.CharField(_("kolektibilitas"), max_length=24, choices=Bucket.choices)
    penalty_charged = MoneyField(_("denda dibebankan"))
    reminders = models.PositiveSmallIntegerField(_("pengingat"), default=0)

    class Meta:
        verbose_name = _("penutupan harian pinjaman")
        verbose_name_plural = pgettext_lazy("jamak", "penutupan harian pinjaman")
        ordering = ["-date", "loan"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "date"], name="loans_day_close_unique")
        ]

    def __str__(self) -> str:
        return f"{self.loan_id} · {self.date}"


class Notification(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        SENT = "sent", _("Terkirim")
        SKIPPED = "skipped", _("Dilewati (tanpa alamat)")
        FAILED = "failed", _("Gagal")

    loan = models.ForeignKey(
        Loan, on_delete=models.CASCADE, related_name="notifications", null=True, blank=True
    )
    kind = models.CharField(_("jenis"), max_length=30)
    channel = models.CharField(_("saluran"), max_length=20)
    dedupe_key = models.CharField(_("kunci"), max_length=160)
    recipient = models.CharField(_("penerima"), max_length=160)
    address = models.CharField(_("alamat"), max_length=160, blank=True)
    subject = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    reference = models.CharField(_("referensi penyedia"), max_length=120, blank=True)
    error = models.CharField(_("galat"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    sent_at = models.DateTimeField(_("dikirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("notifikasi pinjaman")
        verbose_name_plural = pgettext_lazy("jamak", "notifikasi pinjaman")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key", "channel"], name="loans_notification_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.channel} · {self.recipient}"
