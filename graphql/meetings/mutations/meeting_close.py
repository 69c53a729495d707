from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.meetings.types import MeetingType, pk_of
from sokoguru.graphql.members.types import member_pk
from sokoguru.tenants.meetings import services


class MeetingCloseInput(graphene.InputObjectType):
    meeting_id = graphene.ID(required=True)
    chair_id = graphene.ID(required=True)
    secretary_id = graphene.ID(required=True)


class MeetingClose(BaseMutation):
    """Close the meeting; names the chair and secretary who sign the minutes."""

    meeting = graphene.Field(MeetingType)

    class Arguments:
        input = MeetingCloseInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        meeting = services.meeting_close(
            meeting_id=pk_of(input.meeting_id, "Meeting", field="meeting_id"),
            chair_id=member_pk(input.chair_id, field="chair_id"),
            secretary_id=member_pk(input.secretary_id, field="secretary_id"),
            closed_by_id=user.pk,
        )
        return {"meeting": meeting}
