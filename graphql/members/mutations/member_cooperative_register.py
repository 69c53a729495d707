from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError

from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.members.roles import REGISTER_ROLES
from sokoguru.graphql.members.types import MemberType
from sokoguru.platform.tenancy.selectors import cooperative_get
from sokoguru.tenants.members.services import member_register_cooperative


class MemberCooperativeRegisterInput(graphene.InputObjectType):
    cooperative_slug = graphene.String(required=True, description="Registry slug of the primary")
    joined_on = graphene.Date(required=True)
    phone = graphene.String()
    address = graphene.String()


class MemberCooperativeRegister(BaseMutation):
    """In a koperasi sekunder: register a primary cooperative as a member."""

    member = graphene.Field(MemberType)

    class Arguments:
        input = MemberCooperativeRegisterInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_roles(info, REGISTER_ROLES)
        cooperative = cooperative_get(slug=(input.cooperative_slug or "").strip().lower())
        if cooperative is None:
            raise ValidationError(
                {"cooperative_slug": "Koperasi tidak ditemukan di registri. / Unknown."}
            )
        member = member_register_cooperative(
            cooperative_id=cooperative.pk,
            joined_on=input.joined_on,
            phone=input.phone or "",
            address=input.address or "",
            created_by_id=user.pk,
        )
        return {"member": member}
