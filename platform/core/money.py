"""Rupiah amounts: Decimal with two places in storage, shown the Indonesian way."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
RUPIAH = Decimal("1")


def to_money(value) -> Decimal:
    """Any number (never a float in our code paths) as a Decimal with two places."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def format_rupiah(value, *, cents: bool | None = False) -> str:
    """``Rp 1.100.000`` (``Rp 1.100.000,50`` with cents); negatives as ``-Rp 5.000``.
    ``cents=None`` shows the cents only when the amount has some (messages quoting a balance)."""
    amount = Decimal(str(value))
    if cents is None:
        cents = amount != amount.to_integral_value()
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
