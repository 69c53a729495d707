"""What the savings posting mutations share: the posting roles, the payload (the movement and
the member after it) and the standard inputs of a deposit or payment."""

from __future__ import annotations

from collections.abc import Callable

import graphene

from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import BaseMutation, Money
from sokoguru.graphql.members.roles import POST_ROLES
from sokoguru.graphql.members.types import MemberType, member_pk
from sokoguru.graphql.savings.types import SavingsMovementType
from sokoguru.tenants.savings.models import SavingsMovement


class SavingsPostingInput(graphene.InputObjectType):
    """Fields of a wajib payment or a sukarela deposit or withdrawal."""

    member_id = graphene.ID(required=True)
    amount = Money(required=True)
    date = graphene.Date(required=True)
    idempotency_key = graphene.String(
        required=True, description="Client-chosen key: a retry with the same key posts nothing"
    )
    description = graphene.String()

    class Meta:
        abstract = True


class SavingsPostingMutation(BaseMutation):
    """Posts one savings movement of a member and returns it with the member as it now stands.
    A subclass names its savings ``service``, or overrides ``post`` when its input differs from
    ``SavingsPostingInput``."""

    movement = graphene.Field(SavingsMovementType)
    member = graphene.Field(MemberType)

    service: Callable[..., SavingsMovement]

    class Meta:
        abstract = True

    @classmethod
    def post(cls, input, *, created_by_id: int) -> SavingsMovement:
        return cls.service(
            member_id=member_pk(input.member_id),
            amount=input.amount,
            date=input.date,
            idempotency_key=input.idempotency_key,
            description=input.description or "",
            created_by_id=created_by_id,
        )

    @classmethod
    def perform(cls, root, info, input):
        user = require_roles(info, POST_ROLES)
        movement = cls.post(input, created_by_id=user.pk)
        movement.member.refresh_from_db()
        return {"movement": movement, "member": movement.member}
