from __future__ import annotations

import graphene

from sokoguru.graphql.core.ids import decode_id
from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.wastebank.types import WasteDepositType
from sokoguru.tenants.wastebank.services import deposit_reverse


class WasteDepositReverseInput(graphene.InputObjectType):
    deposit_id = graphene.ID(required=True)
    date = graphene.Date(required=True)
    reason = graphene.String(required=True)


class WasteDepositReverse(BaseMutation):
    """Cancel a deposit by reversal (ketua, bendahara)."""

    deposit = graphene.Field(WasteDepositType)

    class Arguments:
        input = WasteDepositReverseInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        deposit = deposit_reverse(
            deposit_id=decode_id(input.deposit_id, "WasteDeposit", field="deposit_id"),
            date=input.date,
            reason=input.reason,
            reversed_by_id=user.pk,
        )
        return {"deposit": deposit}
