"""GraphQL types of the waste bank (cooperative API)."""

from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from sokoguru.graphql.core.ids import Node, decode_id
from sokoguru.graphql.core.permissions import current_roles
from sokoguru.graphql.core.types import CountableConnection, Money
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.wastebank.models import (
    BookEntry,
    Collector,
    StockCount,
    StockCountLine,
    WasteCategory,
    WasteCustomer,
    WasteDeposit,
    WasteDepositLine,
    WasteItem,
    WastePrice,
    WasteSale,
    WasteSaleLine,
    WasteStock,
    WasteWithdrawal,
)
from sokoguru.tenants.wastebank.permissions import READ_ROLES
from sokoguru.tenants.wastebank.selectors import (
    customer_balance,
    deposit_receipt_text,
    prices_on,
)


class WasteUnit(graphene.Enum):
    KG = "kg"
    LITER = "liter"


class WasteCustomerKind(graphene.Enum):
    MEMBER = "member"
    HOUSEHOLD = "household"


class WasteWithdrawalKind(graphene.Enum):
    CASH = "cash"
    SUKARELA = "sukarela"
    WAJIB = "wajib"


class WasteCategoryType(DjangoObjectType):
    class Meta:
        model = WasteCategory
        name = "WasteCategory"
        fields = ("id", "code", "name", "sort_order")


class WastePriceType(DjangoObjectType):
    buy_price = Money(required=True)
    sell_price = Money(required=True)

    class Meta:
        model = WastePrice
        name = "WastePrice"
        fields = ("id", "effective_from", "created_at")


def _prices_today(info) -> dict:
    """The prices in force today, read once per request for every item that shows one."""
    context = info.context
    prices = getattr(context, "_wastebank_prices_today", None)
    if prices is None:
        prices = prices_on(day=cooperative_today())
        context._wastebank_prices_today = prices
    return prices


class WasteItemType(DjangoObjectType):
    unit = graphene.Field(WasteUnit, required=True)
    category = graphene.Field(WasteCategoryType, required=True)
    price_today = graphene.Field(WastePriceType, description="Price in force today")

    class Meta:
        model = WasteItem
        name = "WasteItem"
        fields = ("id", "code", "name", "active", "sort_order")

    @staticmethod
    def resolve_unit(root, info):
        return str(root.unit)

    @staticmethod
    def resolve_price_today(root, info):
        return _prices_today(info).get(root.pk)


class WasteCustomerMember(graphene.ObjectType):
    id = graphene.ID(required=True)
    number = graphene.String(required=True)
    full_name = graphene.String(required=True)


class WasteCustomerType(DjangoObjectType):
    kind = graphene.Field(WasteCustomerKind, required=True)
    balance = Money(required=True, description="Waste savings balance (the book)")
    member = graphene.Field(WasteCustomerMember)

    class Meta:
        model = WasteCustomer
        name = "WasteCustomer"
        interfaces = (Node,)
        connection_class = CountableConnection
        fields = ("book_number", "name", "rt", "rw", "phone", "active", "created_at")

    @classmethod
    def get_queryset(cls, queryset, info):
        if not current_roles(info) & READ_ROLES:
            return queryset.none()
        return queryset

    @staticmethod
    def resolve_kind(root, info):
        return str(root.kind)

    @staticmethod
    def resolve_balance(root, info):
        balance = getattr(root, "page_balance", None)  # annotated by the list
        if balance is None:
            balance = customer_balance(customer_id=root.pk)
        return balance

    @staticmethod
    def resolve_member(root, info):
        if root.member_id is None:
            return None
        m = root.member
        return WasteCustomerMember(id=m.pk, number=m.number, full_name=m.full_name)


class WasteDepositLineType(DjangoObjectType):
    item = graphene.Field(WasteItemType, required=True)
    weight = graphene.Decimal(required=True)
    price = Money(required=True)
    value = Money(required=True)

    class Meta:
        model = WasteDepositLine
        name = "WasteDepositLine"
        fields = ("id",)


class WasteDepositType(DjangoObjectType):
    customer = graphene.Field(WasteCustomerType, required=True)
    total = Money(required=True)
    cost = Money(required=True, description="Stock value at exact cost")
    rounding = Money(required=True, description="Rounding kept by the waste bank")
    lines = graphene.List(graphene.NonNull(WasteDepositLineType), required=True)
    receipt_text = graphene.String(required=True, description="Receipt as WhatsApp text")

    class Meta:
        model = WasteDeposit
        name = "WasteDeposit"
        interfaces = (Node,)
        connection_class = CountableConnection
        fields = (
            "date",
            "note",
            "idempotency_key",
            "journal_transaction_id",
            "reversed_on",
            "reversal_reason",
            "created_at",
        )

    @classmethod
    def get_queryset(cls, queryset, info):
        if not current_roles(info) & READ_ROLES:
            return queryset.none()
        return queryset

    @staticmethod
    def resolve_customer(root, info):
        customer = root.customer
        balance = getattr(root, "customer_balance_now", None)  # annotated by the list
        if balance is not None:
            customer.page_balance = balance
        return customer

    @staticmethod
    def resolve_lines(root, info):
        return root.lines.all()

    @staticmethod
    def resolve_receipt_text(root, info):
        from django.db import connection

        return deposit_receipt_text(deposit=root, cooperative_name=connection.tenant.name)


class BookEntryType(DjangoObjectType):
    amount = Money(required=True)

    class Meta:
        model = BookEntry
        name = "WasteBookEntry"
        fields = ("id", "date", "kind", "description", "deposit", "withdrawal")
        convert_choices_to_enum = False


class WasteWithdrawalType(DjangoObjectType):
    kind = graphene.Field(WasteWithdrawalKind, required=True)
    amount = Money(required=True)
    customer = graphene.Field(WasteCustomerType, required=True)

    class Meta:
        model = WasteWithdrawal
        name = "WasteWithdrawal"
        fields = ("id", "date", "journal_transaction_id", "savings_movement_id", "created_at")

    @staticmethod
    def resolve_kind(root, info):
        return str(root.kind)


class WasteStockType(DjangoObjectType):
    item = graphene.Field(WasteItemType, required=True)
    quantity = graphene.Decimal(required=True)
    value = Money(required=True, description="Value at cost")

    class Meta:
        model = WasteStock
        name = "WasteStock"
        fields = ()


class CollectorType(DjangoObjectType):
    class Meta:
        model = Collector
        name = "WasteCollector"
        fields = ("id", "name", "contact", "active")


class WasteSaleLineType(DjangoObjectType):
    item = graphene.Field(WasteItemType, required=True)
    weight = graphene.Decimal(required=True)
    price = Money(required=True)
    amount = Money(required=True)
    cost = Money(required=True)

    class Meta:
        model = WasteSaleLine
        name = "WasteSaleLine"
        fields = ("id",)


class WasteSaleType(DjangoObjectType):
    collector = graphene.Field(CollectorType, required=True)
    total = Money(required=True)
    cost = Money(required=True, description="Cost of goods at average cost")
    margin = Money(required=True)
    lines = graphene.List(graphene.NonNull(WasteSaleLineType), required=True)

    class Meta:
        model = WasteSale
        name = "WasteSale"
        interfaces = (Node,)
        connection_class = CountableConnection
        fields = ("date", "idempotency_key", "journal_transaction_id", "created_at")

    @classmethod
    def get_queryset(cls, queryset, info):
        if not current_roles(info) & READ_ROLES:
            return queryset.none()
        return queryset

    @staticmethod
    def resolve_lines(root, info):
        return root.lines.all()


class StockCountLineType(DjangoObjectType):
    item = graphene.Field(WasteItemType, required=True)
    system_quantity = graphene.Decimal(required=True)
    counted_quantity = graphene.Decimal(required=True)
    value_change = Money(required=True)

    class Meta:
        model = StockCountLine
        name = "WasteStockCountLine"
        fields = ("id",)


class StockCountType(DjangoObjectType):
    value_change = Money(required=True)
    lines = graphene.List(graphene.NonNull(StockCountLineType), required=True)

    class Meta:
        model = StockCount
        name = "WasteStockCount"
        fields = ("id", "date", "reason", "journal_transaction_id", "created_at")

    @staticmethod
    def resolve_lines(root, info):
        return root.lines.all()


class WasteQuoteLine(graphene.ObjectType):
    item = graphene.Field(WasteItemType, required=True)
    weight = graphene.Decimal(required=True)
    price = Money(required=True)
    value = Money(required=True)


class WasteQuote(graphene.ObjectType):
    """A deposit priced as it would be recorded (shown before confirming)."""

    date = graphene.Date(required=True)
    lines = graphene.List(graphene.NonNull(WasteQuoteLine), required=True)
    total = Money(required=True)


class WorkbookFile(graphene.ObjectType):
    filename = graphene.String(required=True)
    content_type = graphene.String(required=True)
    content_base64 = graphene.String(required=True)


class WasteLineInput(graphene.InputObjectType):
    item_id = graphene.ID(required=True)
    weight = graphene.Decimal(required=True, description="Up to 3 decimals (kg or litre)")


class WasteSaleLineInput(graphene.InputObjectType):
    item_id = graphene.ID(required=True)
    weight = graphene.Decimal(required=True)
    price = Money(required=True, description="Price per unit")


class WasteCountLineInput(graphene.InputObjectType):
    item_id = graphene.ID(required=True)
    counted_quantity = graphene.Decimal(required=True)


def item_lines(lines, *, extra=()) -> list[dict]:
    out = []
    for i, line in enumerate(lines or []):
        row = {"item_id": decode_id(line.item_id, "WasteItem", field=f"lines[{i}].item_id")}
        for name in ("weight", *extra):
            row[name] = getattr(line, name)
        out.append(row)
    return out
