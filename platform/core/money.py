"""Rupiah amounts: Decimal with two places in storage, shown the Indonesian way, and read back
strictly from what a person types.

The one home of money parsing and formatting: ``parse_rupiah`` (a person's input, Indonesian
forms only), ``format_rupiah`` (display) and ``RupiahField`` (a Django form field over
``parse_rupiah``; the cooperative admin uses it for every money column)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import ValidationError

CENT = Decimal("0.01")
RUPIAH = Decimal("1")
# The largest amount a journal leg holds (NUMERIC(18, 2)).
MAX_AMOUNT = Decimal("9999999999999999.99")


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
    return f"{sign}Rp {format_amount(abs(amount), cents=cents)}"


def format_amount(value, *, cents: bool = False) -> str:
    """The number part of ``format_rupiah``: ``1.100.000`` (``1.100.000,50`` with cents) — also
    what an amount box shows, so it reads back through ``parse_rupiah`` unchanged."""
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
    return sign + text


# Whole part: plain digits, or 1–3 digits then groups of exactly three after a dot. Decimal
# part: a comma and one or two digits.
_PLAIN = re.compile(r"^(?P<whole>\d+)(?:,(?P<frac>\d+))?$")
_GROUPED = re.compile(r"^(?P<whole>\d{1,3}(?:\.\d{3})+)(?:,(?P<frac>\d+))?$")
_PREFIX = re.compile(r"^(?:rp|idr)\.?\s*", re.IGNORECASE)


# At most 15 whole digits (what a ledger column holds) and two decimals.
_MACHINE = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,2})?")


def parse_api_amount(value) -> Decimal:
    """An amount in an API, machine form only (``1100000`` or ``1100000.50``; a leading minus is
    left to the services, which check the sign). Blanks, exponents, NaN, infinities, thousands
    separators, floats and more than two decimals are refused (``ValueError``)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"Jumlah uang tidak valid: {value!r}")
    text = str(value)
    if not _MACHINE.fullmatch(text):
        raise ValueError(f"Jumlah uang tidak valid: {value!r}")
    return Decimal(text)


def _refuse(field: str, reason: str):
    raise ValidationError(f"{field}: {reason}", code="invalid_rupiah")


def parse_rupiah(text, *, field: str) -> Decimal:
    """The amount a person typed, the Indonesian way, as a Decimal with two places.

    Accepted: ``50.000``, ``50000``, ``50.000,00``, ``50000,00``, ``Rp 50.000``, ``Rp50.000``,
    ``1.250.000,50`` (dot = thousands, comma = decimals). Refused, with an Indonesian message
    that names ``field`` (a label a person reads, e.g. "Setoran sukarela"): anything that could
    be read two ways (``50,000``, ``50.00``, ``1.25``, ``50.0000``, ``50,000.00``), negatives,
    blanks, more than two decimals, exponents and amounts beyond what the books can hold.
    Never guesses: an amount is either read exactly or refused."""
    if isinstance(text, Decimal | int) and not isinstance(text, bool):
        amount = Decimal(text)
        if not amount.is_finite() or amount < 0 or amount != amount.quantize(CENT):
            _refuse(field, "jumlah tidak valid.")
        if amount > MAX_AMOUNT:
            _refuse(field, "jumlah terlalu besar.")
        return amount.quantize(CENT)
    raw = str(text if text is not None else "").strip()
    if not raw:
        _refuse(field, "jumlah wajib diisi.")
    body = _PREFIX.sub("", raw).strip()
    if body.startswith(("-", "−", "(")) or body.endswith("-"):
        _refuse(field, "jumlah tidak boleh negatif.")
    if not body:
        _refuse(field, "tuliskan angkanya, misalnya 50.000.")
    match = _PLAIN.match(body) or _GROUPED.match(body)
    if match is None:
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", body):
            _refuse(
                field,
                f"«{raw}» ditulis dengan koma sebagai pemisah ribuan. Tulis titik untuk ribuan "
                "dan koma untuk sen, misalnya 50.000 atau 50.000,00.",
            )
        if re.fullmatch(r"\d+\.\d{1,2}|\d+\.\d{4,}|[\d.]*\.\d{1,2}", body):
            _refuse(
                field,
                f"«{raw}» meragukan: titik adalah pemisah ribuan (kelompok tiga angka). "
                "Untuk sen pakai koma, misalnya 50,50; untuk ribuan tulis 50.000.",
            )
        _refuse(
            field,
            f"«{raw}» bukan jumlah rupiah yang dapat dibaca. Tulis misalnya 50.000 atau "
            "50.000,00 (titik untuk ribuan, koma untuk sen).",
        )
    whole = match.group("whole").replace(".", "")
    frac = match.group("frac") or ""
    if len(frac) == 3 and match.re is _PLAIN:
        _refuse(
            field,
            f"«{raw}» meragukan: koma dipakai untuk sen, bukan ribuan. Tulis 50.000 untuk lima "
            "puluh ribu, atau 50,00 untuk lima puluh rupiah.",
        )
    if len(frac) > 2:
        _refuse(field, f"«{raw}»: paling banyak dua angka sen di belakang koma.")
    amount = Decimal(f"{whole}.{frac or '0'}").quantize(CENT)
    if amount > MAX_AMOUNT:
        _refuse(field, "jumlah terlalu besar.")
    return amount


class RupiahField(forms.DecimalField):
    """An amount box that reads Indonesian rupiah (``50.000``, ``50.000,00``, ``Rp 50.000``)
    through ``parse_rupiah`` and refuses anything ambiguous; it shows its value the same way
    (``1.250.000`` or ``1.250.000,50``)."""

    widget = forms.TextInput

    def __init__(self, *, max_digits=18, decimal_places=2, **kwargs):
        kwargs.pop("localize", None)
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.update({"inputmode": "decimal", "autocomplete": "off", "placeholder": "50.000"})
        return attrs

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_rupiah(value, field=str(self.label or "Jumlah"))

    def validate(self, value):
        forms.Field.validate(self, value)

    def prepare_value(self, value):
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            amount = Decimal(value)
            return format_amount(amount, cents=amount != amount.to_integral_value())
        return value


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
