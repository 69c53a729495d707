"""Stock of the waste bank: locked per item while it moves, valued at average cost; sales to
collectors and stock counts (opname). Stock never goes below zero: every movement locks the
items' stock rows (in item order, so two sales never deadlock) and checks after the lock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.services import Leg, transaction_post
from sokoguru.tenants.wastebank.models import (
    Collector,
    StockCount,
    StockCountLine,
    StockMovement,
    WasteItem,
    WasteSale,
    WasteSaleLine,
    WasteStock,
)
from sokoguru.tenants.wastebank.permissions import require_cashier, require_manager
from sokoguru.tenants.wastebank.selectors import prices_on
from sokoguru.tenants.wastebank.services._common import (
    CENT,
    ZERO,
    check_date,
    key_conflict,
    money_of,
    require_key,
    sale_amount,
    weight_of,
)


def lock_stocks(item_ids) -> dict[int, WasteStock]:
    """item id -> its stock row, locked until commit (rows created when missing)."""
    ids = sorted(set(item_ids))
    WasteStock.objects.bulk_create([WasteStock(item_id=i) for i in ids], ignore_conflicts=True)
    return {
        s.item_id: s
        for s in WasteStock.objects.select_for_update().filter(item_id__in=ids).order_by("item_id")
    }


def average_cost(stock: WasteStock, quantity: Decimal) -> Decimal:
    """The cost of taking ``quantity`` out of ``stock`` at its average cost; taking all of it
    takes all of its value, so no value is left on an empty stock."""
    if quantity >= stock.quantity:
        return stock.value
    return (stock.value * quantity / stock.quantity).quantize(CENT, rounding=ROUND_HALF_UP)


def stock_move(
    *,
    stocks: dict[int, WasteStock],
    moves: list[tuple[int, Decimal, Decimal]],
    day: Date,
    kind: str,
    source_id: int,
    journal_transaction_id: int | None,
) -> None:
    """Apply (item id, quantity, value) changes to the locked rows and record the movements."""
    touched = {}
    for item_id, quantity, value in moves:
        stock = stocks[item_id]
        stock.quantity += quantity
        stock.value += value
        touched[item_id] = stock
    for stock in touched.values():
        if stock.quantity < 0 or stock.value < 0:  # pragma: no cover - checked by callers
            raise ValidationError({"lines": "Stok tidak boleh negatif. / Stock below zero."})
    WasteStock.objects.bulk_update(list(touched.values()), ["quantity", "value"])
    StockMovement.objects.bulk_create(
        [
            StockMovement(
                item_id=item_id,
                date=day,
                kind=kind,
                quantity=quantity,
                value=value,
                source_id=source_id,
                journal_transaction_id=journal_transaction_id,
            )
            for item_id, quantity, value in moves
        ]
    )


def _items(ids: list[int], *, fields: list[str]) -> dict[int, WasteItem]:
    items = WasteItem.objects.in_bulk(set(ids))
    for item_id, field in zip(ids, fields, strict=True):
        if item_id not in items:
            raise NotFound("Jenis sampah tidak ditemukan. / Item not found.", field=field)
    return items


def _item_id(value, *, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: "Jenis sampah wajib dipilih. / Item required."})


# --- Collectors -----------------------------------------------------------------------------


@transaction.atomic
def collector_create(*, name: str, contact: str = "", created_by_id: int | None) -> Collector:
    require_tenant_schema()
    require_cashier(created_by_id)
    if not (name or "").strip():
        raise ValidationError({"name": "Nama pengepul wajib diisi. / Name required."})
    collector = Collector(name=name.strip(), contact=(contact or "").strip())
    collector.full_clean()
    collector.save()
    return collector


# --- Sales ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaleLineInput:
    item_id: int
    weight: Decimal
    price: Decimal


def _parse_sale_lines(lines) -> list[SaleLineInput]:
    if not lines:
        raise ValidationError({"lines": "Isi paling sedikit satu baris. / At least one line."})
    out = []
    for i, line in enumerate(lines):
        get = line.get if isinstance(line, dict) else lambda k, _l=line: getattr(_l, k, None)
        out.append(
            SaleLineInput(
                item_id=_item_id(get("item_id"), field=f"lines[{i}].item_id"),
                weight=weight_of(get("weight"), field=f"lines[{i}].weight"),
                price=money_of(get("price"), field=f"lines[{i}].price"),
            )
        )
    return out


@transaction.atomic
def sale_record(
    *,
    collector_id: int,
    date: Date,
    lines,
    idempotency_key: str,
    created_by_id: int | None,
) -> WasteSale:
    """A sale to a collector, paid in cash: each line takes its weight out of stock at average
    cost. Posts Kas / Penjualan bank sampah (the amount) and HPP bank sampah / Persediaan bank
    sampah (the cost): the margin is the waste bank's income. Refused (nothing written) when a
    line wants more than the stock holds once its row is locked."""
    require_tenant_schema()
    require_cashier(created_by_id)
    key = require_key(idempotency_key)
    day = check_date(date)
    parsed = _parse_sale_lines(lines)
    collector = Collector.objects.filter(pk=collector_id).first()
    if collector is None:
        raise NotFound("Pengepul tidak ditemukan. / Collector not found.", field="collector_id")
    existing = WasteSale.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return _same_sale(existing, collector_id=collector.pk, day=day, parsed=parsed)
    items = _items(
        [p.item_id for p in parsed], fields=[f"lines[{i}].item_id" for i in range(len(parsed))]
    )
    stocks = lock_stocks(items)
    existing = WasteSale.objects.filter(idempotency_key=key).first()  # a retry that won the lock
    if existing is not None:
        return _same_sale(existing, collector_id=collector.pk, day=day, parsed=parsed)
    remaining = {i: (s.quantity, s.value) for i, s in stocks.items()}
    priced = []
    for i, line in enumerate(parsed):
        quantity, value = remaining[line.item_id]
        if line.weight > quantity:
            item = items[line.item_id]
            raise ValidationError(
                {
                    f"lines[{i}].weight": f"Stok {item.name} tidak cukup: ada "
                    f"{quantity.normalize():f} {item.unit}, dijual {line.weight.normalize():f}. / "
                    "Not enough stock."
                }
            )
        cost = average_cost(WasteStock(quantity=quantity, value=value), line.weight)
        remaining[line.item_id] = (quantity - line.weight, value - cost)
        priced.append((line, sale_amount(line.weight, line.price), cost))
    total = sum((amount for _, amount, _ in priced), ZERO)
    cost_total = sum((cost for _, _, cost in priced), ZERO)
    sale = WasteSale(
        collector=collector,
        date=day,
        total=total,
        cost=cost_total,
        idempotency_key=key,
        created_by_id=created_by_id,
    )
    sale.full_clean()
    sale.save()
    WasteSaleLine.objects.bulk_create(
        [
            WasteSaleLine(
                sale=sale,
                item_id=line.item_id,
                weight=line.weight,
                price=line.price,
                amount=amount,
                cost=cost,
            )
            for line, amount, cost in priced
        ]
    )
    legs = []
    if total:
        legs += [Leg(account=chart.CASH, debit=total), Leg(account=chart.WASTE_SALES, credit=total)]
    if cost_total:
        legs += [
            Leg(account=chart.WASTE_COST_OF_SALES, debit=cost_total),
            Leg(account=chart.WASTE_STOCK, credit=cost_total),
        ]
    txn = transaction_post(
        date=day,
        description=f"Penjualan sampah ke {collector.name}"[:255],
        legs=legs,
        idempotency_key=f"wastebank:sale:{key}",
        source_kind="wastebank.sale",
        source_id=str(sale.pk),
        created_by_id=created_by_id,
    )
    sale.journal_transaction_id = txn.pk
    sale.save(update_fields=["journal_transaction_id"])
    stock_move(
        stocks=stocks,
        moves=[(line.item_id, -line.weight, -cost) for line, _, cost in priced],
        day=day,
        kind=StockMovement.Kind.SALE,
        source_id=sale.pk,
        journal_transaction_id=txn.pk,
    )
    return sale


def _same_sale(sale: WasteSale, *, collector_id, day, parsed) -> WasteSale:
    recorded = [(line.item_id, line.weight, line.price) for line in sale.lines.order_by("id")]
    wanted = [(p.item_id, p.weight, p.price) for p in parsed]
    if sale.collector_id != collector_id or sale.date != day or recorded != wanted:
        raise key_conflict()
    return sale


# --- Stock counts ---------------------------------------------------------------------------


@transaction.atomic
def stock_count_record(
    *,
    date: Date,
    lines,
    reason: str,
    idempotency_key: str,
    created_by_id: int | None,
) -> StockCount:
    """A stock count (opname): each counted item's stock is set to the counted quantity, the
    value moved at average cost (at the buy price of the day when the book shows none); the net
    change is posted between Persediaan bank sampah and Selisih persediaan bank sampah with the
    reason."""
    require_tenant_schema()
    require_manager(created_by_id)
    key = require_key(idempotency_key)
    day = check_date(date)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Alasan penyesuaian wajib diisi. / Reason required."})
    if not lines:
        raise ValidationError({"lines": "Isi paling sedikit satu baris. / At least one line."})
    parsed = []
    for i, line in enumerate(lines):
        get = line.get if isinstance(line, dict) else lambda k, _l=line: getattr(_l, k, None)
        parsed.append(
            (
                _item_id(get("item_id"), field=f"lines[{i}].item_id"),
                weight_of(
                    get("counted_quantity"), field=f"lines[{i}].counted_quantity", allow_zero=True
                ),
            )
        )
    ids = [item_id for item_id, _ in parsed]
    if len(set(ids)) != len(ids):
        raise ValidationError({"lines": "Satu jenis sampah hanya sekali. / Each item once."})
    existing = StockCount.objects.filter(idempotency_key=key).first()
    if existing is not None:
        recorded = [(li.item_id, li.counted_quantity) for li in existing.lines.order_by("id")]
        if existing.date != day or recorded != parsed:
            raise key_conflict()
        return existing
    _items(ids, fields=[f"lines[{i}].item_id" for i in range(len(ids))])
    stocks = lock_stocks(ids)
    prices = prices_on(day=day, item_ids=ids)
    changes = []
    for item_id, counted in parsed:
        stock = stocks[item_id]
        if counted == stock.quantity:
            new_value = stock.value
        elif counted == 0:
            new_value = ZERO
        elif stock.quantity > 0:
            new_value = (stock.value * counted / stock.quantity).quantize(
                CENT, rounding=ROUND_HALF_UP
            )
        else:
            price = prices.get(item_id)
            new_value = (counted * price.buy_price).quantize(CENT) if price else ZERO
        changes.append((item_id, stock.quantity, counted, new_value - stock.value))
    net = sum((c[3] for c in changes), ZERO)
    count = StockCount(
        date=day,
        reason=reason[:255],
        value_change=net,
        idempotency_key=key,
        created_by_id=created_by_id,
    )
    count.full_clean()
    count.save()
    StockCountLine.objects.bulk_create(
        [
            StockCountLine(
                count=count,
                item_id=item_id,
                system_quantity=system,
                counted_quantity=counted,
                value_change=change,
            )
            for item_id, system, counted, change in changes
        ]
    )
    txn_id = None
    if net:
        amount = abs(net)
        legs = (
            [
                Leg(account=chart.WASTE_STOCK, debit=amount),
                Leg(account=chart.WASTE_STOCK_DIFFERENCE, credit=amount),
            ]
            if net > 0
            else [
                Leg(account=chart.WASTE_STOCK_DIFFERENCE, debit=amount),
                Leg(account=chart.WASTE_STOCK, credit=amount),
            ]
        )
        txn = transaction_post(
            date=day,
            description=f"Stock opname bank sampah: {reason}"[:255],
            legs=legs,
            idempotency_key=f"wastebank:count:{key}",
            source_kind="wastebank.stock_count",
            source_id=str(count.pk),
            created_by_id=created_by_id,
        )
        txn_id = txn.pk
        count.journal_transaction_id = txn_id
        count.save(update_fields=["journal_transaction_id"])
    moves = [
        (item_id, counted - system, change)
        for item_id, system, counted, change in changes
        if counted != system or change
    ]
    if moves:
        stock_move(
            stocks=stocks,
            moves=moves,
            day=day,
            kind=StockMovement.Kind.COUNT,
            source_id=count.pk,
            journal_transaction_id=txn_id,
        )
    return count
