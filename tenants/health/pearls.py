"""WOCCU PEARLS ratios (World Council of Credit Unions, "PEARLS Monitoring System", Toolkit
Series No. 4) as a second lens on the same figures: each ratio with its formula and goal, and
whether the goal is met.

Adapted to the cooperative's chart: "savings deposits" are the voluntary and waste-bank savings
(simpanan pokok and wajib are member share capital, E7); "delinquent loans" are those outside the
lancar bucket of the daily close of business; R9 and R12 divide by total assets at the month end
(not the year's average) and annualise the year-to-date flows; S11's goal is inflation plus 10%
with ``INFLATION_PCT`` as the assumed inflation (Bank Indonesia's 2025–2026 target, 2.5%)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

D = Decimal
INFLATION_PCT = D("2.5")
VERSION = "pearls-2002.1"


@dataclass(frozen=True)
class PearlsRatio:
    code: str
    title: str
    formula: str
    numerator: str
    denominator: str
    goal: str
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    growth: bool = False  # (numerator / denominator − 1) × 100

    def met(self, value: Decimal | None) -> bool | None:
        if value is None:
            return None
        if self.minimum is not None and value < self.minimum:
            return False
        if self.maximum is not None and value > self.maximum:
            return False
        return True


RATIOS: tuple[PearlsRatio, ...] = (
    PearlsRatio(
        "P1",
        _("Cadangan kerugian terhadap pinjaman macet"),
        _("Cadangan kerugian piutang / pinjaman macet (tunggakan > 12 bulan)"),
        "loan_loss_allowance",
        "delinquent_over_12",
        _("100%"),
        minimum=D("100"),
    ),
    PearlsRatio(
        "P2",
        _("Cadangan bersih terhadap pinjaman menunggak 1–12 bulan"),
        _("(Cadangan kerugian − kebutuhan P1) / pinjaman menunggak 1–12 bulan"),
        "allowance_after_p1",
        "delinquent_1_12",
        _("35%"),
        minimum=D("35"),
    ),
    PearlsRatio(
        "E1",
        _("Pinjaman bersih terhadap total aset"),
        _("Pinjaman bersih / total aset"),
        "net_loans",
        "total_assets",
        _("70–80%"),
        minimum=D("70"),
        maximum=D("80"),
    ),
    PearlsRatio(
        "E5",
        _("Simpanan terhadap total aset"),
        _("Simpanan sukarela dan tabungan / total aset"),
        "savings_deposits",
        "total_assets",
        _("70–80%"),
        minimum=D("70"),
        maximum=D("80"),
    ),
    PearlsRatio(
        "E6",
        _("Pinjaman dari luar terhadap total aset"),
        _("Pinjaman yang diterima / total aset"),
        "external_credit",
        "total_assets",
        _("0–5%"),
        maximum=D("5"),
    ),
    PearlsRatio(
        "E7",
        _("Modal anggota terhadap total aset"),
        _("(Simpanan pokok + simpanan wajib) / total aset"),
        "member_capital",
        "total_assets",
        _("≤ 20%"),
        maximum=D("20"),
    ),
    PearlsRatio(
        "E9",
        _("Modal lembaga terhadap total aset"),
        _("(Cadangan + hibah) / total aset"),
        "institutional_capital",
        "total_assets",
        _("≥ 10%"),
        minimum=D("10"),
    ),
    PearlsRatio(
        "A1",
        _("Pinjaman menunggak terhadap pinjaman beredar"),
        _("Pinjaman tidak lancar / sisa pokok pinjaman beredar"),
        "risky_loans",
        "loan_portfolio",
        _("≤ 5%"),
        maximum=D("5"),
    ),
    PearlsRatio(
        "A2",
        _("Aset tidak menghasilkan terhadap total aset"),
        _("(Kas, piutang lain, aset tetap bersih) / total aset"),
        "non_earning_assets",
        "total_assets",
        _("≤ 5%"),
        maximum=D("5"),
    ),
    PearlsRatio(
        "R9",
        _("Beban operasional terhadap total aset"),
        _("Beban operasional (disetahunkan) / total aset"),
        "operating_expense_annualised",
        "total_assets",
        _("≤ 5%"),
        maximum=D("5"),
    ),
    PearlsRatio(
        "R12",
        _("SHU terhadap total aset (ROA)"),
        _("SHU sebelum pajak (disetahunkan) / total aset"),
        "surplus_annualised",
        "total_assets",
        _("≥ 1%"),
        minimum=D("1"),
    ),
    PearlsRatio(
        "L1",
        _("Aset likuid terhadap simpanan"),
        _("(Kas dan bank − utang jangka pendek) / simpanan sukarela dan tabungan"),
        "liquid_assets_net",
        "savings_deposits",
        _("15–20%"),
        minimum=D("15"),
        maximum=D("20"),
    ),
    PearlsRatio(
        "L2",
        _("Cadangan likuiditas terhadap simpanan"),
        _("Cadangan likuiditas yang dipegang / simpanan sukarela dan tabungan"),
        "liquidity_reserve",
        "savings_deposits",
        _("≥ 10%"),
        minimum=D("10"),
    ),
    PearlsRatio(
        "S10",
        _("Pertumbuhan anggota"),
        _("(Anggota sekarang / anggota setahun sebelumnya − 1)"),
        "members_now",
        "members_year_before",
        _("≥ 12%"),
        minimum=D("12"),
        growth=True,
    ),
    PearlsRatio(
        "S11",
        _("Pertumbuhan total aset"),
        _("(Total aset sekarang / total aset setahun sebelumnya − 1)"),
        "total_assets",
        "total_assets_year_before",
        _("> inflasi + 10% (12,5%)"),
        minimum=INFLATION_PCT + D("10"),
        growth=True,
    ),
)


def percent(numerator: Decimal, denominator: Decimal, *, growth: bool = False) -> Decimal | None:
    if not denominator:
        return None
    value = numerator / denominator
    if growth:
        value -= 1
    return (value * 100).quantize(D("0.01"), rounding=ROUND_HALF_UP)
