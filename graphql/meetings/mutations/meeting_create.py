from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation, enum_value
from sokoguru.graphql.meetings.types import MeetingKind, MeetingMode, MeetingType
from sokoguru.tenants.meetings import services


class MeetingCreateInput(graphene.InputObjectType):
    kind = MeetingKind(required=True)
    fiscal_year = graphene.Int(required=True)
    date = graphene.Date(required=True)
    place = graphene.String(required=True)
    mode = MeetingMode(required=True)
    online_link = graphene.String()
    shu_proposal_id = graphene.Int(description="The SHU app's proposal for the fiscal year")


class MeetingCreate(BaseMutation):
    """Plan a RAT or RALB; a RAT gets the required agenda items."""

    meeting = graphene.Field(MeetingType)

    class Arguments:
        input = MeetingCreateInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        meeting = services.meeting_create(
            kind=enum_value(input.kind),
            fiscal_year=input.fiscal_year,
            date=input.date,
            place=input.place,
            mode=enum_value(input.mode),
            online_link=input.online_link or "",
            shu_proposal_id=input.shu_proposal_id,
            created_by_id=user.pk,
        )
        return {"meeting": meeting}
