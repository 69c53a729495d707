"""How a payment is split over instalments — pure arithmetic, no database.

Order: instalment by instalment, oldest due date first; within an instalment the penalty
(denda) first, then the jasa, then the principal (pokok). An older instalment is settled
completely before any of a younger one is paid, so a payment always brings the days past due
down as far as it can.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Due:
    """What is still owed on one instalment."""

    number: int
    due_date: date
    penalty: Decimal
    jasa: Decimal
    principal: Decimal

    @property
    def total(self) -> Decimal:
        return self.penalty + self.jasa + self.principal


@dataclass(frozen=True)
class Part:
    """What a payment pays on one instalment."""

    number: int
    penalty: Decimal = ZERO
    jasa: Decimal = ZERO
    principal: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.penalty + self.jasa + self.principal


def allocate(amount: Decimal, dues: list[Due]) -> tuple[list[Part], Decimal]:
    """Split ``amount`` over ``dues`` (penalty → jasa → principal, oldest instalment first).
    Returns the parts (only instalments that received something) and what is left over."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    left = Decimal(amount)
    parts: list[Part] = []
    for due in sorted(dues, key=lambda d: (d.due_date, d.number)):
        if left <= 0:
            break
        paid = {}
        for name in ("penalty", "jasa", "principal"):
            take = min(left, getattr(due, name))
            paid[name] = take
            left -= take
        part = Part(number=due.number, **paid)
        if part.total > 0:
            parts.append(part)
    return parts, left
