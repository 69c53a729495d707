from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation, enum_value
from sokoguru.graphql.meetings.types import DinasReportStatus, DinasReportType, pk_of
from sokoguru.tenants.meetings import services


class DinasReportStatusSetInput(graphene.InputObjectType):
    meeting_id = graphene.ID(required=True)
    status = DinasReportStatus(required=True)
    on = graphene.Date(required=True)
    note = graphene.String()


class DinasReportStatusSet(BaseMutation):
    """The dinas's answer to the RAT report."""

    report = graphene.Field(DinasReportType)

    class Arguments:
        input = DinasReportStatusSetInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        report = services.dinas_report_status_set(
            meeting_id=pk_of(input.meeting_id, "Meeting", field="meeting_id"),
            status=enum_value(input.status),
            on=input.on,
            note=input.note or "",
            changed_by_id=user.pk,
        )
        return {"report": report}
