"""Shared pieces of the production services: periods, rounding, the catalogue-changed mark."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from sokoguru.platform.core.money import to_money
from sokoguru.tenants.bylaws.calendar import month_end

RUPIAH = Decimal("1")
QTY = Decimal("0.001")
MAX_QUANTITY = Decimal("99999999999.999")


def week_start(day: date) -> date:
    """The Monday of ``day``'s week (ISO weeks)."""
    return day - timedelta(days=day.weekday())


def period_bounds(period: str, day: date) -> tuple[date, date]:
    """First and last day of the week (Monday–Sunday) or month holding ``day``."""
    if period == "week":
        start = week_start(day)
        return start, start + timedelta(days=6)
    if period == "month":
        return day.replace(day=1), month_end(day)
    raise ValidationError({"period": f"Periode harus 'week' atau 'month', bukan {period!r}."})


def whole_rupiah(value: Decimal) -> Decimal:
    return to_money(Decimal(value).quantize(RUPIAH, rounding=ROUND_HALF_UP))


def quantity_value(value, *, field: str = "quantity", positive: bool = True) -> Decimal:
    try:
        qty = Decimal(str(value)).quantize(QTY, rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: f"Jumlah tidak valid: {value!r}."})
    if abs(qty) > MAX_QUANTITY:
        raise ValidationError({field: "Jumlah terlalu besar."})
    if positive and qty <= 0:
        raise ValidationError({field: "Jumlah harus lebih dari 0."})
    return qty


def money_value(value, *, field: str, allow_zero: bool = True) -> Decimal:
    try:
        amount = to_money(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: f"Jumlah rupiah tidak valid: {value!r}."})
    if amount < 0 or (not allow_zero and amount == 0):
        raise ValidationError({field: "Jumlah rupiah harus lebih dari 0."})
    if amount != amount.to_integral_value():
        raise ValidationError({field: "Harga harus rupiah bulat."})
    return amount


class _CatalogueChanged:
    """on_commit callback: mark the cooperative's registry row so the public catalogue
    projection (federation, public schema) is republished by its refresher. Tenant code never
    calls federation; like the ledger's books-changed mark, this is a hint on the registry."""

    def __init__(self, cooperative_id: int):
        self.cooperative_id = cooperative_id

    def __call__(self) -> None:
        public = connection.ops.quote_name(settings.PUBLIC_SCHEMA_NAME)
        with connection.cursor() as cur:
            cur.execute(
                "SET LOCAL synchronous_commit TO OFF; "
                f"UPDATE {public}.tenancy_cooperative SET catalogue_changed_at = clock_timestamp() "
                "WHERE id = %s",
                [self.cooperative_id],
            )


def mark_catalogue_changed() -> None:
    tenant = getattr(connection, "tenant", None)
    cooperative_id = getattr(tenant, "pk", None)
    if cooperative_id is None:
        return
    for entry in connection.run_on_commit:
        callback = entry[1]
        if isinstance(callback, _CatalogueChanged) and callback.cooperative_id == cooperative_id:
            return
    transaction.on_commit(_CatalogueChanged(cooperative_id), robust=True)
