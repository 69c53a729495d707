from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import BaseMutation, Money
from sokoguru.graphql.members.roles import POST_ROLES
from sokoguru.graphql.members.types import MemberType, member_pk
from sokoguru.graphql.savings.types import SavingsMovementType
from sokoguru.tenants.savings.services import sukarela_withdraw


class SukarelaWithdrawInput(graphene.InputObjectType):
    member_id = graphene.ID(required=True)
    amount = Money(required=True)
    date = graphene.Date(required=True)
    idempotency_key = graphene.String(
        required=True, description="Client-chosen key: a retry with the same key posts nothing"
    )
    description = graphene.String()


class SukarelaWithdraw(BaseMutation):
    """Withdraw from simpanan sukarela (refused beyond the balance)."""

    movement = graphene.Field(SavingsMovementType)
    member = graphene.Field(MemberType)

    class Arguments:
        input = SukarelaWithdrawInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_roles(info, POST_ROLES)
        movement = sukarela_withdraw(
            member_id=member_pk(input.member_id),
            amount=input.amount,
            date=input.date,
            idempotency_key=input.idempotency_key,
            description=input.description or "",
            created_by_id=user.pk,
        )
        movement.member.refresh_from_db()
        return {"movement": movement, "member": movement.member}
