"""Where a member's participation in the cooperative's business (the basis of jasa usaha, JUA)
comes from. A source is a function ``fn(*, start, end) -> {member_id: Decimal}`` (rupiah of
business done with the cooperative in [start, end]); the by-laws name the sources that count
(``shu_participation_sources``), and a member's participation is their sum.

Apps register their own sources in ``AppConfig.ready``::

    from sokoguru.tenants.shu.participation import register_participation_source
    register_participation_source("consignment_sales", consignment_sales_by_member,
                                  label="Penjualan titipan")

The shu app registers ``loan_jasa``: the jasa members paid on their loans in the year."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Sum

Source = Callable[..., dict[int, Decimal]]


@dataclass(frozen=True)
class ParticipationSource:
    name: str
    fn: Source
    label: str


_SOURCES: dict[str, ParticipationSource] = {}


def register_participation_source(name: str, fn: Source, *, label: str = "") -> None:
    """Add (or replace, for the same function re-registered on reload) a source."""
    _SOURCES[name] = ParticipationSource(name=name, fn=fn, label=label or name)


def participation_sources() -> dict[str, ParticipationSource]:
    return dict(_SOURCES)


def participation_by_member(*, names: list[str], start: date, end: date) -> dict[int, Decimal]:
    """member_id -> participation in [start, end], summed over the named sources. An unknown
    name is refused naming the by-laws field."""
    from django.core.exceptions import ValidationError

    unknown = [n for n in names if n not in _SOURCES]
    if unknown:
        raise ValidationError(
            {
                "shu_participation_sources": "Sumber partisipasi tidak dikenal: "
                f"{', '.join(unknown)}. / Unknown participation source."
            }
        )
    total: dict[int, Decimal] = {}
    for name in names:
        for member_id, amount in _SOURCES[name].fn(start=start, end=end).items():
            if amount:
                total[member_id] = total.get(member_id, Decimal("0")) + Decimal(amount)
    return total


def loan_jasa_paid(*, start: date, end: date) -> dict[int, Decimal]:
    """Jasa paid on loans per member in [start, end] (the loan book's repayments; one query)."""
    from sokoguru.tenants.loans.models import Repayment

    rows = (
        Repayment.objects.filter(date__gte=start, date__lte=end, jasa__gt=0)
        .values("loan__member_id")
        .annotate(jasa=Sum("jasa"))
        .order_by()
    )
    return {row["loan__member_id"]: row["jasa"] for row in rows}
