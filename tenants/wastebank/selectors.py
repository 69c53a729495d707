"""Reads of the waste bank: catalogue and prices in force, customers and their books,
deposits, stock, sales, and the monthly figures oversight reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal

from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.calendar import add_months, month_start
from sokoguru.tenants.wastebank.models import (
    BookEntry,
    Collector,
    StockCount,
    WasteCategory,
    WasteCustomer,
    WasteDeposit,
    WasteDepositLine,
    WasteItem,
    WastePrice,
    WasteSale,
    WasteSaleLine,
    WasteStock,
)

ZERO = Decimal("0.00")
ZERO_QTY = Decimal("0.000")


# --- Catalogue and prices -------------------------------------------------------------------


def category_list() -> QuerySet:
    return WasteCategory.objects.all()


def item_list(*, active: bool | None = None) -> QuerySet:
    qs = WasteItem.objects.select_related("category")
    if active is not None:
        qs = qs.filter(active=active)
    return qs


def item_get(*, item_id: int) -> WasteItem:
    item = WasteItem.objects.select_related("category").filter(pk=item_id).first()
    if item is None:
        raise NotFound("Jenis sampah tidak ditemukan. / Item not found.", field="item_id")
    return item


def prices_on(*, day: Date, item_ids=None) -> dict[int, WastePrice]:
    """item id -> the price in force on ``day`` (the latest starting on or before it); one
    query."""
    qs = WastePrice.objects.filter(effective_from__lte=day)
    if item_ids is not None:
        qs = qs.filter(item_id__in=list(item_ids))
    qs = qs.order_by("item_id", "-effective_from").distinct("item_id")
    return {price.item_id: price for price in qs}


def price_history(*, item_id: int) -> QuerySet:
    return WastePrice.objects.filter(item_id=item_id).order_by("-effective_from")


# --- Customers and books --------------------------------------------------------------------


def customer_list(
    *, search: str = "", active: bool | None = None, with_balance: bool = False
) -> QuerySet:
    """Customers, optionally matching ``search`` in the name, book number, member number or
    phone; ``with_balance`` annotates each with its book balance (``page_balance``) in the
    same query."""
    qs = WasteCustomer.objects.select_related("member")
    if with_balance:
        qs = qs.annotate(page_balance=Coalesce(Sum("book__amount"), ZERO))
    search = (search or "").strip()
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(book_number__icontains=search)
            | Q(member__number__icontains=search)
            | Q(phone__icontains=search)
        )
    if active is not None:
        qs = qs.filter(active=active)
    return qs


def customer_get(*, customer_id: int) -> WasteCustomer:
    customer = WasteCustomer.objects.select_related("member").filter(pk=customer_id).first()
    if customer is None:
        raise NotFound("Nasabah tidak ditemukan. / Customer not found.", field="customer_id")
    return customer


def customer_balance(*, customer_id: int, as_of: Date | None = None) -> Decimal:
    qs = BookEntry.objects.filter(customer_id=customer_id)
    if as_of is not None:
        qs = qs.filter(date__lte=as_of)
    return qs.aggregate(total=Coalesce(Sum("amount"), ZERO))["total"].quantize(ZERO)


def customer_balances(*, customer_ids=None, as_of: Date | None = None) -> dict[int, Decimal]:
    """customer id -> book balance; one query."""
    qs = BookEntry.objects.all()
    if customer_ids is not None:
        qs = qs.filter(customer_id__in=list(customer_ids))
    if as_of is not None:
        qs = qs.filter(date__lte=as_of)
    return {
        row["customer_id"]: row["total"].quantize(ZERO)
        for row in qs.values("customer_id").annotate(total=Sum("amount"))
    }


def book_total(*, as_of: Date | None = None) -> Decimal:
    """All customers' waste savings together (equals ledger account 2102)."""
    qs = BookEntry.objects.all()
    if as_of is not None:
        qs = qs.filter(date__lte=as_of)
    return qs.aggregate(total=Coalesce(Sum("amount"), ZERO))["total"].quantize(ZERO)


def customer_book(*, customer_id: int) -> QuerySet:
    return BookEntry.objects.filter(customer_id=customer_id).order_by("date", "id")


# --- Deposits -------------------------------------------------------------------------------


def deposit_list(
    *, start: Date | None = None, end: Date | None = None, customer_id: int | None = None
) -> QuerySet:
    """Deposits, newest first, with their customer and the customer's book balance
    (``customer_balance_now``) in the same query."""
    balance = (
        BookEntry.objects.filter(customer_id=OuterRef("customer_id"))
        .order_by()
        .values("customer_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    qs = WasteDeposit.objects.select_related("customer").annotate(
        customer_balance_now=Coalesce(Subquery(balance), ZERO)
    )
    if start is not None:
        qs = qs.filter(date__gte=start)
    if end is not None:
        qs = qs.filter(date__lte=end)
    if customer_id is not None:
        qs = qs.filter(customer_id=customer_id)
    return qs


def deposit_get(*, deposit_id: int) -> WasteDeposit:
    deposit = (
        WasteDeposit.objects.select_related("customer")
        .prefetch_related("lines__item")
        .filter(pk=deposit_id)
        .first()
    )
    if deposit is None:
        raise NotFound("Setoran tidak ditemukan. / Deposit not found.", field="deposit_id")
    return deposit


def _kg(value: Decimal) -> str:
    text = f"{value.normalize():f}" if value else "0"
    return text.replace(".", ",")


def deposit_receipt_text(*, deposit: WasteDeposit, cooperative_name: str = "") -> str:
    """The receipt as WhatsApp text (plain lines, Indonesian)."""
    lines = [
        f"*Bukti setoran bank sampah* {cooperative_name}".strip(),
        f"No. {deposit.pk} — {deposit.date:%d-%m-%Y}",
        f"Nasabah: {deposit.customer.name} (buku {deposit.customer.book_number})",
        "",
    ]
    for line in deposit.lines.all():
        lines.append(
            f"{line.item.name}: {_kg(line.weight)} {line.item.unit} × "
            f"{format_rupiah(line.price)} = {format_rupiah(line.value)}"
        )
    lines += ["", f"*Total ditabung: {format_rupiah(deposit.total)}*"]
    if deposit.reversed_on:
        lines.append(f"DIBATALKAN {deposit.reversed_on:%d-%m-%Y}: {deposit.reversal_reason}")
    # A deposit from ``deposit_list`` carries its customer's balance (no query per receipt).
    balance = getattr(deposit, "customer_balance_now", None)
    if balance is None:
        balance = customer_balance(customer_id=deposit.customer_id)
    lines.append(f"Saldo tabungan sampah: {format_rupiah(balance)}")
    return "\n".join(lines)


def deposits_workbook_rows(*, start: Date, end: Date) -> list[tuple]:
    """One row per deposit line in [start, end] for the XLSX export; one query."""
    qs = (
        WasteDepositLine.objects.filter(deposit__date__gte=start, deposit__date__lte=end)
        .select_related("deposit__customer", "item__category")
        .order_by("deposit__date", "deposit_id", "id")
    )
    return [
        (
            line.deposit.date,
            line.deposit_id,
            line.deposit.customer.book_number,
            line.deposit.customer.name,
            line.deposit.customer.rt,
            line.item.category.name,
            line.item.name,
            line.weight,
            line.item.unit,
            line.price,
            line.value,
            "batal" if line.deposit.reversed_on else "",
        )
        for line in qs
    ]


DEPOSIT_EXPORT_HEADER = (
    "Tanggal",
    "No. setoran",
    "No. buku",
    "Nasabah",
    "RT",
    "Kategori",
    "Jenis",
    "Berat",
    "Satuan",
    "Harga",
    "Nilai (Rp)",
    "Status",
)


def deposits_workbook(*, start: Date, end: Date) -> bytes:
    from sokoguru.platform.core.documents import workbook_bytes

    return workbook_bytes(
        sheets=[
            (
                f"Setoran {start:%d-%m-%Y} sd {end:%d-%m-%Y}",
                DEPOSIT_EXPORT_HEADER,
                deposits_workbook_rows(start=start, end=end),
            )
        ]
    )


# --- Stock and sales ------------------------------------------------------------------------


def stock_list() -> QuerySet:
    return WasteStock.objects.select_related("item__category").order_by(
        "item__sort_order", "item__code"
    )


def collector_list(*, active: bool | None = None) -> QuerySet:
    qs = Collector.objects.all()
    if active is not None:
        qs = qs.filter(active=active)
    return qs


def sale_list(*, start: Date | None = None, end: Date | None = None) -> QuerySet:
    qs = WasteSale.objects.select_related("collector")
    if start is not None:
        qs = qs.filter(date__gte=start)
    if end is not None:
        qs = qs.filter(date__lte=end)
    return qs


def stock_count_list() -> QuerySet:
    return StockCount.objects.all()


# --- Monthly figures (snapshots) ------------------------------------------------------------


@dataclass(frozen=True)
class MonthFigures:
    kg_by_category: dict[str, Decimal]
    customers_active: int
    savings_balance: Decimal
    sales_total: Decimal
    sales_margin: Decimal
    kg_sold: Decimal


def month_figures(*, as_of: Date) -> MonthFigures:
    """The month of ``as_of`` up to that day: weight deposited per category (litres of used oil
    counted as kg), customers who deposited, the book total, and sales; five queries — one when
    the waste bank has neither a customer nor a collector (nothing deposited, booked or sold)."""
    require_tenant_schema()
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT EXISTS (SELECT 1 FROM {WasteCustomer._meta.db_table}) "  # noqa: S608
            f"OR EXISTS (SELECT 1 FROM {Collector._meta.db_table})"
        )
        if not cur.fetchone()[0]:
            return MonthFigures({}, 0, ZERO, ZERO, ZERO, ZERO_QTY)
    start = month_start(as_of)
    lines = WasteDepositLine.objects.filter(
        deposit__date__gte=start, deposit__date__lte=as_of, deposit__reversed_on__isnull=True
    )
    kg = {
        row["item__category__code"]: row["kg"]
        for row in lines.values("item__category__code").annotate(kg=Sum("weight"))
    }
    active = (
        WasteDeposit.objects.filter(date__gte=start, date__lte=as_of, reversed_on__isnull=True)
        .values("customer_id")
        .distinct()
        .count()
    )
    sales = WasteSale.objects.filter(date__gte=start, date__lte=as_of).aggregate(
        total=Coalesce(Sum("total"), ZERO), cost=Coalesce(Sum("cost"), ZERO)
    )
    sold = WasteSaleLine.objects.filter(sale__date__gte=start, sale__date__lte=as_of).aggregate(
        kg=Coalesce(Sum("weight"), ZERO_QTY)
    )["kg"]
    return MonthFigures(
        kg_by_category={k: Decimal(v).quantize(Decimal("0.001")) for k, v in kg.items()},
        customers_active=active,
        savings_balance=book_total(as_of=as_of),
        sales_total=sales["total"].quantize(ZERO),
        sales_margin=(sales["total"] - sales["cost"]).quantize(ZERO),
        kg_sold=Decimal(sold).quantize(Decimal("0.001")),
    )


def next_month(day: Date) -> Date:
    return add_months(month_start(day), 1)
