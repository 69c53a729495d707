from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.meetings.types import AgendaItemType, pk_of
from sokoguru.tenants.meetings import services


class AgendaShuProposalLinkInput(graphene.InputObjectType):
    item_id = graphene.ID(required=True)
    shu_proposal_id = graphene.Int(required=True)


class AgendaShuProposalLink(BaseMutation):
    """Link the SHU item to the SHU app's proposal."""

    item = graphene.Field(AgendaItemType)

    class Arguments:
        input = AgendaShuProposalLinkInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        item = services.agenda_shu_proposal_link(
            item_id=pk_of(input.item_id, "AgendaItem", field="item_id"),
            shu_proposal_id=input.shu_proposal_id,
            linked_by_id=user.pk,
        )
        return {"item": item}
