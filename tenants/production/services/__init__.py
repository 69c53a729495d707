"""Writes of the production app (one module per entity); import them from here."""

from sokoguru.tenants.production.services.businesses import (
    business_create,
    business_update,
    output_record,
)
from sokoguru.tenants.production.services.catalogue import (
    product_create,
    product_photo_set,
    product_price_set,
    product_update,
    stock_adjust,
    stock_in,
)
from sokoguru.tenants.production.services.exhibitions import exhibition_entry_register
from sokoguru.tenants.production.services.sales import consignment_settle, sale_record

__all__ = [
    "business_create",
    "business_update",
    "consignment_settle",
    "exhibition_entry_register",
    "output_record",
    "product_create",
    "product_photo_set",
    "product_price_set",
    "product_update",
    "sale_record",
    "stock_adjust",
    "stock_in",
]
