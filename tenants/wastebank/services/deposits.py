"""Weighed deposits (setoran): one weighing session of a customer with many lines.

A line's value is its weight × the buy price in force on the deposit day, rounded DOWN to whole
rupiah: that is what the customer's book is credited. The stock is valued at the exact cost
(weight × price to the cent); the difference, always under Rp 1 a line, is the waste bank's
rounding gain (account 4303), so the remainder is neither paid out nor lost in the books:

    Persediaan bank sampah (1152)      debit   Σ cost
    Tabungan bank sampah (2102)        credit  Σ value   (the member's sub-ledger for members)
    Selisih pembulatan setoran (4303)  credit  Σ (cost − value)

A correction is a reversal of the whole deposit (the journal is reversed in the ledger)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from sokoguru.platform.core.errors import Conflict, NotFound
from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.services import (
    Leg,
    transaction_post,
    transaction_post_many,
    transaction_reverse,
)
from sokoguru.tenants.wastebank.models import (
    BookEntry,
    StockMovement,
    WasteCustomer,
    WasteDeposit,
    WasteDepositLine,
    WasteItem,
)
from sokoguru.tenants.wastebank.permissions import require_desk, require_manager
from sokoguru.tenants.wastebank.selectors import customer_balance, prices_on
from sokoguru.tenants.wastebank.services._common import (
    ZERO,
    check_date,
    key_conflict,
    line_cost,
    line_value,
    require_key,
    weight_of,
)
from sokoguru.tenants.wastebank.services.customers import lock_customer
from sokoguru.tenants.wastebank.services.stock import lock_stocks, stock_move

MAX_LINES = 50


@dataclass(frozen=True)
class PricedLine:
    item: WasteItem
    weight: Decimal
    price: Decimal
    value: Decimal
    cost: Decimal


def _parse_lines(lines) -> list[tuple[int, Decimal]]:
    if not lines:
        raise ValidationError({"lines": "Isi paling sedikit satu baris. / At least one line."})
    if len(lines) > MAX_LINES:
        raise ValidationError({"lines": f"Paling banyak {MAX_LINES} baris. / Too many lines."})
    out = []
    for i, line in enumerate(lines):
        get = line.get if isinstance(line, dict) else lambda k, _l=line: getattr(_l, k, None)
        try:
            item_id = int(get("item_id"))
        except (TypeError, ValueError):
            raise ValidationError({f"lines[{i}].item_id": "Jenis sampah wajib dipilih."})
        out.append((item_id, weight_of(get("weight"), field=f"lines[{i}].weight")))
    return out


def deposit_price(*, day: Date, lines, _items=None, _prices=None) -> list[PricedLine]:
    """The lines priced as they would be on ``day`` (the weighing desk shows this total
    before confirming). Raises a field error for an unknown or unpriced item."""
    parsed = _parse_lines(lines)
    ids = {item_id for item_id, _ in parsed}
    items = _items if _items is not None else WasteItem.objects.in_bulk(ids)
    prices = _prices if _prices is not None else prices_on(day=day, item_ids=ids)
    out = []
    for i, (item_id, weight) in enumerate(parsed):
        item = items.get(item_id)
        if item is None or not item.active:
            raise NotFound(
                "Jenis sampah tidak ditemukan. / Item not found.", field=f"lines[{i}].item_id"
            )
        price = prices.get(item_id)
        if price is None:
            raise ValidationError(
                {
                    f"lines[{i}].item_id": f"Belum ada harga {item.name} pada "
                    f"{day:%d-%m-%Y}. / No price in force that day."
                }
            )
        out.append(
            PricedLine(
                item=item,
                weight=weight,
                price=price.buy_price,
                value=line_value(weight, price.buy_price),
                cost=line_cost(weight, price.buy_price),
            )
        )
    return out


@transaction.atomic
def deposit_record(
    *,
    customer_id: int,
    date: Date,
    lines,
    idempotency_key: str,
    note: str = "",
    created_by_id: int | None,
) -> WasteDeposit:
    """Record a weighing session and credit its value to the customer's waste savings book.
    ``lines``: [{"item_id", "weight"}]. The same key with the same content returns the first
    deposit; with other content it is a ``Conflict``."""
    require_tenant_schema()
    require_desk(created_by_id)
    key = require_key(idempotency_key)
    day = check_date(date)
    parsed = _parse_lines(lines)
    customer = lock_customer(customer_id)
    existing = WasteDeposit.objects.filter(idempotency_key=key).first()
    if existing is not None:
        recorded = [(li.item_id, li.weight) for li in existing.lines.order_by("id")]
        if existing.customer_id != customer.pk or existing.date != day or recorded != parsed:
            raise key_conflict()
        return existing
    if not customer.active:
        raise ValidationError({"customer_id": "Nasabah tidak aktif. / Customer inactive."})
    priced = deposit_price(day=day, lines=lines)
    total = sum((p.value for p in priced), ZERO)
    cost = sum((p.cost for p in priced), ZERO)
    if total <= 0:
        raise ValidationError(
            {"lines": "Nilai setoran Rp 0: tambah beratnya. / The deposit is worth nothing."}
        )
    stocks = lock_stocks(p.item.pk for p in priced)
    deposit = WasteDeposit(
        customer=customer,
        date=day,
        total=total,
        cost=cost,
        rounding=cost - total,
        note=(note or "").strip()[:255],
        idempotency_key=key,
        created_by_id=created_by_id,
    )
    deposit.full_clean()
    deposit.save()
    WasteDepositLine.objects.bulk_create(
        [
            WasteDepositLine(
                deposit=deposit,
                item=p.item,
                weight=p.weight,
                price=p.price,
                value=p.value,
                cost=p.cost,
            )
            for p in priced
        ]
    )
    legs = [
        Leg(account=chart.WASTE_STOCK, debit=cost),
        Leg(account=chart.WASTE_BANK_SAVINGS, credit=total, member_id=customer.member_id),
    ]
    if cost > total:
        legs.append(Leg(account=chart.WASTE_ROUNDING_GAIN, credit=cost - total))
    description = f"Setoran sampah {customer.book_number} — {customer.name}"[:255]
    txn = transaction_post(
        date=day,
        description=description,
        legs=legs,
        idempotency_key=f"wastebank:deposit:{key}",
        source_kind="wastebank.deposit",
        source_id=str(deposit.pk),
        created_by_id=created_by_id,
    )
    deposit.journal_transaction_id = txn.pk
    deposit.save(update_fields=["journal_transaction_id"])
    BookEntry.objects.create(
        customer=customer,
        date=day,
        kind=BookEntry.Kind.DEPOSIT,
        amount=total,
        description=f"Setoran sampah no. {deposit.pk}",
        deposit=deposit,
        journal_transaction_id=txn.pk,
    )
    stock_move(
        stocks=stocks,
        moves=[(p.item.pk, p.weight, p.cost) for p in priced],
        day=day,
        kind=StockMovement.Kind.DEPOSIT,
        source_id=deposit.pk,
        journal_transaction_id=txn.pk,
    )
    return deposit


@transaction.atomic
def deposit_reverse(
    *, deposit_id: int, date: Date, reason: str, reversed_by_id: int | None
) -> WasteDeposit:
    """Cancel a deposit: its journal is reversed, its value leaves the customer's book and its
    weight leaves stock (at the cost it came in with). Refused when the customer has already
    withdrawn the money or the stock was sold. Where taking the deposit's cost out would leave
    a stock value that does not fit its quantity (nothing left, or below zero), the rest is
    posted to Selisih persediaan bank sampah. Reversing again returns the same deposit."""
    require_tenant_schema()
    require_manager(reversed_by_id, field="reversed_by_id")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Alasan pembatalan wajib diisi. / Reason required."})
    found = WasteDeposit.objects.filter(pk=deposit_id).values_list("customer_id", flat=True).first()
    if found is None:
        raise NotFound("Setoran tidak ditemukan. / Deposit not found.", field="deposit_id")
    customer = lock_customer(found)
    deposit = WasteDeposit.objects.select_for_update().get(pk=deposit_id)
    if deposit.reversed_on is not None:
        return deposit
    day = check_date(date)
    if day < deposit.date:
        raise ValidationError({"date": "Tanggal sebelum tanggal setoran. / Before the deposit."})
    balance = customer_balance(customer_id=customer.pk)
    if balance < deposit.total:
        raise Conflict(
            f"Saldo tabungan sampah {format_rupiah(balance, cents=None)} kurang dari nilai setoran "
            f"{format_rupiah(deposit.total, cents=None)}: sudah ditarik. / Already withdrawn.",
            field="deposit_id",
        )
    lines = list(deposit.lines.select_related("item"))
    per_item: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal("0"), ZERO])
    for line in lines:
        per_item[line.item_id][0] += line.weight
        per_item[line.item_id][1] += line.cost
    stocks = lock_stocks(per_item)
    moves, residue = [], ZERO
    for item_id, (weight, cost) in sorted(per_item.items()):
        stock = stocks[item_id]
        if stock.quantity < weight:
            raise Conflict(
                f"Stok {stock.item.name} tinggal {stock.quantity.normalize():f}: sampah dari "
                "setoran ini sudah dijual. / The stock was sold.",
                field="deposit_id",
            )
        value_after = stock.value - cost
        if stock.quantity == weight or value_after < 0:
            # The rest of the value goes with it: an empty stock holds no value, none below 0.
            residue += value_after
            cost = stock.value
        moves.append((item_id, -weight, -cost))
    reversal = transaction_reverse(
        transaction_id=deposit.journal_transaction_id,
        date=day,
        description=f"Pembatalan setoran sampah no. {deposit.pk}: {reason}"[:255],
        idempotency_key=f"wastebank:deposit-reversal:{deposit.pk}",
        created_by_id=reversed_by_id,
        module="wastebank",
    )
    if residue:
        amount = abs(residue)
        legs = (
            [
                Leg(account=chart.WASTE_STOCK_DIFFERENCE, debit=amount),
                Leg(account=chart.WASTE_STOCK, credit=amount),
            ]
            if residue > 0
            else [
                Leg(account=chart.WASTE_STOCK, debit=amount),
                Leg(account=chart.WASTE_STOCK_DIFFERENCE, credit=amount),
            ]
        )
        transaction_post(
            date=day,
            description=f"Selisih nilai persediaan pembatalan setoran no. {deposit.pk}",
            legs=legs,
            idempotency_key=f"wastebank:deposit-reversal-residue:{deposit.pk}",
            source_kind="wastebank.deposit_reversal",
            source_id=str(deposit.pk),
            created_by_id=reversed_by_id,
        )
    deposit.reversed_on = day
    deposit.reversal_reason = reason[:255]
    deposit.reversal_transaction_id = reversal.pk
    deposit.save(update_fields=["reversed_on", "reversal_reason", "reversal_transaction_id"])
    BookEntry.objects.create(
        customer=customer,
        date=day,
        kind=BookEntry.Kind.REVERSAL,
        amount=-deposit.total,
        description=f"Pembatalan setoran sampah no. {deposit.pk}",
        deposit=deposit,
        journal_transaction_id=reversal.pk,
    )
    stock_move(
        stocks=stocks,
        moves=moves,
        day=day,
        kind=StockMovement.Kind.REVERSAL,
        source_id=deposit.pk,
        journal_transaction_id=reversal.pk,
    )
    return deposit


@transaction.atomic
def weighing_day_record(*, date: Date, deposits, created_by_id: int | None) -> list[WasteDeposit]:
    """A whole weighing day at once (a day entered from the paper list, the demo): the
    semantics of ``deposit_record`` for each ``{"customer_id", "lines", "idempotency_key"}``
    (one journal transaction per deposit, the same rounding), all or nothing, in a fixed
    number of round trips. Deposits whose key is already recorded are returned as they are."""
    require_tenant_schema()
    require_desk(created_by_id)
    day = check_date(date)
    deposits = list(deposits)
    keys = [require_key(d.get("idempotency_key")) for d in deposits]
    if len(set(keys)) != len(keys):
        raise ValidationError({"deposits": "Kunci idempotensi ganda. / Duplicate keys."})
    customer_ids = sorted({int(d["customer_id"]) for d in deposits})
    customers = {
        c.pk: c
        for c in WasteCustomer.objects.select_for_update()
        .filter(pk__in=customer_ids)
        .order_by("pk")
    }
    for i, d in enumerate(deposits):
        customer = customers.get(int(d["customer_id"]))
        if customer is None or not customer.active:
            raise NotFound(
                "Nasabah tidak ditemukan. / Customer not found.",
                field=f"deposits[{i}].customer_id",
            )
    existing = {d.idempotency_key: d for d in WasteDeposit.objects.filter(idempotency_key__in=keys)}
    todo = [(k, d) for k, d in zip(keys, deposits, strict=True) if k not in existing]
    priced_all = []
    all_items = WasteItem.objects.in_bulk()
    all_prices = prices_on(day=day)
    for key, d in todo:
        priced = deposit_price(day=day, lines=d["lines"], _items=all_items, _prices=all_prices)
        total = sum((p.value for p in priced), ZERO)
        if total <= 0:
            raise ValidationError({"deposits": f"{key}: nilai setoran Rp 0."})
        priced_all.append((key, customers[int(d["customer_id"])], priced, total))
    if not priced_all:
        return [existing[k] for k in keys]
    stocks = lock_stocks(p.item.pk for _, _, priced, _ in priced_all for p in priced)
    created = WasteDeposit.objects.bulk_create(
        [
            WasteDeposit(
                customer=customer,
                date=day,
                total=total,
                cost=sum((p.cost for p in priced), ZERO),
                rounding=sum((p.cost for p in priced), ZERO) - total,
                idempotency_key=key,
                created_by_id=created_by_id,
            )
            for key, customer, priced, total in priced_all
        ]
    )
    WasteDepositLine.objects.bulk_create(
        [
            WasteDepositLine(
                deposit=deposit,
                item=p.item,
                weight=p.weight,
                price=p.price,
                value=p.value,
                cost=p.cost,
            )
            for deposit, (_, _, priced, _) in zip(created, priced_all, strict=True)
            for p in priced
        ]
    )
    postings = []
    for deposit in created:
        customer = deposit.customer
        legs = [
            Leg(account=chart.WASTE_STOCK, debit=deposit.cost),
            Leg(
                account=chart.WASTE_BANK_SAVINGS, credit=deposit.total, member_id=customer.member_id
            ),
        ]
        if deposit.rounding:
            legs.append(Leg(account=chart.WASTE_ROUNDING_GAIN, credit=deposit.rounding))
        postings.append(
            {
                "date": day,
                "description": f"Setoran sampah {customer.book_number} — {customer.name}"[:255],
                "legs": legs,
                "idempotency_key": f"wastebank:deposit:{deposit.idempotency_key}",
                "source_kind": "wastebank.deposit",
                "source_id": str(deposit.pk),
                "created_by_id": created_by_id,
            }
        )
    txns = transaction_post_many(postings=postings)
    for deposit, txn in zip(created, txns, strict=True):
        deposit.journal_transaction_id = txn.pk
    WasteDeposit.objects.bulk_update(created, ["journal_transaction_id"])
    BookEntry.objects.bulk_create(
        [
            BookEntry(
                customer=deposit.customer,
                date=day,
                kind=BookEntry.Kind.DEPOSIT,
                amount=deposit.total,
                description=f"Setoran sampah no. {deposit.pk}",
                deposit=deposit,
                journal_transaction_id=deposit.journal_transaction_id,
            )
            for deposit in created
        ]
    )
    moves: dict[int, list] = defaultdict(lambda: [Decimal("0.000"), ZERO])
    for _, _, priced, _ in priced_all:
        for p in priced:
            moves[p.item.pk][0] += p.weight
            moves[p.item.pk][1] += p.cost
    stock_move(
        stocks=stocks,
        moves=[(item_id, q, v) for item_id, (q, v) in sorted(moves.items())],
        day=day,
        kind=StockMovement.Kind.DEPOSIT,
        source_id=created[0].pk,
        journal_transaction_id=None,
    )
    found = {**existing, **{d.idempotency_key: d for d in created}}
    return [found[k] for k in keys]
