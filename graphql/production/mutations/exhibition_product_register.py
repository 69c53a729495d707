from __future__ import annotations

import graphene
from django.db import connection

from sokoguru.federation.catalogue.services import exhibition_invitation_check
from sokoguru.graphql.core.ids import decode_id
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.production.mutations._common import acting_user_id
from sokoguru.tenants.production.permissions import CATALOGUE_ROLES
from sokoguru.tenants.production.services import exhibition_entry_register


class ExhibitionProductRegister(BaseMutation):
    """Bring a product and some of its stock to a kelurahan exhibition this cooperative is
    invited to."""

    quantity = graphene.Decimal()

    class Arguments:
        exhibition_id = graphene.Int(required=True)
        product_id = graphene.ID(required=True)
        quantity = graphene.Decimal(required=True)

    @classmethod
    def perform(cls, root, info, exhibition_id, product_id, quantity):
        user_id = acting_user_id(info, CATALOGUE_ROLES)
        # The invitation lives in the public schema (the registry tables are shared).
        exhibition_invitation_check(
            exhibition_id=exhibition_id, cooperative_id=connection.tenant.pk
        )
        entry = exhibition_entry_register(
            exhibition_id=exhibition_id,
            product_id=decode_id(product_id, "Product", field="product_id"),
            quantity=quantity,
            registered_by_id=user_id,
        )
        return {"quantity": entry.quantity}
