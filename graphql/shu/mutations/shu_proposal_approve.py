from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.shu.mutations._common import (
    acting_user_id,
    proposal_id_of,
    proposal_payload,
)
from sokoguru.graphql.shu.types import ShuProposalType
from sokoguru.tenants.shu.services import shu_proposal_approve


class ShuProposalApprove(BaseMutation):
    """Record the RAT decision on the proposal: its date and reference (ketua or sekretaris)."""

    proposal = graphene.Field(ShuProposalType)

    class Arguments:
        proposal_id = graphene.ID(required=True)
        decided_on = graphene.Date(required=True)
        reference = graphene.String(required=True)

    @classmethod
    def perform(cls, root, info, proposal_id, decided_on, reference):
        proposal = shu_proposal_approve(
            proposal_id=proposal_id_of(proposal_id),
            decided_on=decided_on,
            reference=reference,
            approved_by_id=acting_user_id(info),
        )
        return proposal_payload(proposal.pk)
