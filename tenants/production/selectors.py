"""Reads of the production app: businesses, output trends and missing weeks, the catalogue and
its public projection, sales, what consignors are owed, and the figures federation snapshots
take (``production_figures``)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum

from sokoguru.tenants.production.models import (
    Business,
    OutputRecord,
    Period,
    Product,
    ProductPrice,
    Sale,
)
from sokoguru.tenants.production.services._common import period_bounds, week_start

ZERO = Decimal("0.00")
# Weeks looked back for "weeks without records" in the snapshot figures.
RECENT_WEEKS = 12


def business_list(*, kind: str | None = None, status: str | None = None) -> QuerySet[Business]:
    qs = Business.objects.prefetch_related("owners")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs


def business_get(*, business_id: int) -> Business | None:
    return business_list().filter(pk=business_id).first()


def product_list(*, published: bool | None = None, business_id: int | None = None):
    qs = Product.objects.select_related("business")
    if published is not None:
        qs = qs.filter(is_published=published)
    if business_id is not None:
        qs = qs.filter(business_id=business_id)
    return qs


def product_price_history(*, product_id: int) -> QuerySet[ProductPrice]:
    return ProductPrice.objects.filter(product_id=product_id)


def output_list(*, business_id: int | None = None, period: str | None = None):
    qs = OutputRecord.objects.select_related("business")
    if business_id is not None:
        qs = qs.filter(business_id=business_id)
    if period:
        qs = qs.filter(period=period)
    return qs


def _periods(period: str, start: date, end: date) -> list[date]:
    """Every period start (Mondays or 1sts) of the periods overlapping [start, end]."""
    out = []
    cursor, _ = period_bounds(period, start)
    while cursor <= end:
        out.append(cursor)
        _, last = period_bounds(period, cursor)
        cursor = last + timedelta(days=1)
    return out


def output_trend(
    *,
    year: int,
    period: str = Period.WEEK,
    business_id: int | None = None,
    kind: str | None = None,
) -> list[dict]:
    """A year's output, one row per period of ``year`` (every week or month, recorded or not),
    for one business or one kind (or all): ``{"period_start", "recorded", "quantities":
    {unit: Decimal}, "value": Decimal}``. One query."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    qs = OutputRecord.objects.filter(
        period=period, period_start__gte=period_bounds(period, start)[0], period_start__lte=end
    )
    if business_id is not None:
        qs = qs.filter(business_id=business_id)
    if kind:
        qs = qs.filter(business__kind=kind)
    sums: dict[date, dict[str, Decimal]] = defaultdict(dict)
    values: dict[date, Decimal] = defaultdict(lambda: ZERO)
    for row in qs.values("period_start", "unit").annotate(q=Sum("quantity"), v=Sum("value")):
        sums[row["period_start"]][row["unit"]] = row["q"]
        values[row["period_start"]] += row["v"] or ZERO
    return [
        {
            "period_start": p,
            "recorded": p in sums,
            "quantities": dict(sorted(sums.get(p, {}).items())),
            "value": values.get(p, ZERO),
        }
        for p in _periods(period, start, end)
    ]


def _active_span(business: Business, start: date, end: date) -> tuple[date, date] | None:
    first = max(start, business.started_on)
    last = end
    if business.status != Business.Status.ACTIVE and business.closed_on:
        last = min(last, business.closed_on - timedelta(days=1))
    return (first, last) if first <= last else None


def missing_weeks(*, business_id: int, start: date, end: date) -> list[date]:
    """Mondays of the complete weeks in [start, end] in which the business was active and has no
    weekly output record ("belum dicatat"). A week counts once it has ended (by ``end``)."""
    business = Business.objects.filter(pk=business_id).first()
    if business is None:
        return []
    return businesses_missing_weeks(start=start, end=end, businesses=[business]).get(
        business.pk, []
    )


def businesses_missing_weeks(
    *, start: date, end: date, businesses: list[Business] | None = None
) -> dict[int, list[date]]:
    """For every business (default: all not closed before ``start``), the Mondays of its complete
    active weeks in [start, end] without a weekly record. Two queries."""
    if businesses is None:
        businesses = list(
            Business.objects.exclude(status=Business.Status.CLOSED, closed_on__lt=start)
        )
    last_complete = week_start(end + timedelta(days=1)) - timedelta(days=1)
    recorded: dict[int, set[date]] = defaultdict(set)
    for business_id, monday in (
        OutputRecord.objects.filter(
            business__in=[b.pk for b in businesses],
            period=Period.WEEK,
            period_start__gte=week_start(start),
            period_start__lte=last_complete,
        )
        .values_list("business_id", "period_start")
        .distinct()
    ):
        recorded[business_id].add(monday)
    out: dict[int, list[date]] = {}
    for business in businesses:
        span = _active_span(business, start, last_complete)
        if span is None:
            out[business.pk] = []
            continue
        first = week_start(span[0])
        mondays = [m for m in _periods(Period.WEEK, first, span[1]) if m + timedelta(6) <= span[1]]
        out[business.pk] = [m for m in mondays if m not in recorded[business.pk]]
    return out


def output_by_kind_and_unit(*, period: str, period_start: date) -> dict[str, dict[str, Decimal]]:
    """``{kind: {unit: quantity}}`` recorded for one week or month."""
    out: dict[str, dict[str, Decimal]] = defaultdict(dict)
    rows = (
        OutputRecord.objects.filter(period=period, period_start=period_start)
        .values("business__kind", "unit")
        .annotate(q=Sum("quantity"))
        .order_by("business__kind", "unit")
    )
    for row in rows:
        out[row["business__kind"]][row["unit"]] = row["q"]
    return dict(out)


def output_month_total(*, month_start: date) -> dict[str, dict[str, Decimal]]:
    """A month's output by kind and unit: the monthly records plus the weekly records of the
    weeks starting in that month (a business records either way)."""
    _, month_last = period_bounds(Period.MONTH, month_start)
    out: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rows = (
        OutputRecord.objects.filter(
            Q(period=Period.MONTH, period_start=month_start)
            | Q(period=Period.WEEK, period_start__gte=month_start, period_start__lte=month_last)
        )
        .values("business__kind", "unit")
        .annotate(q=Sum("quantity"))
    )
    for row in rows:
        out[row["business__kind"]][row["unit"]] += row["q"]
    return {k: dict(v) for k, v in out.items()}


def sales_summary(*, start: date, end: date) -> dict:
    row = Sale.objects.filter(date__gte=start, date__lte=end).aggregate(
        count=Count("pk"), amount=Sum("amount"), commission=Sum("commission")
    )
    return {
        "count": row["count"] or 0,
        "amount": row["amount"] or ZERO,
        "commission": row["commission"] or ZERO,
    }


def consignment_payable_by_member() -> dict[int, Decimal]:
    """What the cooperative owes each consignor (unsettled consignment sales)."""
    return {
        r["consignor_id"]: r["total"]
        for r in Sale.objects.filter(consignor__isnull=False, settlement__isnull=True)
        .values("consignor_id")
        .annotate(total=Sum("payable"))
    }


def consignment_participation_between(*, start: date, end: date) -> dict[int, Decimal]:
    """The SHU participation source ``consignment_sales`` (jasa usaha): each member's
    consignment sales through the cooperative from ``start`` to ``end`` (sale value, rupiah)."""
    return {
        r["consignor_id"]: r["total"]
        for r in Sale.objects.filter(consignor__isnull=False, date__gte=start, date__lte=end)
        .values("consignor_id")
        .annotate(total=Sum("amount"))
        .order_by("consignor_id")
    }


def consignment_participation(*, year: int) -> dict[int, Decimal]:
    """The same per fiscal year ``year``, as ``{member_id: Decimal}``."""
    return consignment_participation_between(start=date(year, 1, 1), end=date(year, 12, 31))


def exhibition_sales_summary() -> list[dict]:
    """Sales per exhibition in these books: ``{"exhibition_id", "count", "quantity",
    "amount"}``."""
    return list(
        Sale.objects.filter(exhibition_id__isnull=False)
        .values("exhibition_id")
        .annotate(count=Count("pk"), quantity=Sum("quantity"), amount=Sum("amount"))
        .order_by("exhibition_id")
    )


def catalogue_projection() -> list[dict]:
    """What the cooperative publishes in the public catalogue: its active, published products
    of businesses that are not closed — product, business name and kind, unit, price, whether
    in stock, photo URLs. No member data. Two queries."""
    products = (
        Product.objects.filter(is_published=True, is_active=True)
        .exclude(business__status=Business.Status.CLOSED)
        .select_related("business")
        .order_by("pk")
    )
    out = []
    for p in products:
        out.append(
            {
                "product_id": p.pk,
                "name": p.name,
                "description": p.description,
                "business_name": p.business.name,
                "kind": p.business.kind,
                "unit": p.unit,
                "price": p.price,
                "in_stock": p.stock > 0,
                "photo_url": p.photo.url if p.photo else "",
                "thumbnail_url": p.thumbnail.url if p.thumbnail else "",
                "updated_at": p.updated_at,
            }
        )
    return out


def production_figures(*, as_of: date) -> dict:
    """The production figures of a federation snapshot as of ``as_of``: this week's and this
    month's output by kind and unit, sales month-to-date and year-to-date, active businesses,
    the weeks of the last twelve complete weeks in which no business recorded anything, and the
    last recorded period."""

    def plain(d: dict) -> dict:
        return {k: {u: str(q) for u, q in v.items()} for k, v in d.items()}

    month_start = as_of.replace(day=1)
    active = Q(started_on__lte=as_of) & (Q(status=Business.Status.ACTIVE) | Q(closed_on__gt=as_of))
    businesses = Business.objects.aggregate(any=Count("pk"), active=Count("pk", filter=active))
    if not businesses["any"]:
        # Output records and sales belong to a business: without one there is nothing to read.
        return {
            "production_active_businesses": 0,
            "production_output_week": {},
            "production_output_month": {},
            "production_sales_month": ZERO,
            "production_sales_ytd": ZERO,
            "production_sales_count_month": 0,
            "production_weeks_without_records": 0,
            "production_last_record_on": None,
        }
    monday = week_start(as_of)
    recent_start = monday - timedelta(weeks=RECENT_WEEKS)
    recorded_weeks = set(
        OutputRecord.objects.filter(
            period=Period.WEEK, period_start__gte=recent_start, period_start__lt=monday
        )
        .values_list("period_start", flat=True)
        .distinct()
    )
    active_count = businesses["active"]
    weeks_without = (
        sum(
            1
            for i in range(1, RECENT_WEEKS + 1)
            if (monday - timedelta(weeks=i)) not in recorded_weeks
        )
        if active_count
        else 0
    )
    last = OutputRecord.objects.filter(period_start__lte=as_of).aggregate(m=Max("period_start"))
    month = sales_summary(start=month_start, end=as_of)
    year = sales_summary(start=date(as_of.year, 1, 1), end=as_of)
    return {
        "production_active_businesses": active_count,
        "production_output_week": plain(
            output_by_kind_and_unit(period=Period.WEEK, period_start=monday)
        ),
        "production_output_month": plain(output_month_total(month_start=month_start)),
        "production_sales_month": month["amount"],
        "production_sales_ytd": year["amount"],
        "production_sales_count_month": month["count"],
        "production_weeks_without_records": weeks_without,
        "production_last_record_on": last["m"],
    }
