from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.members.types import member_pk
from sokoguru.graphql.wastebank.types import WasteCustomerType
from sokoguru.tenants.wastebank.services import customer_register


class WasteCustomerRegisterInput(graphene.InputObjectType):
    member_id = graphene.ID(description="A member of the cooperative; empty for a household")
    name = graphene.String(description="Required for a non-member household")
    rt = graphene.String()
    rw = graphene.String()
    phone = graphene.String()


class WasteCustomerRegister(BaseMutation):
    """Open a waste savings book for a member or a non-member household (desk roles)."""

    customer = graphene.Field(WasteCustomerType)

    class Arguments:
        input = WasteCustomerRegisterInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        customer = customer_register(
            member_id=member_pk(input.member_id) if input.member_id else None,
            name=input.name or "",
            rt=input.rt or "",
            rw=input.rw or "",
            phone=input.phone or "",
            created_by_id=user.pk,
        )
        return {"customer": customer}
