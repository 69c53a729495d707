from __future__ import annotations

import graphene

from sokoguru.graphql.core.ids import decode_id
from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.wastebank.types import WasteCustomerType
from sokoguru.tenants.wastebank.services import customer_update


class WasteCustomerUpdateInput(graphene.InputObjectType):
    customer_id = graphene.ID(required=True)
    name = graphene.String()
    rt = graphene.String()
    rw = graphene.String()
    phone = graphene.String()
    active = graphene.Boolean()


class WasteCustomerUpdate(BaseMutation):
    """Change a customer's name, RT/RW, phone or active flag (desk roles)."""

    customer = graphene.Field(WasteCustomerType)

    class Arguments:
        input = WasteCustomerUpdateInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        customer = customer_update(
            customer_id=decode_id(input.customer_id, "WasteCustomer", field="customer_id"),
            name=input.name,
            rt=input.rt,
            rw=input.rw,
            phone=input.phone,
            active=input.active,
            updated_by_id=user.pk,
        )
        return {"customer": customer}
