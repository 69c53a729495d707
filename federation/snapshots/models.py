"""Per cooperative and day, the figures oversight needs — computed in the cooperative's schema by
its selectors and stored flat in one public table so federation requests never walk schemas.

Daily rows are kept for 90 days, month-end rows for ever (``snapshot_prune``). ``is_latest`` marks
each cooperative's newest row, so "the current figures of every cooperative in a region" is one
index scan on ``region_code`` (denormalised from the cooperative's domicile)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def money(label: str) -> models.DecimalField:
    return models.DecimalField(label, max_digits=18, decimal_places=2, default=0)


class CooperativeSnapshot(models.Model):
    cooperative = models.ForeignKey(
        "tenancy.Cooperative",
        verbose_name=_("koperasi"),
        on_delete=models.CASCADE,
        related_name="snapshots",
    )
    date = models.DateField(_("tanggal"))
    region_code = models.CharField(_("kode wilayah domisili"), max_length=13)
    cooperative_kind = models.CharField(_("jenis koperasi"), max_length=20)
    is_latest = models.BooleanField(_("terbaru"), default=False)
    is_month_end = models.BooleanField(_("akhir bulan"), default=False)

    # Members
    members_active = models.PositiveIntegerField(_("anggota aktif"), default=0)
    members_flagged = models.PositiveIntegerField(_("anggota ditandai"), default=0)
    members_inactive = models.PositiveIntegerField(_("anggota tidak aktif"), default=0)
    members_exited = models.PositiveIntegerField(_("anggota keluar"), default=0)
    members_deceased = models.PositiveIntegerField(_("anggota meninggal"), default=0)

    # Savings (ledger account balances)
    savings_pokok = money(_("simpanan pokok"))
    savings_wajib = money(_("simpanan wajib"))
    savings_sukarela = money(_("simpanan sukarela"))
    savings_total = money(_("total simpanan"))

    # Loans by collectibility bucket
    loans_count = models.PositiveIntegerField(_("jumlah pinjaman"), default=0)
    loans_outstanding = money(_("pinjaman beredar"))
    loans_lancar_count = models.PositiveIntegerField(_("pinjaman lancar"), default=0)
    loans_lancar_outstanding = money(_("outstanding lancar"))
    loans_dalam_perhatian_khusus_count = models.PositiveIntegerField(
        _("pinjaman dalam perhatian khusus"), default=0
    )
    loans_dalam_perhatian_khusus_outstanding = money(_("outstanding dalam perhatian khusus"))
    loans_kurang_lancar_count = models.PositiveIntegerField(_("pinjaman kurang lancar"), default=0)
    loans_kurang_lancar_outstanding = money(_("outstanding kurang lancar"))
    loans_diragukan_count = models.PositiveIntegerField(_("pinjaman diragukan"), default=0)
    loans_diragukan_outstanding = money(_("outstanding diragukan"))
    loans_macet_count = models.PositiveIntegerField(_("pinjaman macet"), default=0)
    loans_macet_outstanding = money(_("outstanding macet"))
    npl_ratio = models.DecimalField(
        _("rasio NPL"),
        max_digits=7,
        decimal_places=4,
        default=0,
        help_text=_("(kurang lancar + diragukan + macet) / pinjaman beredar"),
    )
    loan_allowance = money(_("cadangan kerugian piutang"))
    funding_queue_length = models.PositiveIntegerField(_("antrean pendanaan"), default=0)
    funding_queue_amount = money(_("nilai antrean pendanaan"))

    # Statements
    total_assets = money(_("total aset"))
    total_liabilities = money(_("total kewajiban"))
    total_equity = money(_("total ekuitas"))
    income_ytd = money(_("pendapatan tahun berjalan"))
    expenses_ytd = money(_("beban tahun berjalan"))
    surplus_ytd = money(_("SHU tahun berjalan"))

    # Liquidity
    cash_and_bank = money(_("kas dan bank"))
    liquidity_reserve = money(_("cadangan likuiditas minimum"))
    available_funds = money(_("dana tersedia untuk pinjaman"))

    # Wajib arrears
    wajib_arrears_members = models.PositiveIntegerField(_("anggota menunggak wajib"), default=0)
    wajib_arrears_months = models.PositiveIntegerField(_("bulan tunggakan wajib"), default=0)
    wajib_arrears_amount = money(_("nilai tunggakan wajib"))

    # Waste bank (bank sampah): the month of the snapshot date up to that day
    waste_kg_month = models.DecimalField(
        _("sampah disetor bulan ini (kg)"), max_digits=14, decimal_places=3, default=0
    )
    waste_kg_by_category = models.JSONField(
        _("sampah disetor bulan ini per kategori (kg)"), default=dict, blank=True
    )
    waste_customers_active = models.PositiveIntegerField(
        _("nasabah bank sampah yang menyetor bulan ini"), default=0
    )
    waste_savings_balance = money(_("saldo tabungan bank sampah"))
    waste_sales_month = money(_("penjualan sampah bulan ini"))
    waste_margin_month = money(_("margin penjualan sampah bulan ini"))
    # Production (members' micro-businesses): output by kind and unit ({kind: {unit: "qty"}})
    # of the snapshot's ISO week and of its month, sales through the cooperative, active
    # businesses, and recording gaps (weeks of the last 12 without any output record).
    production_active_businesses = models.PositiveIntegerField(_("usaha anggota aktif"), default=0)
    production_output_week = models.JSONField(_("hasil produksi minggu ini"), default=dict)
    production_output_month = models.JSONField(_("hasil produksi bulan ini"), default=dict)
    production_sales_month = money(_("penjualan produk bulan ini"))
    production_sales_ytd = money(_("penjualan produk tahun berjalan"))
    production_sales_count_month = models.PositiveIntegerField(
        _("transaksi penjualan produk bulan ini"), default=0
    )
    production_weeks_without_records = models.PositiveIntegerField(
        _("minggu tanpa catatan produksi (12 minggu terakhir)"), default=0
    )
    production_last_record_on = models.DateField(
        _("periode produksi terakhir dicatat"), null=True, blank=True
    )

    # Money between cooperatives (a sekunder and its member cooperatives), per counterparty
    # registry id: {"<id>": {"capital_held": "…", "capital_invested": "…", …}} — aggregates
    # only, read by the consolidation (``consolidation.py``) to count each rupiah once.
    intercoop_balances = models.JSONField(
        _("saldo antarkoperasi per koperasi lawan"), default=dict, blank=True
    )

    last_rat_date = models.DateField(_("RAT terakhir"), null=True, blank=True)
    rat_fiscal_year = models.PositiveSmallIntegerField(
        _("tahun buku RAT terakhir"), null=True, blank=True
    )
    rat_report_submitted_on = models.DateField(
        _("laporan RAT dikirim ke dinas"), null=True, blank=True
    )
    rat_deadline_months = models.PositiveSmallIntegerField(
        _("batas RAT (bulan setelah tahun buku)"), default=6
    )

    # SHU of the last closed fiscal year
    shu_last_year = models.PositiveSmallIntegerField(
        _("tahun buku terakhir yang ditutup"), null=True, blank=True
    )
    shu_last_amount = money(_("SHU tahun buku terakhir"))
    shu_last_distributed = models.BooleanField(_("SHU sudah dibagikan"), default=False)
    shu_last_distributed_on = models.DateField(_("tanggal pembagian SHU"), null=True, blank=True)
    # Organisation (the ministry's data system dimensions): officers serving on the snapshot
    # date (pengurus: ketua, sekretaris, bendahara; pengawas) and the employees the
    # cooperative's profile records.
    managers_count = models.PositiveIntegerField(_("pengurus menjabat"), default=0)
    supervisors_count = models.PositiveIntegerField(_("pengawas menjabat"), default=0)
    employees_count = models.PositiveIntegerField(_("karyawan"), default=0)

    # Health assessment (tenants/health): the newest month assessed on or before the snapshot
    # date — total score, band, scheme, aspect scores {aspect: "score"} and the PEARLS ratios
    # {code: {"ratio": "12.34" | null, "met": bool | null, "goal": "…"}}. Aggregates only.
    health_month = models.DateField(_("bulan penilaian kesehatan"), null=True, blank=True)
    health_scheme = models.CharField(_("skema penilaian kesehatan"), max_length=60, blank=True)
    health_score = models.DecimalField(
        _("skor kesehatan"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    health_band = models.CharField(_("predikat kesehatan"), max_length=30, blank=True)
    health_band_previous = models.CharField(
        _("predikat kesehatan bulan sebelumnya"), max_length=30, blank=True
    )
    health_aspects = models.JSONField(_("skor aspek kesehatan"), default=dict, blank=True)
    health_pearls = models.JSONField(_("rasio PEARLS"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("waktu snapshot"))

    class Meta:
        verbose_name = _("snapshot koperasi")
        verbose_name_plural = pgettext_lazy("jamak", "snapshot koperasi")
        ordering = ["cooperative_id", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "date"], name="snapshot_coop_date"),
            models.UniqueConstraint(
                fields=["cooperative"], condition=Q(is_latest=True), name="snapshot_one_latest"
            ),
        ]
        indexes = [
            # Current figures in a region (prefix match on the Kemendagri code).
            models.Index(
                fields=["region_code"],
                name="snapshot_latest_region",
                opclasses=["varchar_pattern_ops"],
                condition=Q(is_latest=True),
            ),
            # Monthly trends of a region.
            models.Index(
                fields=["region_code", "date"],
                name="snapshot_monthend_region",
                opclasses=["varchar_pattern_ops", "date_ops"],
                condition=Q(is_month_end=True),
            ),
            # Pruning of old daily rows.
            models.Index(fields=["date"], name="snapshot_date"),
        ]

    def __str__(self) -> str:
        return f"{self.cooperative_id} @ {self.date}"

    @property
    def members_total(self) -> int:
        return (
            self.members_active
            + self.members_flagged
            + self.members_inactive
            + self.members_exited
            + self.members_deceased
        )


class SnapshotFailure(models.Model):
    """A cooperative whose snapshot could not be refreshed (after retries): shown to platform
    staff, cleared by the next successful refresh."""

    cooperative = models.OneToOneField(
        "tenancy.Cooperative",
        verbose_name=_("koperasi"),
        on_delete=models.CASCADE,
        related_name="snapshot_failure",
    )
    error = models.TextField(_("galat"))
    attempts = models.PositiveIntegerField(_("percobaan"), default=1)
    first_failed_at = models.DateTimeField(_("gagal pertama"))
    last_failed_at = models.DateTimeField(_("gagal terakhir"))

    class Meta:
        verbose_name = _("kegagalan snapshot")
        verbose_name_plural = pgettext_lazy("jamak", "kegagalan snapshot")
        ordering = ["-last_failed_at"]

    def __str__(self) -> str:
        return f"{self.cooperative}: {self.error[:60]}"
