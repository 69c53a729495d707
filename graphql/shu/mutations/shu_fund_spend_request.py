from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import BaseMutation, Money, enum_value
from sokoguru.graphql.shu.mutations._common import acting_user_id
from sokoguru.graphql.shu.types import ShuFund, ShuFundMovementType
from sokoguru.tenants.shu.services import shu_fund_spend_request


class ShuFundSpendRequest(BaseMutation):
    """Ask to spend from a fund (another officer approves)."""

    movement = graphene.Field(ShuFundMovementType)

    class Arguments:
        fund = ShuFund(required=True)
        amount = Money(required=True)
        date = graphene.Date(required=True)
        purpose = graphene.String(required=True)
        pay_from = graphene.String(description="cash (default) or bank")

    @classmethod
    def perform(cls, root, info, fund, amount, date, purpose, pay_from=None):
        movement = shu_fund_spend_request(
            fund=enum_value(fund),
            amount=amount,
            date=date,
            purpose=purpose,
            pay_from=pay_from or "cash",
            requested_by_id=acting_user_id(info),
        )
        return {"movement": movement}
