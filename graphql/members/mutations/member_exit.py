from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import BaseMutation, enum_value
from sokoguru.graphql.members.roles import EXIT_ROLES
from sokoguru.graphql.members.types import (
    ExitReason,
    ExitSettlementType,
    MemberType,
    member_pk,
)
from sokoguru.tenants.workflows.member_exit import member_exit


class MemberExitInput(graphene.InputObjectType):
    member_id = graphene.ID(required=True)
    date = graphene.Date(required=True)
    reason = ExitReason(required=True)
    note = graphene.String()
    paid_from = graphene.String(description='"1101" (kas, default) or "1102" (bank)')


class MemberExit(BaseMutation):
    """Approve a member's exit (bendahara or ketua): savings refunded minus loans owed, posted,
    with a settlement statement."""

    settlement = graphene.Field(ExitSettlementType)
    member = graphene.Field(MemberType)

    class Arguments:
        input = MemberExitInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_roles(info, EXIT_ROLES)
        kwargs = {}
        if input.paid_from:
            kwargs["paid_from"] = input.paid_from
        settlement = member_exit(
            member_id=member_pk(input.member_id),
            date=input.date,
            reason=enum_value(input.reason),
            note=input.note or "",
            created_by_id=user.pk,
            **kwargs,
        )
        return {"settlement": settlement, "member": settlement.member}
