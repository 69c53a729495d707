from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import BaseMutation, enum_value
from sokoguru.graphql.members.roles import OFFICER_ROLES
from sokoguru.graphql.members.types import OfficerRole, OfficerType, member_pk
from sokoguru.tenants.members.services import officer_assign


class OfficerAssignInput(graphene.InputObjectType):
    member_id = graphene.ID(required=True)
    role = OfficerRole(required=True)
    term_start = graphene.Date(required=True)
    term_end = graphene.Date(required=True)
    decree = graphene.String(description="E.g. the RAT decision appointing the officer")


class OfficerAssign(BaseMutation):
    """Appoint a member as ketua, sekretaris, bendahara or pengawas (a new ketua replaces the
    serving one)."""

    officer = graphene.Field(OfficerType)

    class Arguments:
        input = OfficerAssignInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_roles(info, OFFICER_ROLES)
        officer = officer_assign(
            member_id=member_pk(input.member_id),
            role=enum_value(input.role),
            term_start=input.term_start,
            term_end=input.term_end,
            decree=input.decree or "",
            created_by_id=user.pk,
        )
        return {"officer": officer}
