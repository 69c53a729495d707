from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation, enum_value
from sokoguru.graphql.meetings.types import MeetingType, MinutesSigner, pk_of
from sokoguru.tenants.meetings import services


class MinutesSignInput(graphene.InputObjectType):
    meeting_id = graphene.ID(required=True)
    signer = MinutesSigner(required=True)
    signed_on = graphene.Date(required=True)


class MinutesSign(BaseMutation):
    """Record the chair's or secretary's signature of the minutes."""

    meeting = graphene.Field(MeetingType)

    class Arguments:
        input = MinutesSignInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        meeting = services.minutes_sign(
            meeting_id=pk_of(input.meeting_id, "Meeting", field="meeting_id"),
            signer=enum_value(input.signer),
            signed_on=input.signed_on,
            signed_by_id=user.pk,
        )
        return {"meeting": meeting}
