from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation, enum_value
from sokoguru.graphql.meetings.types import MeetingMode, MeetingType, pk_of
from sokoguru.tenants.meetings import services


class MeetingSecondCallInput(graphene.InputObjectType):
    meeting_id = graphene.ID(required=True)
    date = graphene.Date(required=True)
    place = graphene.String()
    mode = MeetingMode()
    online_link = graphene.String()


class MeetingSecondCall(BaseMutation):
    """The second call of a postponed meeting, per the by-laws."""

    meeting = graphene.Field(MeetingType)

    class Arguments:
        input = MeetingSecondCallInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        meeting = services.meeting_second_call(
            meeting_id=pk_of(input.meeting_id, "Meeting", field="meeting_id"),
            date=input.date,
            place=input.place,
            mode=enum_value(input.mode),
            online_link=input.online_link,
            created_by_id=user.pk,
        )
        return {"meeting": meeting}
