"""Instalment schedules — pure arithmetic, no database.

Every instalment is whole rupiah. The principal parts add up to the loan amount and the jasa
(service fee) parts to the total jasa exactly: every part but the last is rounded down to the
rupiah and the last instalment takes the remainder (DESIGN.md, "Money").

Methods (``method``):

* ``flat`` — jasa on the original principal: total jasa = amount × rate per month × tenor (or
  amount × rate for the whole term); principal and jasa are split evenly. Rp 1.000.000 at 10 %
  per term over 10 months → 10 × (Rp 100.000 + Rp 10.000).
* ``declining`` — declining balance with an equal principal part each month; the jasa of a month
  is the monthly rate on the balance outstanding during that month.
* ``annuity`` — equal instalments (rounded to the rupiah); the jasa of a month is the monthly rate
  on the balance, the rest of the instalment repays principal; the last instalment settles what
  is left.

A rate "per term" is spread evenly over the tenor to give the monthly rate for ``declining`` and
``annuity``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext

FLAT, DECLINING, ANNUITY = "flat", "declining", "annuity"
METHODS = (FLAT, DECLINING, ANNUITY)
PER_MONTH, PER_TERM = "per_month", "per_term"
RATE_BASES = (PER_MONTH, PER_TERM)

RUPIAH = Decimal("1")
CENTS = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


def floor_rupiah(value: Decimal) -> Decimal:
    return value.quantize(RUPIAH, rounding=ROUND_FLOOR)


def round_rupiah(value: Decimal) -> Decimal:
    return value.quantize(RUPIAH, rounding=ROUND_HALF_UP)


def money(value: Decimal) -> Decimal:
    """Whole rupiah as stored (two decimal places)."""
    return Decimal(value).quantize(CENTS)


def add_months(start: date, months: int, *, day: int | None = None) -> date:
    """``start`` moved by ``months`` calendar months, keeping ``day`` (default: start's day)
    and clamping to the month's last day (31 January + 1 month = 28/29 February)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day or start.day, last))


@dataclass(frozen=True)
class ScheduleLine:
    number: int
    due_date: date
    principal: Decimal
    jasa: Decimal

    @property
    def total(self) -> Decimal:
        return self.principal + self.jasa


@dataclass(frozen=True)
class Schedule:
    amount: Decimal
    total_jasa: Decimal
    lines: tuple[ScheduleLine, ...]

    @property
    def total(self) -> Decimal:
        return self.amount + self.total_jasa


def monthly_rate(*, rate_percent: Decimal, rate_basis: str, tenor: int) -> Decimal:
    """The monthly rate as a fraction (1 % per month → 0.01)."""
    rate = Decimal(rate_percent) / HUNDRED
    if rate_basis == PER_TERM:
        with localcontext() as ctx:
            ctx.prec = 40
            return rate / Decimal(tenor)
    return rate


def _validate(amount: Decimal, rate_percent: Decimal, rate_basis: str, tenor: int, method: str):
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    if rate_basis not in RATE_BASES:
        raise ValueError(f"unknown rate basis {rate_basis!r}")
    if tenor < 1:
        raise ValueError("tenor must be at least one month")
    if amount <= 0 or amount != amount.to_integral_value():
        raise ValueError("amount must be a positive whole rupiah")
    if rate_percent < 0:
        raise ValueError("rate must not be negative")


def _split_even(total: Decimal, parts: int) -> list[Decimal]:
    """``total`` in ``parts`` whole-rupiah parts; the last takes the remainder."""
    each = floor_rupiah(total / parts)
    return [each] * (parts - 1) + [total - each * (parts - 1)]


def _split_weighted(total: Decimal, exact: list[Decimal]) -> list[Decimal]:
    """Whole-rupiah parts following ``exact`` (rounded down), the last takes the remainder, so
    the parts add up to ``total`` exactly. The last part is never negative when ``total`` is
    ``sum(exact)`` rounded half-up."""
    head = [floor_rupiah(value) for value in exact[:-1]]
    return head + [total - sum(head, Decimal(0))]


def build_schedule(
    *,
    amount: Decimal,
    rate_percent: Decimal,
    rate_basis: str,
    tenor: int,
    method: str,
    first_due_date: date,
) -> Schedule:
    """The instalment schedule of a loan. ``amount`` is whole rupiah; ``rate_percent`` is the
    product's rate in percent (per month or per term, ``rate_basis``)."""
    amount = Decimal(amount)
    rate_percent = Decimal(rate_percent)
    _validate(amount, rate_percent, rate_basis, tenor, method)
    due_dates = [add_months(first_due_date, i) for i in range(tenor)]
    with localcontext() as ctx:
        ctx.prec = 40
        if method == FLAT:
            principals, jasas, total_jasa = _flat(amount, rate_percent, rate_basis, tenor)
        elif method == DECLINING:
            principals, jasas, total_jasa = _declining(amount, rate_percent, rate_basis, tenor)
        else:
            principals, jasas, total_jasa = _annuity(amount, rate_percent, rate_basis, tenor)
    lines = tuple(
        ScheduleLine(number=i + 1, due_date=due_dates[i], principal=money(p), jasa=money(j))
        for i, (p, j) in enumerate(zip(principals, jasas, strict=True))
    )
    return Schedule(amount=money(amount), total_jasa=money(total_jasa), lines=lines)


def flat_total_jasa(amount: Decimal, rate_percent: Decimal, rate_basis: str, tenor: int) -> Decimal:
    rate = Decimal(rate_percent) / HUNDRED
    if rate_basis == PER_MONTH:
        return round_rupiah(amount * rate * tenor)
    return round_rupiah(amount * rate)


def _flat(amount, rate_percent, rate_basis, tenor):
    total_jasa = flat_total_jasa(amount, rate_percent, rate_basis, tenor)
    return _split_even(amount, tenor), _split_even(total_jasa, tenor), total_jasa


def _declining(amount, rate_percent, rate_basis, tenor):
    rate = monthly_rate(rate_percent=rate_percent, rate_basis=rate_basis, tenor=tenor)
    principals = _split_even(amount, tenor)
    balances, balance = [], amount
    for part in principals:
        balances.append(balance)
        balance -= part
    exact = [b * rate for b in balances]
    total_jasa = round_rupiah(sum(exact, Decimal(0)))
    return principals, _split_weighted(total_jasa, exact), total_jasa


def annuity_payment(amount: Decimal, rate: Decimal, tenor: int) -> Decimal:
    """The exact (unrounded) equal monthly instalment for a monthly ``rate`` fraction."""
    if rate == 0:
        return amount / tenor
    return amount * rate / (1 - (1 + rate) ** -tenor)


def _annuity(amount, rate_percent, rate_basis, tenor):
    rate = monthly_rate(rate_percent=rate_percent, rate_basis=rate_basis, tenor=tenor)
    payment = round_rupiah(annuity_payment(amount, rate, tenor))
    principals, jasas, balance = [], [], amount
    for number in range(1, tenor + 1):
        jasa = round_rupiah(balance * rate)
        if number == tenor:
            principal = balance
        else:
            principal = min(max(payment - jasa, Decimal(0)), balance)
        principals.append(principal)
        jasas.append(jasa)
        balance -= principal
    return principals, jasas, sum(jasas, Decimal(0))
