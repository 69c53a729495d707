from __future__ import annotations

import graphene

from sokoguru.graphql.core.ids import decode_id
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.production.mutations._common import acting_user_id
from sokoguru.graphql.production.types import ProductType
from sokoguru.tenants.production.permissions import CATALOGUE_ROLES
from sokoguru.tenants.production.services import product_update


class ProductPublish(BaseMutation):
    """Show (or hide) a product in the public catalogue."""

    product = graphene.Field(ProductType)

    class Arguments:
        product_id = graphene.ID(required=True)
        published = graphene.Boolean(required=True)

    @classmethod
    def perform(cls, root, info, product_id, published):
        product = product_update(
            product_id=decode_id(product_id, "Product", field="product_id"),
            is_published=published,
            updated_by_id=acting_user_id(info, CATALOGUE_ROLES),
        )
        return {"product": product}
