from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.shu.mutations._common import acting_user_id, proposal_payload
from sokoguru.graphql.shu.types import ShuProposalType
from sokoguru.tenants.shu.services import shu_proposal_create


class ShuProposalCreate(BaseMutation):
    """Propose the SHU of a closed fiscal year to the RAT (ketua or bendahara)."""

    proposal = graphene.Field(ShuProposalType)

    class Arguments:
        fiscal_year = graphene.Int(required=True)

    @classmethod
    def perform(cls, root, info, fiscal_year):
        proposal = shu_proposal_create(fiscal_year=fiscal_year, proposed_by_id=acting_user_id(info))
        return proposal_payload(proposal.pk)
