"""Writes of the waste bank, one module per entity; every name is importable from here."""

from sokoguru.tenants.wastebank.services.catalogue import (
    DEFAULT_CATALOGUE,
    DEFAULT_PRICES_FROM,
    category_create,
    item_create,
    price_set,
    wastebank_install,
)
from sokoguru.tenants.wastebank.services.customers import customer_register, customer_update
from sokoguru.tenants.wastebank.services.deposits import (
    deposit_price,
    deposit_record,
    deposit_reverse,
    weighing_day_record,
)
from sokoguru.tenants.wastebank.services.stock import (
    collector_create,
    sale_record,
    stock_count_record,
)
from sokoguru.tenants.wastebank.services.withdrawals import withdrawal_record

__all__ = [
    "DEFAULT_CATALOGUE",
    "DEFAULT_PRICES_FROM",
    "category_create",
    "collector_create",
    "customer_register",
    "customer_update",
    "deposit_price",
    "deposit_record",
    "deposit_reverse",
    "item_create",
    "price_set",
    "sale_record",
    "stock_count_record",
    "wastebank_install",
    "weighing_day_record",
    "withdrawal_record",
]
