from __future__ import annotations

import graphene

from sokoguru.graphql.core.ids import decode_id
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.shu.mutations._common import acting_user_id
from sokoguru.graphql.shu.types import ShuFundMovementType
from sokoguru.tenants.shu.services import shu_fund_spend_approve


class ShuFundSpendApprove(BaseMutation):
    """Approve and post a fund spending (not the requester; never beyond the fund's balance)."""

    movement = graphene.Field(ShuFundMovementType)

    class Arguments:
        movement_id = graphene.ID(required=True)

    @classmethod
    def perform(cls, root, info, movement_id):
        movement = shu_fund_spend_approve(
            movement_id=decode_id(movement_id, "ShuFundMovement", field="movement_id"),
            approved_by_id=acting_user_id(info),
        )
        return {"movement": movement}
