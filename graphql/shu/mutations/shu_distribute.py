from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.shu.mutations._common import (
    acting_user_id,
    proposal_id_of,
    proposal_payload,
)
from sokoguru.graphql.shu.types import ShuProposalType
from sokoguru.tenants.shu.services import shu_distribute


class ShuDistribute(BaseMutation):
    """Post the approved SHU (ketua or bendahara, not the proposer)."""

    proposal = graphene.Field(ShuProposalType)

    class Arguments:
        proposal_id = graphene.ID(required=True)
        distributed_on = graphene.Date(required=True)

    @classmethod
    def perform(cls, root, info, proposal_id, distributed_on):
        proposal = shu_distribute(
            proposal_id=proposal_id_of(proposal_id),
            distributed_on=distributed_on,
            distributed_by_id=acting_user_id(info),
        )
        return proposal_payload(proposal.pk)
