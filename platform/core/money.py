"""Rupiah amounts: Decimal with two places in storage, shown the Indonesian way."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
RUPIAH = Decimal("1")


def to_money(value) -> Decimal:
    """Any number (never a float in our code paths) as a Decimal with two places."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def format_rupiah(value, *, cents: bool = False) -> str:
    """``Rp 1.100.000`` (``Rp 1.100.000,50`` with cents); negatives as ``-Rp 5.000``."""
    amount = Decimal(str(value))
    sign = "-" if amount < 0 else ""
    amount = abs(amount).quantize(CENT if cents else RUPIAH, rounding=ROUND_HALF_UP)
    whole, _, frac = f"{amount:f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = ".".join(groups) or "0"
    if cents:
        text += "," + (frac or "00").ljust(2, "0")
    return f"{sign}Rp {text}"


def largest_remainder(
    total: Decimal, weights: Sequence, *, unit: Decimal = RUPIAH, remainder_to: int = 0
) -> list[Decimal]:
    """Split ``total`` in proportion to ``weights`` into parts that are whole multiples of
    ``unit`` (whole rupiah by default) and add up to ``total`` exactly.

    Each part gets the floor of its exact share; the units left over go one each to the parts
    with the largest remainders, ties to the earlier part (so the caller's order — e.g. by
    member number — is the deterministic tie-break). A fraction of a unit left over (a total
    with cents) goes to the part at ``remainder_to``. Zero weights get zero; all-zero weights
    with a non-zero total raise ``ValueError``."""
    total = Decimal(total)
    weights = [Decimal(w) for w in weights]
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    if total < 0:
        return [
            -p for p in largest_remainder(-total, weights, unit=unit, remainder_to=remainder_to)
        ]
    if not weights:
        if total:
            raise ValueError("nothing to split into")
        return []
    weight_sum = sum(weights, Decimal(0))
    if weight_sum == 0:
        if total:
            raise ValueError("all weights are zero")
        return [Decimal(0).quantize(CENT) for _ in weights]
    units = int((total / unit).to_integral_value(rounding=ROUND_FLOOR))
    fraction = total - units * unit
    floors: list[int] = []
    remainders: list[tuple[Decimal, int]] = []
    for index, weight in enumerate(weights):
        # Exact rational arithmetic on integers: share = units * weight / weight_sum.
        numerator = units * weight
        whole = int((numerator / weight_sum).to_integral_value(rounding=ROUND_FLOOR))
        while (whole + 1) * weight_sum <= numerator:
            whole += 1
        while whole * weight_sum > numerator:
            whole -= 1
        floors.append(whole)
        remainders.append((numerator - whole * weight_sum, index))
    left = units - sum(floors)
    for _rem, index in sorted(remainders, key=lambda item: (-item[0], item[1]))[:left]:
        floors[index] += 1
    parts = [(Decimal(n) * unit).quantize(CENT) for n in floors]
    if fraction:
        parts[remainder_to] = (parts[remainder_to] + fraction).quantize(CENT)
    return parts
