from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.meetings.types import AgendaItemType, pk_of
from sokoguru.tenants.meetings import services


class AgendaItemAddInput(graphene.InputObjectType):
    meeting_id = graphene.ID(required=True)
    title = graphene.String(required=True)
    description = graphene.String()


class AgendaItemAdd(BaseMutation):
    """Add a free item to the agenda before the meeting."""

    item = graphene.Field(AgendaItemType)

    class Arguments:
        input = AgendaItemAddInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        item = services.agenda_item_add(
            meeting_id=pk_of(input.meeting_id, "Meeting", field="meeting_id"),
            title=input.title,
            description=input.description or "",
            added_by_id=user.pk,
        )
        return {"item": item}
