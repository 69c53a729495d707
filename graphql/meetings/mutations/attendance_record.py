from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation, enum_value
from sokoguru.graphql.meetings.types import AttendanceMode, AttendanceType, MeetingType, pk_of
from sokoguru.graphql.members.types import member_pk
from sokoguru.tenants.meetings import services


class AttendanceRecordInput(graphene.InputObjectType):
    meeting_id = graphene.ID(required=True)
    member_id = graphene.ID(required=True)
    mode = AttendanceMode(required=True)
    proxy_holder_id = graphene.ID()
    vote_weight = graphene.Decimal(description="Only where the by-laws weight votes")


class AttendanceRecord(BaseMutation):
    """A member present in person, online or by proxy."""

    attendance = graphene.Field(AttendanceType)
    meeting = graphene.Field(MeetingType)

    class Arguments:
        input = AttendanceRecordInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        attendance = services.attendance_record(
            meeting_id=pk_of(input.meeting_id, "Meeting", field="meeting_id"),
            member_id=member_pk(input.member_id),
            mode=enum_value(input.mode),
            proxy_holder_id=member_pk(input.proxy_holder_id, field="proxy_holder_id")
            if input.proxy_holder_id
            else None,
            vote_weight=input.vote_weight,
            recorded_by_id=user.pk,
        )
        return {"attendance": attendance, "meeting": attendance.meeting}
