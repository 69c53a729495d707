from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import BaseMutation, Money
from sokoguru.graphql.members.roles import POST_ROLES
from sokoguru.graphql.members.types import MemberType, member_pk
from sokoguru.graphql.savings.types import SavingsMovementType
from sokoguru.tenants.savings.services import pokok_pay


class PokokPayInput(graphene.InputObjectType):
    member_id = graphene.ID(required=True)
    date = graphene.Date(required=True)
    amount = Money(description="Must equal the by-laws' simpanan pokok (checked when given)")
    idempotency_key = graphene.String()


class PokokPay(BaseMutation):
    """Record the simpanan pokok payment; the member becomes active."""

    movement = graphene.Field(SavingsMovementType)
    member = graphene.Field(MemberType)

    class Arguments:
        input = PokokPayInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_roles(info, POST_ROLES)
        movement = pokok_pay(
            member_id=member_pk(input.member_id),
            date=input.date,
            amount=input.amount,
            idempotency_key=input.idempotency_key,
            created_by_id=user.pk,
        )
        movement.member.refresh_from_db()
        return {"movement": movement, "member": movement.member}
