from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.meetings.types import DinasReportType, pk_of
from sokoguru.tenants.meetings import services


class DinasReportSubmitInput(graphene.InputObjectType):
    meeting_id = graphene.ID(required=True)
    submitted_on = graphene.Date(required=True)
    reference = graphene.String(required=True)


class DinasReportSubmit(BaseMutation):
    """The RAT report sent to the dinas (within one month of the meeting)."""

    report = graphene.Field(DinasReportType)

    class Arguments:
        input = DinasReportSubmitInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        report = services.dinas_report_submit(
            meeting_id=pk_of(input.meeting_id, "Meeting", field="meeting_id"),
            submitted_on=input.submitted_on,
            reference=input.reference,
            submitted_by_id=user.pk,
        )
        return {"report": report}
