from __future__ import annotations

import graphene

from sokoguru.graphql.core.ids import decode_id
from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.wastebank.types import (
    WasteDepositType,
    WasteLineInput,
    item_lines,
)
from sokoguru.tenants.wastebank.services import deposit_record


class WasteDepositRecordInput(graphene.InputObjectType):
    customer_id = graphene.ID(required=True)
    date = graphene.Date(required=True)
    lines = graphene.List(graphene.NonNull(WasteLineInput), required=True)
    idempotency_key = graphene.String(
        required=True, description="Client-chosen key: a retry with the same key posts nothing"
    )
    note = graphene.String()


class WasteDepositRecord(BaseMutation):
    """Record a weighing session; its value is credited to the customer's waste savings."""

    deposit = graphene.Field(WasteDepositType)

    class Arguments:
        input = WasteDepositRecordInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        deposit = deposit_record(
            customer_id=decode_id(input.customer_id, "WasteCustomer", field="customer_id"),
            date=input.date,
            lines=item_lines(input.lines),
            idempotency_key=input.idempotency_key,
            note=input.note or "",
            created_by_id=user.pk,
        )
        return {"deposit": deposit}
