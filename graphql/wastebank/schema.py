"""Waste bank queries and mutations of the cooperative API."""

from __future__ import annotations

import base64

import graphene

from sokoguru.graphql.core.fields import ConnectionField
from sokoguru.graphql.core.ids import decode_id
from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.wastebank.mutations.waste_category_create import WasteCategoryCreate
from sokoguru.graphql.wastebank.mutations.waste_collector_create import WasteCollectorCreate
from sokoguru.graphql.wastebank.mutations.waste_customer_register import WasteCustomerRegister
from sokoguru.graphql.wastebank.mutations.waste_customer_update import WasteCustomerUpdate
from sokoguru.graphql.wastebank.mutations.waste_deposit_record import WasteDepositRecord
from sokoguru.graphql.wastebank.mutations.waste_deposit_reverse import WasteDepositReverse
from sokoguru.graphql.wastebank.mutations.waste_item_create import WasteItemCreate
from sokoguru.graphql.wastebank.mutations.waste_price_set import WastePriceSet
from sokoguru.graphql.wastebank.mutations.waste_sale_record import WasteSaleRecord
from sokoguru.graphql.wastebank.mutations.waste_stock_count_record import (
    WasteStockCountRecord,
)
from sokoguru.graphql.wastebank.mutations.waste_withdrawal_record import WasteWithdrawalRecord
from sokoguru.graphql.wastebank.types import (
    BookEntryType,
    CollectorType,
    StockCountType,
    WasteCategoryType,
    WasteCustomerType,
    WasteDepositType,
    WasteItemType,
    WasteLineInput,
    WastePriceType,
    WasteQuote,
    WasteQuoteLine,
    WasteSaleType,
    WasteStockType,
    WorkbookFile,
    item_lines,
)
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.wastebank import selectors
from sokoguru.tenants.wastebank.permissions import DESK_ROLES, READ_ROLES
from sokoguru.tenants.wastebank.services import deposit_price

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class WasteBankQueries(graphene.ObjectType):
    waste_categories = graphene.List(graphene.NonNull(WasteCategoryType), required=True)
    waste_items = graphene.List(
        graphene.NonNull(WasteItemType), required=True, active=graphene.Boolean()
    )
    waste_price_history = graphene.List(
        graphene.NonNull(WastePriceType), required=True, item_id=graphene.ID(required=True)
    )
    waste_customers = ConnectionField(
        WasteCustomerType,
        search=graphene.String(description="Name, book number, member number or phone"),
        active=graphene.Boolean(),
    )
    waste_customer = graphene.Field(WasteCustomerType, id=graphene.ID(required=True))
    waste_book = graphene.List(
        graphene.NonNull(BookEntryType), required=True, customer_id=graphene.ID(required=True)
    )
    waste_deposits = ConnectionField(
        WasteDepositType,
        start=graphene.Date(),
        end=graphene.Date(),
        customer_id=graphene.ID(),
    )
    waste_deposit = graphene.Field(WasteDepositType, id=graphene.ID(required=True))
    waste_deposit_quote = graphene.Field(
        WasteQuote,
        date=graphene.Date(description="Default: today"),
        lines=graphene.List(graphene.NonNull(WasteLineInput), required=True),
        description="Price lines as a deposit would be recorded (nothing is written).",
    )
    waste_deposits_workbook = graphene.Field(
        WorkbookFile,
        required=True,
        start=graphene.Date(required=True),
        end=graphene.Date(required=True),
        description="XLSX of the deposit lines of a period.",
    )
    waste_stock = graphene.List(graphene.NonNull(WasteStockType), required=True)
    waste_collectors = graphene.List(graphene.NonNull(CollectorType), required=True)
    waste_sales = ConnectionField(WasteSaleType, start=graphene.Date(), end=graphene.Date())
    waste_stock_counts = graphene.List(graphene.NonNull(StockCountType), required=True)

    @staticmethod
    def resolve_waste_categories(root, info):
        require_roles(info, READ_ROLES)
        return selectors.category_list()

    @staticmethod
    def resolve_waste_items(root, info, active=None):
        require_roles(info, READ_ROLES)
        return selectors.item_list(active=active)

    @staticmethod
    def resolve_waste_price_history(root, info, item_id):
        require_roles(info, READ_ROLES)
        return selectors.price_history(item_id=decode_id(item_id, "WasteItem", field="item_id"))

    @staticmethod
    def resolve_waste_customers(root, info, search=None, active=None, **kwargs):
        require_roles(info, READ_ROLES)
        return selectors.customer_list(search=search or "", active=active, with_balance=True)

    @staticmethod
    def resolve_waste_customer(root, info, id):
        require_roles(info, READ_ROLES)
        return selectors.customer_get(customer_id=decode_id(id, "WasteCustomer", field="id"))

    @staticmethod
    def resolve_waste_book(root, info, customer_id):
        require_roles(info, READ_ROLES)
        pk = decode_id(customer_id, "WasteCustomer", field="customer_id")
        return selectors.customer_book(customer_id=selectors.customer_get(customer_id=pk).pk)

    @staticmethod
    def resolve_waste_deposits(root, info, start=None, end=None, customer_id=None, **kwargs):
        require_roles(info, READ_ROLES)
        pk = decode_id(customer_id, "WasteCustomer", field="customer_id") if customer_id else None
        return selectors.deposit_list(start=start, end=end, customer_id=pk).prefetch_related(
            "lines__item__category"
        )

    @staticmethod
    def resolve_waste_deposit(root, info, id):
        require_roles(info, READ_ROLES)
        return selectors.deposit_get(deposit_id=decode_id(id, "WasteDeposit", field="id"))

    @staticmethod
    def resolve_waste_deposit_quote(root, info, lines, date=None):
        require_roles(info, DESK_ROLES)
        day = date or cooperative_today()
        priced = deposit_price(day=day, lines=item_lines(lines))
        return WasteQuote(
            date=day,
            lines=[
                WasteQuoteLine(item=p.item, weight=p.weight, price=p.price, value=p.value)
                for p in priced
            ],
            total=sum((p.value for p in priced), 0),
        )

    @staticmethod
    def resolve_waste_deposits_workbook(root, info, start, end):
        require_roles(info, READ_ROLES)
        content = selectors.deposits_workbook(start=start, end=end)
        return WorkbookFile(
            filename=f"setoran-sampah-{start:%Y%m%d}-{end:%Y%m%d}.xlsx",
            content_type=XLSX,
            content_base64=base64.b64encode(content).decode("ascii"),
        )

    @staticmethod
    def resolve_waste_stock(root, info):
        require_roles(info, READ_ROLES)
        return selectors.stock_list()

    @staticmethod
    def resolve_waste_collectors(root, info):
        require_roles(info, READ_ROLES)
        return selectors.collector_list()

    @staticmethod
    def resolve_waste_sales(root, info, start=None, end=None, **kwargs):
        require_roles(info, READ_ROLES)
        return selectors.sale_list(start=start, end=end).prefetch_related("lines__item__category")

    @staticmethod
    def resolve_waste_stock_counts(root, info):
        require_roles(info, READ_ROLES)
        return selectors.stock_count_list().prefetch_related("lines__item__category")


class WasteBankMutations(graphene.ObjectType):
    waste_category_create = WasteCategoryCreate.Field()
    waste_item_create = WasteItemCreate.Field()
    waste_price_set = WastePriceSet.Field()
    waste_customer_register = WasteCustomerRegister.Field()
    waste_customer_update = WasteCustomerUpdate.Field()
    waste_deposit_record = WasteDepositRecord.Field()
    waste_deposit_reverse = WasteDepositReverse.Field()
    waste_withdrawal_record = WasteWithdrawalRecord.Field()
    waste_collector_create = WasteCollectorCreate.Field()
    waste_sale_record = WasteSaleRecord.Field()
    waste_stock_count_record = WasteStockCountRecord.Field()
