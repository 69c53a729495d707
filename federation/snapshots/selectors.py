"""Federation reads. Every function takes a ``Scope`` (see ``federation.scope``) and reads the
public snapshot table only — never a cooperative's schema — so its cost does not grow with the
number of schemas."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.db.models.functions import Substr

from sokoguru.federation.scope.selectors import Scope
from sokoguru.federation.snapshots import alerts as rules
from sokoguru.federation.snapshots.models import CooperativeSnapshot
from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.tenancy.models import Region
from sokoguru.platform.tenancy.regions import region_q

SUM_FIELDS = [
    "members_active",
    "members_flagged",
    "members_inactive",
    "members_exited",
    "members_deceased",
    "savings_pokok",
    "savings_wajib",
    "savings_sukarela",
    "savings_total",
    "loans_count",
    "loans_outstanding",
    "loans_lancar_count",
    "loans_lancar_outstanding",
    "loans_dalam_perhatian_khusus_count",
    "loans_dalam_perhatian_khusus_outstanding",
    "loans_kurang_lancar_count",
    "loans_kurang_lancar_outstanding",
    "loans_diragukan_count",
    "loans_diragukan_outstanding",
    "loans_macet_count",
    "loans_macet_outstanding",
    "loan_allowance",
    "funding_queue_length",
    "funding_queue_amount",
    "total_assets",
    "total_liabilities",
    "total_equity",
    "income_ytd",
    "expenses_ytd",
    "surplus_ytd",
    "cash_and_bank",
    "liquidity_reserve",
    "available_funds",
    "wajib_arrears_members",
    "wajib_arrears_months",
    "wajib_arrears_amount",
]

RANKING_METRICS = {
    "savings_total": "Total simpanan",
    "loans_outstanding": "Pinjaman beredar",
    "npl_ratio": "Rasio NPL",
    "members_active": "Anggota aktif",
    "total_assets": "Total aset",
    "surplus_ytd": "SHU tahun berjalan",
    "wajib_arrears_amount": "Tunggakan simpanan wajib",
    "funding_queue_length": "Antrean pendanaan",
    "waste_kg_month": "Sampah disetor bulan ini (kg)",
}

ORDERINGS = {
    "name": ("cooperative__name",),
    "savings_total": ("-savings_total", "cooperative__name"),
    "loans_outstanding": ("-loans_outstanding", "cooperative__name"),
    "npl_ratio": ("-npl_ratio", "cooperative__name"),
    "members_active": ("-members_active", "cooperative__name"),
    "total_assets": ("-total_assets", "cooperative__name"),
}


# Columns a dashboard table sorts on (``?urut=<key>&arah=asc|desc``).
SORT_COLUMNS = {
    "name": "cooperative__name",
    "kelurahan": "cooperative__domicile__name",
    "members_active": "members_active",
    "savings_total": "savings_total",
    "loans_outstanding": "loans_outstanding",
    "npl_ratio": "npl_ratio",
    "total_assets": "total_assets",
    "health_score": "health_score",
}


def sort_order(sort: str | None, descending: bool) -> tuple | None:
    """ORDER BY for a sortable column (empty values last either way, ties by name), or None
    for an unknown column."""
    column = SORT_COLUMNS.get(sort or "")
    if column is None:
        return None
    expr = F(column).desc(nulls_last=True) if descending else F(column).asc(nulls_last=True)
    return (expr, "cooperative__name", "cooperative_id")


def latest_snapshots(*, scope: Scope) -> QuerySet[CooperativeSnapshot]:
    """Each active cooperative's newest snapshot within ``scope``."""
    return (
        CooperativeSnapshot.objects.filter(is_latest=True, cooperative__is_active=True)
        .filter(scope.snapshot_q())
        .select_related("cooperative", "cooperative__domicile")
    )


def region_in_scope_q(scope: Scope, region_code: str) -> Q:
    """Rows in ``region_code`` intersected with the scope (a region outside it yields nothing)."""
    return region_q("region_code", region_code)


def supervised_cooperative_list(
    *,
    scope: Scope,
    today: date,
    kind: str | None = None,
    region_code: str | None = None,
    npl_band: str | None = None,
    rat_status: str | None = None,
    search: str | None = None,
    order_by: str = "name",
    sort: str | None = None,
    descending: bool = False,
) -> QuerySet[CooperativeSnapshot]:
    """``order_by``: the API's orderings; ``sort``/``descending``: a dashboard column."""
    qs = latest_snapshots(scope=scope)
    if kind:
        qs = qs.filter(cooperative_kind=kind)
    if region_code:
        qs = qs.filter(region_in_scope_q(scope, region_code))
    if npl_band:
        qs = qs.filter(rules.npl_band_q(npl_band))
    if rat_status:
        qs = qs.filter(rules.rat_status_q(rat_status, today))
    if search:
        search = search.strip()
        qs = qs.filter(
            Q(cooperative__name__icontains=search)
            | Q(cooperative__slug__icontains=search)
            | Q(cooperative__legal_number=search)
        )
    by_column = sort_order(sort, descending)
    if by_column is not None:
        return qs.order_by(*by_column)
    return qs.order_by(*ORDERINGS.get(order_by, ORDERINGS["name"]), "cooperative_id")


def supervised_cooperative_get(*, scope: Scope, cooperative_id: int) -> CooperativeSnapshot:
    """The latest snapshot of one cooperative in scope; ``NotFound`` (never "forbidden", so
    nothing leaks about cooperatives outside the scope)."""
    row = latest_snapshots(scope=scope).filter(cooperative_id=cooperative_id).first()
    if row is None:
        raise NotFound("Koperasi tidak ditemukan. / Cooperative not found.", field="cooperative")
    return row


def supervised_cooperative_get_by_slug(*, scope: Scope, slug: str) -> CooperativeSnapshot:
    row = latest_snapshots(scope=scope).filter(cooperative__slug=slug).first()
    if row is None:
        raise NotFound("Koperasi tidak ditemukan. / Cooperative not found.", field="cooperative")
    return row


def cooperative_series(
    *, scope: Scope, cooperative_id: int, granularity: str = "month", count: int = 12
) -> list[CooperativeSnapshot]:
    """A cooperative's snapshots over time: month ends (plus the latest row) for ``month``, or
    the daily rows of the last ``count`` days for ``day``; oldest first."""
    latest = supervised_cooperative_get(scope=scope, cooperative_id=cooperative_id)
    qs = CooperativeSnapshot.objects.filter(cooperative_id=cooperative_id)
    if granularity == "day":
        qs = qs.filter(date__gt=latest.date - timedelta(days=count))
    else:
        qs = qs.filter(Q(is_month_end=True) | Q(is_latest=True)).order_by("-date")[: count + 1]
        return sorted(qs, key=lambda s: s.date)
    return list(qs.order_by("date"))


@dataclass
class Aggregate:
    key: str
    label: str
    cooperative_count: int = 0
    totals: dict = field(default_factory=dict)
    npl_distribution: dict = field(default_factory=dict)
    kind_distribution: dict = field(default_factory=dict)
    rat_distribution: dict = field(default_factory=dict)
    latest_date: date | None = None

    def __getattr__(self, name):
        totals = self.__dict__.get("totals", {})
        if name in totals:
            return totals[name]
        raise AttributeError(name)

    @property
    def npl_outstanding(self) -> Decimal:
        t = self.totals
        return (
            t.get("loans_kurang_lancar_outstanding", 0)
            + t.get("loans_diragukan_outstanding", 0)
            + t.get("loans_macet_outstanding", 0)
        )

    @property
    def npl_ratio(self) -> Decimal:
        outstanding = self.totals.get("loans_outstanding") or Decimal(0)
        if not outstanding:
            return Decimal("0.0000")
        return (self.npl_outstanding / outstanding).quantize(Decimal("0.0001"))

    @property
    def rat_held(self) -> int:
        """Cooperatives that held the RAT of the fiscal year just ended (reported or not)."""
        return sum(self.rat_distribution.get(s, 0) for s in rules.RAT_HELD_STATES)

    @property
    def members_total(self) -> int:
        t = self.totals
        return sum(
            t.get(f"members_{s}", 0)
            for s in ("active", "flagged", "inactive", "exited", "deceased")
        )


def _aggregate_annotations(today: date) -> dict:
    ann = {f"sum_{f}": Sum(f) for f in SUM_FIELDS}
    ann["cooperative_count"] = Count("id")
    ann["latest_date"] = Max("date")
    for band in rules.NPL_BAND_LABELS:
        ann[f"npl_{band}"] = Count("id", filter=rules.npl_band_q(band))
    for status in rules.RAT_STATUS_LABELS:
        ann[f"rat_{status}"] = Count("id", filter=rules.rat_status_q(status, today))
    return ann


def _to_aggregate(key: str, label: str, row: dict, kinds: dict | None = None) -> Aggregate:
    return Aggregate(
        key=key,
        label=label,
        cooperative_count=row["cooperative_count"] or 0,
        totals={f: row[f"sum_{f}"] if row[f"sum_{f}"] is not None else 0 for f in SUM_FIELDS},
        npl_distribution={b: row[f"npl_{b}"] for b in rules.NPL_BAND_LABELS},
        rat_distribution={s: row[f"rat_{s}"] for s in rules.RAT_STATUS_LABELS},
        kind_distribution=kinds or {},
        latest_date=row["latest_date"],
    )


def scope_aggregate(*, scope: Scope, today: date, region_code: str | None = None) -> Aggregate:
    """Sums, ratios and distributions over every cooperative in scope (2 queries)."""
    qs = CooperativeSnapshot.objects.filter(is_latest=True, cooperative__is_active=True).filter(
        scope.snapshot_q()
    )
    if region_code:
        qs = qs.filter(region_in_scope_q(scope, region_code))
    row = qs.aggregate(**_aggregate_annotations(today))
    kinds = dict(
        qs.order_by()
        .values_list("cooperative_kind")
        .annotate(n=Count("id"))
        .values_list("cooperative_kind", "n")
    )
    return _to_aggregate(scope.key, scope.name, row, kinds)


def region_aggregates(
    *, scope: Scope, today: date, region_code: str | None = None
) -> list[Aggregate]:
    """One aggregate per child region of ``region_code`` (default: the body's region) — a
    province dinas sees its cities, a city dinas its kecamatan, a kecamatan its kelurahan; a
    kelurahan sees itself. For a sekunder: one per kelurahan of its members."""
    base = region_code or (None if scope.is_sekunder else scope.region_code)
    depth = (base.count(".") + 1) if base else 1
    child_len = {1: 5, 2: 8, 3: 13, 4: 13}[min(depth, 4)]
    qs = CooperativeSnapshot.objects.filter(is_latest=True, cooperative__is_active=True).filter(
        scope.snapshot_q()
    )
    if base:
        qs = qs.filter(region_in_scope_q(scope, base))
    rows = (
        qs.annotate(region_key=Substr("region_code", 1, child_len))
        .order_by()
        .values("region_key")
        .annotate(**_aggregate_annotations(today))
        .order_by("region_key")
    )
    rows = list(rows)
    names = dict(
        Region.objects.filter(code__in=[r["region_key"] for r in rows]).values_list("code", "name")
    )
    return [
        _to_aggregate(r["region_key"], names.get(r["region_key"], r["region_key"]), r) for r in rows
    ]


def member_aggregates(*, scope: Scope, today: date) -> list[Aggregate]:
    """A sekunder's consolidated view: one row per member cooperative (and the total through
    ``scope_aggregate``)."""
    rows = (
        CooperativeSnapshot.objects.filter(is_latest=True, cooperative__is_active=True)
        .filter(scope.snapshot_q())
        .order_by()
        .values("cooperative_id", "cooperative__slug", "cooperative__name")
        .annotate(**_aggregate_annotations(today))
        .order_by("cooperative__name")
    )
    return [_to_aggregate(r["cooperative__slug"], r["cooperative__name"], r) for r in rows]


@dataclass
class TrendPoint:
    date: date
    cooperative_count: int
    savings_total: Decimal
    loans_outstanding: Decimal
    npl_outstanding: Decimal
    total_assets: Decimal
    members_active: int

    @property
    def npl_ratio(self) -> Decimal:
        if not self.loans_outstanding:
            return Decimal("0.0000")
        return (self.npl_outstanding / self.loans_outstanding).quantize(Decimal("0.0001"))


def scope_trend(*, scope: Scope, months: int = 12) -> list[TrendPoint]:
    """Month-end totals over the scope for the last ``months`` month ends, plus the current
    totals (latest rows) as the final point; oldest first (2 queries)."""
    months = max(1, min(months, 120))
    sums = {
        "n": Count("id"),
        "savings": Sum("savings_total"),
        "loans": Sum("loans_outstanding"),
        "kl": Sum("loans_kurang_lancar_outstanding"),
        "d": Sum("loans_diragukan_outstanding"),
        "m": Sum("loans_macet_outstanding"),
        "assets": Sum("total_assets"),
        "members": Sum("members_active"),
    }
    base = CooperativeSnapshot.objects.filter(cooperative__is_active=True).filter(
        scope.snapshot_q()
    )
    rows = list(
        base.filter(is_month_end=True)
        .order_by()
        .values("date")
        .annotate(**sums)
        .order_by("-date")[:months]
    )
    current = base.filter(is_latest=True).aggregate(last=Max("date"), **sums)

    def point(day, r) -> TrendPoint:
        return TrendPoint(
            date=day,
            cooperative_count=r["n"] or 0,
            savings_total=r["savings"] or Decimal(0),
            loans_outstanding=r["loans"] or Decimal(0),
            npl_outstanding=(r["kl"] or 0) + (r["d"] or 0) + (r["m"] or 0),
            total_assets=r["assets"] or Decimal(0),
            members_active=r["members"] or 0,
        )

    points = [point(r["date"], r) for r in reversed(rows)]
    if current["last"] is not None and (not points or current["last"] > points[-1].date):
        points.append(point(current["last"], current))
    return points


def ranking(
    *, scope: Scope, metric: str, descending: bool = True, limit: int = 10
) -> list[CooperativeSnapshot]:
    if metric not in RANKING_METRICS:
        raise NotFound(f"Metrik tidak dikenal: {metric}", field="metric")
    limit = max(1, min(limit, 100))
    order = f"-{metric}" if descending else metric
    return list(latest_snapshots(scope=scope).order_by(order, "cooperative__name")[:limit])


def alert_list(
    *,
    scope: Scope,
    today: date,
    severity: str | None = None,
    kind: str | None = None,
) -> list[tuple[CooperativeSnapshot, rules.Alert]]:
    """Every alert in scope, most severe first then by cooperative name (1 query)."""
    out = []
    for snapshot in latest_snapshots(scope=scope).order_by("cooperative__name"):
        for alert in rules.alerts_for(snapshot, today=today):
            if severity and alert.severity != severity:
                continue
            if kind and alert.kind != kind:
                continue
            out.append((snapshot, alert))
    out.sort(key=lambda pair: rules.SEVERITY_ORDER[pair[1].severity])
    return out


# --- Waste bank -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WasteRow:
    """One RW cooperative's waste bank this month (from its latest snapshot)."""

    snapshot: CooperativeSnapshot
    kg: Decimal
    by_category: list[Decimal]
    deposited_this_month: bool


@dataclass(frozen=True)
class WasteOverview:
    categories: list[str]
    rows: list[WasteRow]  # ranked: most kilograms first
    without_deposits: list[CooperativeSnapshot]
    kg_total: Decimal
    kg_by_category: list[Decimal]


def waste_overview(*, scope: Scope, today: date) -> WasteOverview:
    """Kilograms deposited this month per RW cooperative and category, ranked, and the RW
    cooperatives with no deposit this month (a latest snapshot from an earlier month counts as
    none). One query over the latest snapshots."""
    snapshots = list(
        latest_snapshots(scope=scope)
        .filter(cooperative_kind="primary_rw")
        .order_by("cooperative__name")
    )
    month = today.replace(day=1)

    def this_month(s: CooperativeSnapshot) -> dict[str, Decimal]:
        if s.date < month:
            return {}
        return {k: Decimal(v) for k, v in (s.waste_kg_by_category or {}).items()}

    per = {s.pk: this_month(s) for s in snapshots}
    categories = sorted({k for kg in per.values() for k in kg})
    rows = [
        WasteRow(
            snapshot=s,
            kg=sum(per[s.pk].values(), Decimal("0.000")),
            by_category=[per[s.pk].get(c, Decimal("0.000")) for c in categories],
            deposited_this_month=bool(per[s.pk]) and sum(per[s.pk].values()) > 0,
        )
        for s in snapshots
    ]
    rows.sort(key=lambda r: (-r.kg, r.snapshot.cooperative.name))
    return WasteOverview(
        categories=categories,
        rows=rows,
        without_deposits=[r.snapshot for r in rows if not r.deposited_this_month],
        kg_total=sum((r.kg for r in rows), Decimal("0.000")),
        kg_by_category=[
            sum((r.by_category[i] for r in rows), Decimal("0.000")) for i in range(len(categories))
        ],
    )


# --- Production (members' micro-businesses) ------------------------------------------------

# A cooperative with active businesses and no output period recorded for this long has
# "stopped recording".
PRODUCTION_STOPPED_AFTER_DAYS = 21


def _leading_unit(totals: dict[str, Decimal]) -> str | None:
    return max(sorted(totals), key=lambda u: totals[u]) if totals else None


def production_trend_by_kind(*, scope: Scope, months: int = 12) -> dict:
    """Month-end output of the scope by kind and unit for the last ``months`` month ends:
    ``{"months": [date…], "kinds": {kind: {unit: [Decimal per month]}}}``. One query."""
    rows = list(
        CooperativeSnapshot.objects.filter(is_month_end=True, cooperative__is_active=True)
        .filter(scope.snapshot_q())
        .order_by("-date")
        .values_list("date", "production_output_month")[: months * 500]
    )
    dates = sorted({d for d, _ in rows})[-months:]
    index = {d: i for i, d in enumerate(dates)}
    kinds: dict[str, dict[str, list[Decimal]]] = {}
    for day, output in rows:
        if day not in index:
            continue
        for kind, units in (output or {}).items():
            for unit, qty in units.items():
                series = kinds.setdefault(kind, {}).setdefault(unit, [Decimal(0)] * len(dates))
                series[index[day]] += Decimal(qty)
    return {"months": dates, "kinds": kinds}


def production_by_cooperative(*, scope: Scope, today: date, months: int = 12) -> list[dict]:
    """Per cooperative (one RW each in a kelurahan): active businesses, this month's output,
    weeks without records, last recorded period, whether it stopped recording, and its last
    ``months`` month-end outputs in its leading unit. Two queries."""
    latest = list(
        latest_snapshots(scope=scope)
        .filter(Q(production_active_businesses__gt=0) | Q(production_last_record_on__isnull=False))
        .order_by("cooperative__name")
    )
    history: dict[int, list[tuple[date, dict]]] = {}
    for coop_id, day, output in (
        CooperativeSnapshot.objects.filter(
            cooperative_id__in=[s.cooperative_id for s in latest], is_month_end=True
        )
        .order_by("date")
        .values_list("cooperative_id", "date", "production_output_month")
    ):
        history.setdefault(coop_id, []).append((day, output or {}))
    stopped_before = today - timedelta(days=PRODUCTION_STOPPED_AFTER_DAYS)
    out = []
    for snap in latest:
        series = history.get(snap.cooperative_id, [])[-months:]
        unit_totals: dict[str, Decimal] = {}
        for _day, output in series:
            for units in output.values():
                for unit, qty in units.items():
                    unit_totals[unit] = unit_totals.get(unit, Decimal(0)) + Decimal(qty)
        unit = _leading_unit(unit_totals)
        out.append(
            {
                "snapshot": snap,
                "cooperative": snap.cooperative,
                "active_businesses": snap.production_active_businesses,
                "output_month": snap.production_output_month,
                "weeks_without_records": snap.production_weeks_without_records,
                "last_record_on": snap.production_last_record_on,
                "stopped": snap.production_active_businesses > 0
                and (
                    snap.production_last_record_on is None
                    or snap.production_last_record_on < stopped_before
                ),
                "unit": unit,
                "monthly": [
                    (
                        day,
                        sum(
                            (Decimal(u.get(unit, 0)) for u in output.values()),
                            Decimal(0),
                        ),
                    )
                    for day, output in series
                ]
                if unit
                else [],
            }
        )
    return out


def production_stopped(*, scope: Scope, today: date) -> list[dict]:
    return [row for row in production_by_cooperative(scope=scope, today=today) if row["stopped"]]


# --- Health (tenants/health assessments copied into snapshots) ----------------------------

HEALTH_ASPECTS = (
    "permodalan",
    "kualitas_aktiva_produktif",
    "manajemen",
    "efisiensi",
    "likuiditas",
    "kemandirian_pertumbuhan",
    "jatidiri",
)
HEALTH_NOT_ASSESSED = "none"
# Sortable columns of the health ranking: the score, the band (best first), each aspect, NPL,
# the name.
HEALTH_ORDERINGS = ("score", "band", "npl_ratio", "name", *HEALTH_ASPECTS)


@dataclass
class HealthDistribution:
    key: str
    label: str
    cooperative_count: int = 0
    average_score: Decimal | None = None
    bands: dict = field(default_factory=dict)  # band (or "none") -> count


def _band_rank():
    from django.db.models import Case, IntegerField, Value, When

    return Case(
        *[When(health_band=b, then=Value(i)) for i, b in enumerate(rules.HEALTH_BANDS)],
        default=Value(len(rules.HEALTH_BANDS)),
        output_field=IntegerField(),
    )


def _health_annotations() -> dict:
    from django.db.models import Avg

    out = {"n": Count("id"), "avg": Avg("health_score")}
    for band in rules.HEALTH_BANDS:
        out[f"band_{band}"] = Count("id", filter=Q(health_band=band))
    out["band_none"] = Count("id", filter=Q(health_band=""))
    return out


def _to_distribution(key: str, label: str, row: dict) -> HealthDistribution:
    bands = {b: row[f"band_{b}"] or 0 for b in rules.HEALTH_BANDS}
    bands[HEALTH_NOT_ASSESSED] = row["band_none"] or 0
    avg = row["avg"]
    return HealthDistribution(
        key=key,
        label=label,
        cooperative_count=row["n"] or 0,
        average_score=None if avg is None else Decimal(avg).quantize(Decimal("0.01")),
        bands=bands,
    )


def health_band_distribution(
    *, scope: Scope, region_code: str | None = None
) -> list[HealthDistribution]:
    """Cooperatives per health band: first the whole scope (the kelurahan, dinas or sekunder),
    then one row per child region (as ``region_aggregates``) or, for a sekunder, per member
    cooperative's kelurahan. Aggregates only; two queries."""
    qs = latest_snapshots(scope=scope)
    if region_code:
        qs = qs.filter(region_in_scope_q(scope, region_code))
    total = qs.aggregate(**_health_annotations())
    out = [_to_distribution(scope.key, scope.name, total)]
    base = region_code or (None if scope.is_sekunder else scope.region_code)
    depth = (base.count(".") + 1) if base else 1
    child_len = {1: 5, 2: 8, 3: 13, 4: 13}[min(depth, 4)]
    rows = list(
        qs.annotate(region_key=Substr("region_code", 1, child_len))
        .order_by()
        .values("region_key")
        .annotate(**_health_annotations())
        .order_by("region_key")
    )
    names = dict(
        Region.objects.filter(code__in=[r["region_key"] for r in rows]).values_list("code", "name")
    )
    out += [
        _to_distribution(r["region_key"], names.get(r["region_key"], r["region_key"]), r)
        for r in rows
    ]
    return out


def health_ranking(
    *,
    scope: Scope,
    order_by: str = "score",
    descending: bool = True,
    band: str | None = None,
) -> QuerySet[CooperativeSnapshot]:
    """Cooperatives in scope ordered by a health column (see ``HEALTH_ORDERINGS``); cooperatives
    not assessed yet come last whatever the direction."""
    from django.db.models import DecimalField, F
    from django.db.models.fields.json import KeyTextTransform
    from django.db.models.functions import Cast

    if order_by not in HEALTH_ORDERINGS:
        raise NotFound(f"Kolom tidak dikenal: {order_by}", field="order_by")
    qs = latest_snapshots(scope=scope)
    if band == HEALTH_NOT_ASSESSED:
        qs = qs.filter(health_band="")
    elif band:
        qs = qs.filter(health_band=band)
    if order_by == "name":
        return qs.order_by(
            F("cooperative__name").desc() if descending else F("cooperative__name").asc(),
            "cooperative_id",
        )
    if order_by == "score":
        key = F("health_score")
    elif order_by == "npl_ratio":
        key = F("npl_ratio")
    elif order_by == "band":
        qs = qs.annotate(band_rank=_band_rank())
        key = F("band_rank")
        descending = not descending  # "descending" = best band first = lowest rank
    else:
        qs = qs.annotate(
            aspect_score=Cast(
                KeyTextTransform(order_by, "health_aspects"),
                DecimalField(max_digits=6, decimal_places=2),
            )
        )
        key = F("aspect_score")
    ordering = key.desc(nulls_last=True) if descending else key.asc(nulls_last=True)
    return qs.order_by(ordering, "cooperative__name", "cooperative_id")


def cooperative_health_trend(
    *, scope: Scope, cooperative_id: int, count: int = 12
) -> list[CooperativeSnapshot]:
    """One point per assessed month (the month-end snapshots and the latest), oldest first:
    score, band and aspect scores. A month assessed twice (month end and latest) counts once."""
    series = cooperative_series(scope=scope, cooperative_id=cooperative_id, count=count)
    seen: dict = {}
    for snapshot in series:
        if snapshot.health_month is not None:
            seen[snapshot.health_month] = snapshot
    return [seen[m] for m in sorted(seen)][-count:]
