from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.members.roles import REGISTER_ROLES
from sokoguru.graphql.members.types import MemberType
from sokoguru.tenants.members.services import member_register


class MemberRegisterInput(graphene.InputObjectType):
    full_name = graphene.String(required=True)
    nik = graphene.String(required=True, description="NIK, 16 digits")
    joined_on = graphene.Date(required=True)
    nip = graphene.String(description="NIP (civil servants), 18 digits")
    address = graphene.String()
    rt = graphene.String()
    rw = graphene.String()
    phone = graphene.String(description="Indonesian number; stored as +62…")


class MemberRegister(BaseMutation):
    """Register a person as a member (inactive until the simpanan pokok is paid)."""

    member = graphene.Field(MemberType)

    class Arguments:
        input = MemberRegisterInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_roles(info, REGISTER_ROLES)
        member = member_register(
            full_name=input.full_name,
            nik=input.nik,
            joined_on=input.joined_on,
            nip=input.nip or "",
            address=input.address or "",
            rt=input.rt or "",
            rw=input.rw or "",
            phone=input.phone or "",
            created_by_id=user.pk,
        )
        return {"member": member}
