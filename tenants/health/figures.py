"""The figures the health ratios are built from, read from the cooperative's books as of a month
end: the balance sheet (with the same date a year earlier), the income statement of the fiscal
year to that date, the loan portfolio by collectibility (loans app), the by-laws and the member
counts. A fixed number of queries whatever the size of the books.

Every figure carries the accounts (code, name, amount) or the portfolio lines it was summed from,
so a ratio explains itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.ledger import chart

ZERO = Decimal("0.00")
CENT = Decimal("0.01")

# Account groups (root codes of the standard chart; sub-accounts are included).
CASH_BANK = (chart.CASH, chart.BANK)
MEMBER_LOANS = (chart.LOANS_RECEIVABLE, chart.INTER_COOP_LOANS_RECEIVABLE)
ALLOWANCE = (chart.LOAN_LOSS_ALLOWANCE,)
# Liabilities due within a year: members' voluntary and waste-bank savings, SHU and funds payable,
# other payables. Loans taken from the sekunder or a bank (23xx) are long-term.
CURRENT_LIABILITY_PREFIXES = ("21", "22", "24")
SAVINGS_DEPOSITS = (chart.SIMPANAN_SUKARELA, chart.WASTE_BANK_SAVINGS)
EXTERNAL_CREDIT = (chart.LOAN_FROM_SEKUNDER, chart.LOAN_FROM_BANK)
MEMBER_CAPITAL = (chart.SIMPANAN_POKOK, chart.SIMPANAN_WAJIB)
INSTITUTIONAL_CAPITAL = (chart.CADANGAN, chart.HIBAH)
SHORT_TERM_PAYABLES = (
    chart.SHU_PAYABLE_MEMBERS,
    chart.OTHER_PAYABLES,
    chart.TAX_PAYABLE,
    chart.CONSIGNMENT_PAYABLE,
)
NON_EARNING_ASSETS = (
    chart.CASH,
    chart.OTHER_RECEIVABLES,
    chart.FIXED_ASSETS,
    chart.ACCUMULATED_DEPRECIATION,
)
# Income from members' use of the savings-and-loan service (partisipasi bruto).
PARTICIPATION_INCOME = (
    chart.LOAN_SERVICE_INCOME,
    chart.PENALTY_INCOME,
    chart.LOAN_ADMIN_FEE_INCOME,
)
# Beban pokok of a savings-and-loan service: the jasa paid on members' savings.
COST_OF_SERVICE = (chart.SAVINGS_SERVICE_EXPENSE,)
BUSINESS_EXPENSE = (chart.LOAN_LOSS_EXPENSE, chart.HONORARIUM_EXPENSE, chart.OPERATING_EXPENSE)
COOP_EXPENSE = (chart.RAT_EXPENSE,)
STAFF_COST = (chart.HONORARIUM_EXPENSE,)
# Modal tertimbang: weights of the equity accounts (Permenkop 14/2009 annex).
CAPITAL_WEIGHTS = {
    chart.SIMPANAN_POKOK: Decimal("1"),
    chart.SIMPANAN_WAJIB: Decimal("1"),
    chart.CADANGAN: Decimal("1"),
    chart.HIBAH: Decimal("0.5"),
    chart.SHU_UNDISTRIBUTED: Decimal("0.5"),
}
CURRENT_SURPLUS_WEIGHT = Decimal("0.5")
# ATMR: risk weight of each asset account; accounts not named weigh 70% (aktiva lain-lain).
ASSET_RISK_WEIGHTS = {
    chart.CASH: Decimal("0"),
    chart.BANK: Decimal("0.2"),
    chart.LOANS_RECEIVABLE: Decimal("1"),
    chart.LOAN_SERVICE_RECEIVABLE: Decimal("1"),
    chart.LOAN_LOSS_ALLOWANCE: Decimal("1"),
    chart.OTHER_RECEIVABLES: Decimal("1"),
    chart.INTER_COOP_LOANS_RECEIVABLE: Decimal("1"),
}
OTHER_ASSET_RISK_WEIGHT = Decimal("0.7")
# Weights of the collectibility buckets in the risk of problem loans.
PROBLEM_LOAN_WEIGHTS = {
    "kurang_lancar": Decimal("0.5"),
    "diragukan": Decimal("0.75"),
    "macet": Decimal("1"),
}
BUCKET_LABELS = {
    "lancar": _("Lancar"),
    "kurang_lancar": _("Kurang lancar"),
    "diragukan": _("Diragukan"),
    "macet": _("Macet"),
}


@dataclass
class Figure:
    code: str
    title: str
    amount: Decimal
    # [{"code", "name", "amount"}] for accounts, [{"label", "amount"}] for other sources
    sources: list[dict] = field(default_factory=list)
    note: str = ""
    kind: str = "money"  # money | count

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "title": str(self.title),
            "amount": str(self.amount),
            "kind": self.kind,
            "sources": [
                {k: (str(v) if isinstance(v, Decimal) else str(v)) for k, v in s.items()}
                for s in self.sources
            ],
            "note": str(self.note),
        }


def _root(code: str) -> str:
    return code.split(".", 1)[0]


def _money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class Books:
    """The statements of one month end, with helpers that sum account groups into figures."""

    def __init__(self, *, as_of: date):
        from sokoguru.tenants.ledger import statements
        from sokoguru.tenants.ledger.fiscal import fiscal_year_start

        require_tenant_schema()
        self.as_of = as_of
        self.year_start = fiscal_year_start(as_of)
        self.months_elapsed = (
            (as_of.year - self.year_start.year) * 12 + as_of.month - self.year_start.month + 1
        )
        self.sheet = statements.balance_sheet(as_of=as_of, compare=True)
        self.statement = statements.income_statement(start=self.year_start, end=as_of)
        self.lines: dict[str, list[dict]] = {}
        for key in ("asset_lines", "liability_lines", "equity_lines"):
            for line in self.sheet[key]:
                self.lines.setdefault(_root(line["code"]), []).append(line)
        for key in ("income_lines", "expense_lines"):
            for line in self.statement[key]:
                self.lines.setdefault(_root(line["code"]), []).append(line)

    def accounts(self, roots, *, prefixes: tuple[str, ...] = (), previous: bool = False):
        out = []
        for root, lines in sorted(self.lines.items()):
            if root in roots or any(root.startswith(p) for p in prefixes):
                for line in lines:
                    amount = line["previous_amount"] if previous else line["amount"]
                    if amount is None:
                        continue
                    out.append({"code": line["code"], "name": line["name"], "amount": amount})
        return out

    def total(self, roots, **kwargs) -> tuple[Decimal, list[dict]]:
        sources = self.accounts(roots, **kwargs)
        return sum((s["amount"] for s in sources), ZERO), sources

    def annualise(self, amount: Decimal) -> Decimal:
        return _money(amount * 12 / self.months_elapsed)


def _member_counts(*, as_of: date, year_before: date) -> tuple[int, int]:
    """Members who had joined and not exited by each date (one query)."""
    from django.apps import apps
    from django.db.models import Count, Q

    if not apps.is_installed("sokoguru.tenants.members"):
        return 0, 0
    from sokoguru.tenants.members import selectors as members

    def on(day):
        return Q(joined_on__lte=day) & (Q(exited_on__isnull=True) | Q(exited_on__gt=day))

    row = (
        members.member_list()
        .order_by()
        .aggregate(now=Count("id", filter=on(as_of)), before=Count("id", filter=on(year_before)))
    )
    return row["now"], row["before"]


def _portfolio(as_of: date) -> dict:
    from django.apps import apps

    empty = {
        "outstanding": ZERO,
        "buckets": {b: {"count": 0, "outstanding": ZERO} for b in BUCKET_LABELS},
        "npl_ratio": Decimal("0"),
    }
    if not apps.is_installed("sokoguru.tenants.loans"):
        return empty
    from sokoguru.tenants.loans.selectors import loan_portfolio_summary

    return loan_portfolio_summary(as_of=as_of)


def _bylaws(as_of: date):
    from sokoguru.platform.core.errors import NotFound
    from sokoguru.tenants.bylaws.selectors import bylaws_current

    try:
        return bylaws_current(as_of=as_of)
    except NotFound:
        return None


def compute_figures(*, as_of: date) -> dict[str, Figure]:
    """Every figure of ``FIGURES`` for the month end ``as_of``."""
    from sokoguru.tenants.ledger.statements import previous_year

    books = Books(as_of=as_of)
    portfolio = _portfolio(as_of)
    bylaws = _bylaws(as_of)
    members_now, members_before = _member_counts(as_of=as_of, year_before=previous_year(as_of))
    f: dict[str, Figure] = {}

    def put(code, title, amount, sources, note="", kind="money"):
        f[code] = Figure(code, title, amount, sources, note, kind)

    sheet = books.sheet
    put(
        "total_assets",
        _("Total aset"),
        sheet["assets"],
        books.accounts((), prefixes=("1",)),
    )
    equity_sources = books.accounts((), prefixes=("3",))
    if sheet["shu_current_year"] or sheet["shu_prior_unclosed"]:
        equity_sources.append(
            {
                "code": "SHU",
                "name": str(_("SHU tahun berjalan dan tahun lalu yang belum ditutup")),
                "amount": sheet["shu_current_year"] + sheet["shu_prior_unclosed"],
            }
        )
    put("own_capital", _("Modal sendiri"), sheet["equity"], equity_sources)
    previous = sheet["previous"] or {}
    put(
        "total_assets_year_before",
        _("Total aset setahun sebelumnya"),
        previous.get("assets", ZERO),
        books.accounts((), prefixes=("1",), previous=True),
        note=sheet["previous_as_of"].isoformat() if sheet.get("previous_as_of") else "",
    )

    amount, sources = books.total(CASH_BANK)
    put("cash_and_bank", _("Kas dan bank"), amount, sources)
    amount, sources = books.total(MEMBER_LOANS)
    put("loans_given", _("Pinjaman diberikan"), amount, sources)
    put("member_loans", _("Pinjaman pada anggota"), amount, sources)
    allowance, allowance_sources = books.total(ALLOWANCE)
    put(
        "net_loans",
        _("Pinjaman bersih (setelah cadangan kerugian)"),
        amount + allowance,
        sources + allowance_sources,
    )
    put("loan_loss_allowance", _("Cadangan kerugian piutang"), -allowance, allowance_sources)

    buckets = portfolio["buckets"]

    def bucket_sources(names, weights=None):
        out = []
        for name in names:
            outstanding = _money(buckets.get(name, {}).get("outstanding") or ZERO)
            weight = (weights or {}).get(name)
            label = str(BUCKET_LABELS[name])
            if weight is not None:
                label = f"{label} × {weight * 100:.0f}%"
                outstanding = _money(outstanding * weight)
            out.append({"label": label, "amount": outstanding})
        return out

    sources = bucket_sources(("kurang_lancar", "diragukan", "macet"))
    put(
        "risky_loans",
        _("Pinjaman berisiko (tidak lancar)"),
        sum((s["amount"] for s in sources), ZERO),
        sources,
        note=_("Sisa pokok pinjaman aktif menurut kolektibilitas penutupan harian terakhir."),
    )
    sources = bucket_sources(("kurang_lancar", "diragukan"))
    put(
        "delinquent_1_12",
        _("Pinjaman menunggak 1–12 bulan (kurang lancar, diragukan)"),
        sum((s["amount"] for s in sources), ZERO),
        sources,
    )
    sources = bucket_sources(("macet",))
    put(
        "delinquent_over_12",
        _("Pinjaman macet"),
        sum((s["amount"] for s in sources), ZERO),
        sources,
    )
    sources = bucket_sources(("kurang_lancar", "diragukan", "macet"), PROBLEM_LOAN_WEIGHTS)
    put(
        "problem_loan_risk",
        _("Risiko pinjaman bermasalah"),
        sum((s["amount"] for s in sources), ZERO),
        sources,
    )
    sources = bucket_sources(("lancar", "kurang_lancar", "diragukan", "macet"))
    put(
        "loan_portfolio",
        _("Pinjaman beredar (sisa pokok)"),
        sum((s["amount"] for s in sources), ZERO),
        sources,
    )
    reserve, reserve_sources = books.total((chart.CADANGAN,))
    put(
        "risk_reserve",
        _("Cadangan risiko (cadangan + cadangan kerugian piutang)"),
        reserve - allowance,
        reserve_sources + [{**s, "amount": -s["amount"]} for s in allowance_sources],
    )

    weighted = ZERO
    sources = []
    for line in books.accounts((), prefixes=("3",)):
        weight = CAPITAL_WEIGHTS.get(_root(line["code"]), Decimal("0"))
        part = _money(line["amount"] * weight)
        weighted += part
        sources.append({**line, "name": f"{line['name']} × {weight * 100:.0f}%", "amount": part})
    surplus_part = _money(
        (sheet["shu_current_year"] + sheet["shu_prior_unclosed"]) * CURRENT_SURPLUS_WEIGHT
    )
    if surplus_part:
        weighted += surplus_part
        sources.append(
            {
                "code": "SHU",
                "name": f"{_('SHU belum ditutup')} × {CURRENT_SURPLUS_WEIGHT * 100:.0f}%",
                "amount": surplus_part,
            }
        )
    put("weighted_capital", _("Modal tertimbang"), weighted, sources)
    weighted = ZERO
    sources = []
    for line in books.accounts((), prefixes=("1",)):
        weight = ASSET_RISK_WEIGHTS.get(_root(line["code"]), OTHER_ASSET_RISK_WEIGHT)
        part = _money(line["amount"] * weight)
        weighted += part
        sources.append({**line, "name": f"{line['name']} × {weight * 100:.0f}%", "amount": part})
    put("risk_weighted_assets", _("Aset tertimbang menurut risiko (ATMR)"), weighted, sources)

    amount, sources = books.total((), prefixes=CURRENT_LIABILITY_PREFIXES)
    put("current_liabilities", _("Kewajiban lancar"), amount, sources)
    amount, sources = books.total(SAVINGS_DEPOSITS)
    put(
        "savings_deposits",
        _("Simpanan non-modal (sukarela, tabungan bank sampah)"),
        amount,
        sources,
    )
    deposits = amount
    amount, sources = books.total(EXTERNAL_CREDIT)
    put("external_credit", _("Pinjaman yang diterima"), amount, sources)
    external = amount
    put(
        "funds_received",
        _("Dana yang diterima (simpanan + pinjaman diterima + modal sendiri)"),
        deposits + external + sheet["equity"],
        f["savings_deposits"].sources + f["external_credit"].sources + f["own_capital"].sources,
    )
    amount, sources = books.total(MEMBER_CAPITAL)
    put("member_capital", _("Simpanan pokok dan wajib"), amount, sources)
    amount, sources = books.total(INSTITUTIONAL_CAPITAL)
    put("institutional_capital", _("Modal lembaga (cadangan, hibah)"), amount, sources)
    amount, sources = books.total(SHORT_TERM_PAYABLES)
    put("short_term_payables", _("Utang jangka pendek"), amount, sources)
    amount, sources = books.total(NON_EARNING_ASSETS)
    put("non_earning_assets", _("Aset tidak menghasilkan"), amount, sources)

    # Income statement (fiscal year to the month end)
    income_sources = books.accounts((), prefixes=("4",))
    put("total_income", _("Pendapatan tahun berjalan"), books.statement["income"], income_sources)
    participation, participation_sources = books.total(PARTICIPATION_INCOME)
    put("gross_participation", _("Partisipasi bruto"), participation, participation_sources)
    cost, cost_sources = books.total(COST_OF_SERVICE)
    business, business_sources = books.total(BUSINESS_EXPENSE)
    coop, coop_sources = books.total(COOP_EXPENSE)
    put(
        "member_operating_expense",
        _("Beban operasi anggota (beban pokok + beban usaha + beban perkoperasian)"),
        cost + business + coop,
        cost_sources + business_sources + coop_sources,
    )
    put(
        "gross_surplus",
        _("SHU kotor (partisipasi bruto − beban pokok)"),
        participation - cost,
        participation_sources + [{**s, "amount": -s["amount"]} for s in cost_sources],
    )
    put(
        "net_participation", _("Partisipasi neto"), participation - cost, f["gross_surplus"].sources
    )
    put("business_expense", _("Beban usaha"), business, business_sources)
    put(
        "business_and_coop_expense",
        _("Beban usaha dan beban perkoperasian"),
        business + coop,
        business_sources + coop_sources,
    )
    operating = (
        business
        + coop
        - sum(
            (s["amount"] for s in business_sources if _root(s["code"]) == chart.LOAN_LOSS_EXPENSE),
            ZERO,
        )
    )
    put(
        "operating_expense_annualised",
        _("Beban operasional (disetahunkan)"),
        books.annualise(operating),
        [s for s in business_sources + coop_sources if _root(s["code"]) != chart.LOAN_LOSS_EXPENSE],
        note=_("× 12 / {months} bulan berjalan").format(months=books.months_elapsed),
    )
    staff, staff_sources = books.total(STAFF_COST)
    put(
        "staff_cost_annualised",
        _("Biaya karyawan dan honorarium (disetahunkan)"),
        books.annualise(staff),
        staff_sources,
        note=_("× 12 / {months} bulan berjalan").format(months=books.months_elapsed),
    )
    surplus = books.statement["surplus"]
    surplus_sources = income_sources + [
        {**s, "amount": -s["amount"]} for s in books.accounts((), prefixes=("5",))
    ]
    put(
        "surplus_annualised",
        _("SHU sebelum pajak (disetahunkan)"),
        books.annualise(surplus),
        surplus_sources,
        note=_("× 12 / {months} bulan berjalan").format(months=books.months_elapsed),
    )
    share = (
        (Decimal(bylaws.shu_jasa_modal_pct) + Decimal(bylaws.shu_jasa_usaha_pct)) / 100
        if bylaws is not None
        else Decimal("0")
    )
    member_surplus = books.annualise(surplus * share)
    put(
        "member_surplus_annualised",
        _("SHU bagian anggota (disetahunkan)"),
        member_surplus,
        surplus_sources,
        note=_("SHU × {share}% (jasa modal + jasa usaha menurut anggaran dasar)").format(
            share=f"{share * 100:.2f}".replace(".", ",")
        ),
    )
    put(
        "member_economic_promotion",
        _("Promosi ekonomi anggota (disetahunkan)"),
        books.annualise(cost) + member_surplus,
        cost_sources
        + [{"label": str(_("SHU bagian anggota (disetahunkan)")), "amount": member_surplus}],
        note=_("Jasa simpanan × 12 / {months} bulan berjalan + SHU bagian anggota").format(
            months=books.months_elapsed
        ),
    )
    reserve_required = Decimal(getattr(bylaws, "min_liquidity_reserve", None) or ZERO)
    cash_bank = f["cash_and_bank"].amount
    put(
        "liquidity_reserve",
        _("Cadangan likuiditas yang dipegang"),
        min(reserve_required, max(cash_bank, ZERO)),
        [
            {
                "label": str(_("Cadangan likuiditas minimum (anggaran dasar)")),
                "amount": reserve_required,
            },
            {"label": str(_("Kas dan bank")), "amount": cash_bank},
        ],
    )
    p1_required = f["delinquent_over_12"].amount
    put(
        "allowance_after_p1",
        _("Cadangan kerugian setelah kebutuhan P1"),
        max(f["loan_loss_allowance"].amount - p1_required, ZERO),
        f["loan_loss_allowance"].sources
        + [{"label": str(_("Kebutuhan P1 (100% pinjaman macet)")), "amount": -p1_required}],
    )
    put(
        "liquid_assets_net",
        _("Kas dan bank dikurangi utang jangka pendek"),
        cash_bank - f["short_term_payables"].amount,
        f["cash_and_bank"].sources
        + [{**s, "amount": -s["amount"]} for s in f["short_term_payables"].sources],
    )
    put("members_now", _("Anggota"), Decimal(members_now), [], kind="count")
    put(
        "members_year_before",
        _("Anggota setahun sebelumnya"),
        Decimal(members_before),
        [],
        kind="count",
    )
    return f
