from __future__ import annotations

import graphene

from sokoguru.graphql.core.ids import decode_id
from sokoguru.graphql.core.types import BaseMutation, Money, enum_value
from sokoguru.graphql.shu.mutations._common import acting_user_id, proposal_id_of
from sokoguru.graphql.shu.types import ShuPayoutVia, ShuShareType
from sokoguru.tenants.shu.services import shu_payout


class ShuPayout(BaseMutation):
    """Pay members their distributed SHU into sukarela or in cash/bank (bendahara or kasir):
    every unpaid share by default, or the members given."""

    paid = graphene.List(graphene.NonNull(ShuShareType))
    skipped = graphene.List(
        graphene.NonNull(ShuShareType), description="Members who left: pay them in cash or bank"
    )
    total = Money()

    class Arguments:
        proposal_id = graphene.ID(required=True)
        paid_on = graphene.Date(required=True)
        via = ShuPayoutVia(description="By-laws default when omitted")
        member_ids = graphene.List(graphene.NonNull(graphene.ID))

    @classmethod
    def perform(cls, root, info, proposal_id, paid_on, via=None, member_ids=None):
        result = shu_payout(
            proposal_id=proposal_id_of(proposal_id),
            paid_on=paid_on,
            paid_by_id=acting_user_id(info),
            via=enum_value(via),
            member_ids=[decode_id(m, "Member", field="member_ids") for m in member_ids]
            if member_ids is not None
            else None,
        )
        return result
