from __future__ import annotations

import graphene

from sokoguru.graphql.core.ids import decode_id
from sokoguru.graphql.core.types import BaseMutation, enum_value
from sokoguru.graphql.production.mutations._common import acting_user_id
from sokoguru.graphql.production.types import ProductType, SaleChannel, SaleType
from sokoguru.tenants.production.permissions import SALE_ROLES
from sokoguru.tenants.production.services import sale_record


class ProductSaleRecordInput(graphene.InputObjectType):
    product_id = graphene.ID(required=True)
    quantity = graphene.Decimal(required=True)
    date = graphene.Date(required=True)
    channel = SaleChannel()
    exhibition_id = graphene.Int(description="For a sale at a kelurahan exhibition")
    idempotency_key = graphene.String(required=True, description="Same key twice = one sale")


class ProductSaleRecord(BaseMutation):
    """Sell a product through the cooperative (consignment or own stock); posted to the books."""

    sale = graphene.Field(SaleType)
    product = graphene.Field(ProductType)

    class Arguments:
        input = ProductSaleRecordInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        sale = sale_record(
            product_id=decode_id(input.product_id, "Product", field="product_id"),
            quantity=input.quantity,
            date=input.date,
            channel=enum_value(input.channel) or "direct",
            exhibition_id=input.exhibition_id,
            idempotency_key=input.idempotency_key,
            sold_by_id=acting_user_id(info, SALE_ROLES),
        )
        sale.product.refresh_from_db()
        return {"sale": sale, "product": sale.product}
