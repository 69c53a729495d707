"""What the waste bank's services share: input parsing, rounding, locks and the one place that
reads the cash the cooperative has."""

from __future__ import annotations

from datetime import date as Date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from sokoguru.platform.core.errors import Conflict
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.funds import account_funds_require

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
RUPIAH = Decimal("1")
GRAM = Decimal("0.001")
ZERO_QTY = Decimal("0.000")


def line_value(weight: Decimal, price: Decimal) -> Decimal:
    """What the customer is credited for a line: weight × price rounded DOWN to whole rupiah."""
    return (weight * price).quantize(RUPIAH, rounding=ROUND_DOWN).quantize(CENT)


def line_cost(weight: Decimal, price: Decimal) -> Decimal:
    """What the line adds to the stock value: weight × price to the cent. The difference to
    ``line_value`` (always ≥ 0, below Rp 1) is the waste bank's rounding gain."""
    return (weight * price).quantize(CENT, rounding=ROUND_HALF_UP)


def sale_amount(weight: Decimal, price: Decimal) -> Decimal:
    """A sale line: weight × price rounded to whole rupiah (half up)."""
    return (weight * price).quantize(RUPIAH, rounding=ROUND_HALF_UP).quantize(CENT)


def parse_decimal(value, *, field: str, places: Decimal, allow_zero: bool = False) -> Decimal:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: "Angka tidak valid. / Invalid number."})
    if not number.is_finite() or number < 0 or (number == 0 and not allow_zero):
        raise ValidationError({field: "Harus lebih dari 0. / Must be positive."})
    if number != number.quantize(places):
        decimals = -places.as_tuple().exponent
        raise ValidationError(
            {field: f"Paling banyak {decimals} angka desimal. / At most {decimals} decimals."}
        )
    if number >= Decimal("1e11"):
        raise ValidationError({field: "Terlalu besar. / Too large."})
    return number.quantize(places)


def weight_of(value, *, field: str, allow_zero: bool = False) -> Decimal:
    return parse_decimal(value, field=field, places=GRAM, allow_zero=allow_zero)


def money_of(value, *, field: str, allow_zero: bool = False) -> Decimal:
    return parse_decimal(value, field=field, places=CENT, allow_zero=allow_zero)


def check_date(day, *, field: str = "date") -> Date:
    if not isinstance(day, Date):
        raise ValidationError({field: "Tanggal wajib diisi. / Date required."})
    if day > cooperative_today():
        raise ValidationError({field: "Tanggal tidak boleh di masa depan. / Not in the future."})
    return day


def require_key(key: str | None) -> str:
    key = (key or "").strip()
    if not key:
        raise ValidationError({"idempotency_key": "Kunci idempotensi wajib diisi. / Required."})
    if len(key) > 150:
        raise ValidationError({"idempotency_key": "Terlalu panjang (maks. 150). / Too long."})
    return key


def key_conflict() -> Conflict:
    return Conflict(
        "Kunci idempotensi sudah dipakai untuk transaksi lain. / "
        "Idempotency key already used for a different transaction.",
        field="idempotency_key",
    )


def cash_funds_check(*, amount: Decimal, field: str = "amount") -> None:
    """Refuse paying out ``amount`` in cash when the cash account does not hold it (the
    ledger's one funds check: the cash account is locked until the payout commits)."""
    account_funds_require(account_code=chart.CASH, amount=amount, field=field)
