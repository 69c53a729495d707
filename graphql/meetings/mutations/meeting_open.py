from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.meetings.types import MeetingType, pk_of
from sokoguru.tenants.meetings import services


class MeetingOpenInput(graphene.InputObjectType):
    meeting_id = graphene.ID(required=True)


class MeetingOpen(BaseMutation):
    """Open the meeting if quorate; otherwise it is recorded as postponed."""

    meeting = graphene.Field(MeetingType)

    class Arguments:
        input = MeetingOpenInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        meeting = services.meeting_open(
            meeting_id=pk_of(input.meeting_id, "Meeting", field="meeting_id"), opened_by_id=user.pk
        )
        return {"meeting": meeting}
