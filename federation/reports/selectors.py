"""What an oversight report says, read from the federation snapshots only (per-month rows and the
alerts they raise) — never a cooperative's schema, never member-level data.

The period is a month. Its figures are each cooperative's month-end row of that month (for the
current month, its latest row, when that falls in the month); the month before gives the
month-on-month change. A kelurahan report has one line per cooperative; a regional (dinas)
report one line per sub-region (a province's cities, a city's kecamatan, …). Totals are exact
Decimal sums of the same rows the lines are made of."""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from sokoguru.federation.oversight.models import OversightBody
from sokoguru.federation.reports.models import ReportJob, ReportKind
from sokoguru.federation.snapshots import alerts as rules
from sokoguru.federation.snapshots.models import CooperativeSnapshot
from sokoguru.platform.tenancy.models import Cooperative, Region
from sokoguru.platform.tenancy.regions import region_q
from sokoguru.tenants.health.models import Band

ZERO = Decimal("0.00")
MONEY = (
    "savings_total",
    "loans_outstanding",
    "npl_outstanding",
    "total_assets",
    "total_equity",
    "total_liabilities",
    "income_ytd",
    "surplus_ytd",
    "production_sales_month",
    "waste_sales_month",
)
COUNTS = ("members_active", "members_total", "production_active_businesses", "alerts")
# Health bands of the cooperative health assessment (snapshot ``health_band``), best first.
HEALTH_BANDS = dict(Band.choices)
CHUNK = 200


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def previous_month(period: date) -> date:
    return (period.replace(day=1) - date.resolution).replace(day=1)


def months_back(period: date, count: int) -> date:
    y, m = period.year, period.month - count
    while m < 1:
        y, m = y - 1, m + 12
    return date(y, m, 1)


def body_region_q(body: OversightBody, field_name: str = "region_code") -> Q:
    return region_q(field_name, body.region_id)


def period_rows(*, body: OversightBody, period: date) -> QuerySet[CooperativeSnapshot]:
    """Each cooperative's row for the month ``period``: the month-end row, or the latest row
    when it falls in that month (the month still running). One row per cooperative."""
    start, end = month_start(period), month_end(period)
    ids = (
        CooperativeSnapshot.objects.filter(body_region_q(body), date__gte=start, date__lte=end)
        .filter(Q(is_month_end=True) | Q(is_latest=True))
        .order_by("cooperative_id", "-date")
        .distinct("cooperative_id")
        .values("pk")
    )
    return CooperativeSnapshot.objects.filter(pk__in=ids)


def data_version(*, body: OversightBody, kind: str, period: date, today: date) -> str:
    """Changes whenever a snapshot row the report reads is written again (its ``computed_at``)
    or added; for the month still running also with the day (alerts count days). One query."""
    start = months_back(period, 11)
    row = (
        CooperativeSnapshot.objects.filter(
            body_region_q(body), date__gte=start, date__lte=month_end(period)
        )
        .filter(Q(is_month_end=True) | Q(is_latest=True))
        .aggregate(n=Count("id"), last=Max("computed_at"), top=Max("id"))
    )
    current = month_start(today) == month_start(period)
    text = f"{kind}:{period}:{row['n']}:{row['last']}:{row['top']}:{today if current else ''}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def health_band_of(snapshot) -> str:
    return snapshot.health_band or ""


@dataclass
class Line:
    """One line of a report: a cooperative, or a region's cooperatives added up."""

    key: str
    label: str
    detail: str = ""
    cooperative_count: int = 0
    figures: dict = field(default_factory=dict)
    previous: dict = field(default_factory=dict)
    health: dict = field(default_factory=dict)  # band → cooperatives
    rat: dict = field(default_factory=dict)  # RAT state → cooperatives
    rat_label: str = ""
    health_label: str = ""
    alert_texts: list = field(default_factory=list)
    waste_kg: Decimal = Decimal("0.000")

    def __post_init__(self):
        for name in MONEY:
            self.figures.setdefault(name, ZERO)
            self.previous.setdefault(name, ZERO)
        for name in COUNTS:
            self.figures.setdefault(name, 0)
            self.previous.setdefault(name, 0)

    def add(self, snapshot: CooperativeSnapshot, alerts: list, rat_state: str) -> None:
        self.cooperative_count += 1
        _accumulate(self.figures, snapshot)
        self.figures["alerts"] += len(alerts)
        self.waste_kg += snapshot.waste_kg_month
        band = health_band_of(snapshot)
        if band:
            self.health[band] = self.health.get(band, 0) + 1
        self.rat[rat_state] = self.rat.get(rat_state, 0) + 1

    def add_previous(self, snapshot: CooperativeSnapshot) -> None:
        _accumulate(self.previous, snapshot)

    def __getattr__(self, name):
        figures = self.__dict__.get("figures", {})
        if name in figures:
            return figures[name]
        raise AttributeError(name)

    @property
    def npl_ratio(self) -> Decimal:
        return _ratio(self.figures["npl_outstanding"], self.figures["loans_outstanding"])

    @property
    def previous_npl_ratio(self) -> Decimal:
        return _ratio(self.previous["npl_outstanding"], self.previous["loans_outstanding"])

    def change(self, name: str):
        return self.figures[name] - self.previous[name]

    @property
    def change_savings(self) -> Decimal:
        return self.change("savings_total")

    @property
    def rat_held(self) -> int:
        return sum(self.rat.get(s, 0) for s in rules.RAT_HELD_STATES)

    @property
    def health_text(self) -> str:
        if self.health_label:
            return self.health_label
        return ", ".join(
            f"{label} {self.health[b]}" for b, label in HEALTH_BANDS.items() if self.health.get(b)
        )


def _ratio(part: Decimal, whole: Decimal) -> Decimal:
    if not whole:
        return Decimal("0.0000")
    return (part / whole).quantize(Decimal("0.0001"))


def _accumulate(target: dict, s: CooperativeSnapshot) -> None:
    npl = s.loans_kurang_lancar_outstanding + s.loans_diragukan_outstanding
    npl += s.loans_macet_outstanding
    target["savings_total"] += s.savings_total
    target["loans_outstanding"] += s.loans_outstanding
    target["npl_outstanding"] += npl
    target["total_assets"] += s.total_assets
    target["total_equity"] += s.total_equity
    target["total_liabilities"] += s.total_liabilities
    target["income_ytd"] += s.income_ytd
    target["surplus_ytd"] += s.surplus_ytd
    target["production_sales_month"] += s.production_sales_month
    target["waste_sales_month"] += s.waste_sales_month
    target["members_active"] += s.members_active
    target["members_total"] += s.members_total
    target["production_active_businesses"] += s.production_active_businesses


@dataclass
class TrendMonth:
    date: date
    savings_total: Decimal
    loans_outstanding: Decimal
    npl_outstanding: Decimal

    @property
    def npl_ratio(self) -> Decimal:
        return _ratio(self.npl_outstanding, self.loans_outstanding)


@dataclass
class ReportData:
    body: OversightBody
    kind: str
    period: date
    as_of: date  # the day alerts and RAT states are evaluated on
    region_name: str
    lines: list[Line]
    total: Line
    alerts: list  # [(cooperative name, Alert)] most severe first
    trend: list[TrendMonth]
    data_date: date | None = None

    @property
    def kind_label(self) -> str:
        return str(ReportKind(self.kind).label)

    @property
    def line_heading(self) -> str:
        return _("Koperasi") if self.kind == ReportKind.KELURAHAN else _("Wilayah")


def child_region_length(region_code: str) -> int:
    depth = region_code.count(".") + 1
    return {1: 5, 2: 8, 3: 13}.get(depth, 13)


def report_as_of(period: date, today: date) -> date:
    return today if month_start(today) == month_start(period) else month_end(period)


def cooperative_count(*, body: OversightBody, period: date) -> int:
    return period_rows(body=body, period=period).count()


def _iter_rows(qs: QuerySet[CooperativeSnapshot]) -> Iterator[CooperativeSnapshot]:
    return (
        qs.select_related("cooperative", "cooperative__domicile")
        .order_by("region_code", "cooperative__name", "cooperative_id")
        .iterator(chunk_size=CHUNK)
    )


def report_data(
    *,
    body: OversightBody,
    kind: str,
    period: date,
    today: date,
    progress: Callable[[int, int], None] | None = None,
) -> ReportData:
    """The figures of one report. ``progress(done, total)`` is called every ``CHUNK``
    cooperatives. Queries: a count, the period's rows, the previous month's rows (figures
    only), the trend, the region names — independent of the number of cooperatives."""
    period = month_start(period)
    as_of = report_as_of(period, today)
    current_qs = period_rows(body=body, period=period)
    total_count = current_qs.count()
    previous = {s.cooperative_id: s for s in period_rows(body=body, period=previous_month(period))}
    by_cooperative = kind != ReportKind.REGIONAL
    length = child_region_length(body.region_id)
    lines: dict[str, Line] = {}
    total = Line(key="total", label=_("Jumlah"))
    alerts: list = []
    done = 0
    last_date = None
    for s in _iter_rows(current_qs):
        found = rules.alerts_for(s, today=as_of)
        rat = rules.rat_state_of(s, as_of)
        key = s.cooperative.slug if by_cooperative else s.region_code[:length]
        line = lines.get(key)
        if line is None:
            line = lines[key] = Line(key=key, label=s.cooperative.name if by_cooperative else key)
            if by_cooperative:
                line.detail = s.cooperative.domicile.name if s.cooperative.domicile_id else ""
                line.rat_label = str(rat.label)
                band = health_band_of(s)
                line.health_label = str(HEALTH_BANDS.get(band, band)) if band else "–"
                line.alert_texts = [f"{a.kind_label}: {a.message}" for a in found]
        line.add(s, found, rat.state)
        total.add(s, found, rat.state)
        prev = previous.get(s.cooperative_id)
        if prev is not None:
            line.add_previous(prev)
            total.add_previous(prev)
        for a in found:
            alerts.append((s.cooperative.name, a))
        last_date = max(last_date or s.date, s.date)
        done += 1
        if progress and (done % CHUNK == 0):
            progress(done, total_count)
    if progress:
        progress(done, total_count)
    if not by_cooperative:
        names = dict(Region.objects.filter(code__in=list(lines)).values_list("code", "name"))
        for key, line in lines.items():
            line.label = names.get(key, key)
            line.detail = key
    alerts.sort(key=lambda pair: (rules.SEVERITY_ORDER[pair[1].severity], pair[0]))
    return ReportData(
        body=body,
        kind=kind,
        period=period,
        as_of=as_of,
        region_name=body.region.name,
        lines=list(lines.values()),
        total=total,
        alerts=alerts,
        trend=report_trend(body=body, period=period),
        data_date=last_date,
    )


def report_trend(*, body: OversightBody, period: date, months: int = 12) -> list[TrendMonth]:
    """Month by month up to ``period``: the sums of each month's rows (month ends; the running
    month's latest rows). One query."""
    start = months_back(period, months - 1)
    rows = (
        CooperativeSnapshot.objects.filter(
            body_region_q(body), date__gte=start, date__lte=month_end(period)
        )
        .filter(Q(is_month_end=True) | Q(is_latest=True, date__gte=month_start(period)))
        .order_by()
        .values("date")
        .annotate(
            savings=Sum("savings_total"),
            loans=Sum("loans_outstanding"),
            kl=Sum("loans_kurang_lancar_outstanding"),
            d=Sum("loans_diragukan_outstanding"),
            m=Sum("loans_macet_outstanding"),
        )
        .order_by("date")
    )
    by_month: dict[date, TrendMonth] = {}
    for r in rows:
        # the running month: its latest rows may fall on different days; keep the newest day
        # per month (month ends are one date per month)
        key = month_start(r["date"])
        point = TrendMonth(
            date=r["date"],
            savings_total=r["savings"] or ZERO,
            loans_outstanding=r["loans"] or ZERO,
            npl_outstanding=(r["kl"] or ZERO) + (r["d"] or ZERO) + (r["m"] or ZERO),
        )
        if key not in by_month or point.date > by_month[key].date:
            by_month[key] = point
    return [by_month[k] for k in sorted(by_month)]


# --- The ministry's data system (ODS) --------------------------------------------------------


@dataclass
class OdsRow:
    snapshot: CooperativeSnapshot
    active: bool
    rat_held: bool

    @property
    def cooperative(self) -> Cooperative:
        return self.snapshot.cooperative


def ods_rows(
    *,
    body: OversightBody,
    period: date,
    today: date,
    progress: Callable[[int, int], None] | None = None,
) -> list[OdsRow]:
    """One row per cooperative (active or not) with its month's snapshot. *Aktif* here: the
    registry marks it active and it held the RAT of one of the last three fiscal years (the
    dinas' rule of thumb for an operating cooperative); *RAT* is the fiscal year just ended."""
    as_of = report_as_of(month_start(period), today)
    qs = period_rows(body=body, period=month_start(period))
    total = qs.count()
    due = rules.rat_fiscal_year_due(as_of)
    out = []
    for s in _iter_rows(qs):
        state = rules.rat_state_of(s, as_of)
        covered = state.covered_year
        out.append(
            OdsRow(
                snapshot=s,
                active=bool(s.cooperative.is_active and covered is not None and covered >= due - 2),
                rat_held=state.is_held,
            )
        )
        if progress and len(out) % CHUNK == 0:
            progress(len(out), total)
    if progress:
        progress(len(out), total)
    return out


def report_job_list(*, body: OversightBody) -> QuerySet[ReportJob]:
    return ReportJob.objects.filter(body=body).select_related("created_by")
