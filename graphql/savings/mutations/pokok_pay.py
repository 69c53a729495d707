from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import Money
from sokoguru.graphql.members.types import member_pk
from sokoguru.graphql.savings.mutations.base import SavingsPostingMutation
from sokoguru.tenants.savings.models import SavingsMovement
from sokoguru.tenants.savings.services import pokok_pay


class PokokPayInput(graphene.InputObjectType):
    member_id = graphene.ID(required=True)
    date = graphene.Date(required=True)
    amount = Money(description="Must equal the by-laws' simpanan pokok (checked when given)")
    idempotency_key = graphene.String()


class PokokPay(SavingsPostingMutation):
    """Record the simpanan pokok payment; the member becomes active."""

    class Arguments:
        input = PokokPayInput(required=True)

    @classmethod
    def post(cls, input, *, created_by_id: int) -> SavingsMovement:
        return pokok_pay(
            member_id=member_pk(input.member_id),
            date=input.date,
            amount=input.amount,
            idempotency_key=input.idempotency_key,
            created_by_id=created_by_id,
        )
