from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.meetings.types import MeetingType, pk_of
from sokoguru.tenants.meetings import services


class MeetingInviteInput(graphene.InputObjectType):
    meeting_id = graphene.ID(required=True)
    invited_on = graphene.Date(required=True)


class MeetingInvite(BaseMutation):
    """Send the invitation to every member with voting rights (WhatsApp, email, log)."""

    meeting = graphene.Field(MeetingType)
    sent = graphene.Int()
    skipped = graphene.Int()
    failed = graphene.Int()
    warnings = graphene.List(graphene.NonNull(graphene.String))

    class Arguments:
        input = MeetingInviteInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        result = services.meeting_invite(
            meeting_id=pk_of(input.meeting_id, "Meeting", field="meeting_id"),
            invited_on=input.invited_on,
            invited_by_id=user.pk,
        )
        return {
            "meeting": result.meeting,
            "sent": result.sent,
            "skipped": result.skipped,
            "failed": result.failed,
            "warnings": result.warnings,
        }
