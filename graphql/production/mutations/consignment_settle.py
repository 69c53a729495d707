from __future__ import annotations

import graphene

from sokoguru.graphql.core.ids import decode_id
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.production.mutations._common import acting_user_id
from sokoguru.graphql.production.types import SettlementType
from sokoguru.tenants.production.permissions import SETTLEMENT_ROLES
from sokoguru.tenants.production.services import consignment_settle


class ConsignmentSettleInput(graphene.InputObjectType):
    member_id = graphene.ID(required=True)
    date = graphene.Date(required=True)
    idempotency_key = graphene.String(required=True)


class ConsignmentSettle(BaseMutation):
    """Pay a consignor what their unsettled consignment sales left them."""

    settlement = graphene.Field(SettlementType)

    class Arguments:
        input = ConsignmentSettleInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        settlement = consignment_settle(
            member_id=decode_id(input.member_id, "Member", field="member_id"),
            date=input.date,
            idempotency_key=input.idempotency_key,
            settled_by_id=acting_user_id(info, SETTLEMENT_ROLES),
        )
        return {"settlement": settlement}
