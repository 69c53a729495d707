from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.meetings.types import MeetingType, pk_of
from sokoguru.tenants.meetings import services


class MeetingDocumentsReadyInput(graphene.InputObjectType):
    meeting_id = graphene.ID(required=True)
    ready_on = graphene.Date(required=True)


class MeetingDocumentsReady(BaseMutation):
    """The agenda and annual report are available to members from a date."""

    meeting = graphene.Field(MeetingType)

    class Arguments:
        input = MeetingDocumentsReadyInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        meeting = services.meeting_documents_ready(
            meeting_id=pk_of(input.meeting_id, "Meeting", field="meeting_id"),
            ready_on=input.ready_on,
            marked_by_id=user.pk,
        )
        return {"meeting": meeting}
