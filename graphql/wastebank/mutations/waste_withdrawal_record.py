from __future__ import annotations

import graphene

from sokoguru.graphql.core.ids import decode_id
from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation, Money, enum_value
from sokoguru.graphql.wastebank.types import (
    WasteCustomerType,
    WasteWithdrawalKind,
    WasteWithdrawalType,
)
from sokoguru.tenants.wastebank.services import withdrawal_record


class WasteWithdrawalRecordInput(graphene.InputObjectType):
    customer_id = graphene.ID(required=True)
    kind = WasteWithdrawalKind(required=True, description="Non-members: CASH only")
    amount = Money(required=True)
    date = graphene.Date(required=True)
    idempotency_key = graphene.String(required=True)


class WasteWithdrawalRecord(BaseMutation):
    """Pay waste savings out in cash, or move a member's into sukarela / wajib."""

    withdrawal = graphene.Field(WasteWithdrawalType)
    customer = graphene.Field(WasteCustomerType)

    class Arguments:
        input = WasteWithdrawalRecordInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        withdrawal = withdrawal_record(
            customer_id=decode_id(input.customer_id, "WasteCustomer", field="customer_id"),
            kind=enum_value(input.kind),
            amount=input.amount,
            date=input.date,
            idempotency_key=input.idempotency_key,
            created_by_id=user.pk,
        )
        return {"withdrawal": withdrawal, "customer": withdrawal.customer}
