from __future__ import annotations

import graphene

from sokoguru.graphql.core.fields import ConnectionField
from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import enum_value
from sokoguru.graphql.meetings.mutations.agenda_item_add import AgendaItemAdd
from sokoguru.graphql.meetings.mutations.agenda_shu_proposal_link import AgendaShuProposalLink
from sokoguru.graphql.meetings.mutations.attendance_record import AttendanceRecord
from sokoguru.graphql.meetings.mutations.decision_record import DecisionRecord
from sokoguru.graphql.meetings.mutations.dinas_report_status_set import DinasReportStatusSet
from sokoguru.graphql.meetings.mutations.dinas_report_submit import DinasReportSubmit
from sokoguru.graphql.meetings.mutations.election_record import ElectionRecord
from sokoguru.graphql.meetings.mutations.meeting_close import MeetingClose
from sokoguru.graphql.meetings.mutations.meeting_create import MeetingCreate
from sokoguru.graphql.meetings.mutations.meeting_documents_ready import MeetingDocumentsReady
from sokoguru.graphql.meetings.mutations.meeting_invite import MeetingInvite
from sokoguru.graphql.meetings.mutations.meeting_open import MeetingOpen
from sokoguru.graphql.meetings.mutations.meeting_second_call import MeetingSecondCall
from sokoguru.graphql.meetings.mutations.minutes_sign import MinutesSign
from sokoguru.graphql.meetings.mutations.rapb_record import RapbRecord
from sokoguru.graphql.meetings.types import (
    BudgetLineActualType,
    MeetingKind,
    MeetingType,
    pk_of,
)
from sokoguru.tenants.meetings import selectors
from sokoguru.tenants.meetings.permissions import READ_ROLES


class MeetingQueries(graphene.ObjectType):
    meetings = ConnectionField(MeetingType, kind=MeetingKind(), fiscal_year=graphene.Int())
    meeting = graphene.Field(MeetingType, id=graphene.ID(required=True))
    budget_vs_actual = graphene.List(
        graphene.NonNull(BudgetLineActualType),
        required=True,
        fiscal_year=graphene.Int(required=True),
        description="The RAPB of a year next to the year's actual figures from the ledger.",
    )

    @staticmethod
    def resolve_meetings(root, info, kind=None, fiscal_year=None, **kwargs):
        require_roles(info, READ_ROLES)
        return selectors.meeting_list(kind=enum_value(kind), fiscal_year=fiscal_year)

    @staticmethod
    def resolve_meeting(root, info, id):
        require_roles(info, READ_ROLES)
        return selectors.meeting_get(meeting_id=pk_of(id, "Meeting", field="id"))

    @staticmethod
    def resolve_budget_vs_actual(root, info, fiscal_year):
        require_roles(info, READ_ROLES)
        return [
            BudgetLineActualType(**line)
            for line in selectors.budget_vs_actual(fiscal_year=fiscal_year)
        ]


class MeetingMutations(graphene.ObjectType):
    meeting_create = MeetingCreate.Field()
    agenda_item_add = AgendaItemAdd.Field()
    agenda_shu_proposal_link = AgendaShuProposalLink.Field()
    meeting_documents_ready = MeetingDocumentsReady.Field()
    meeting_invite = MeetingInvite.Field()
    attendance_record = AttendanceRecord.Field()
    meeting_open = MeetingOpen.Field()
    meeting_second_call = MeetingSecondCall.Field()
    decision_record = DecisionRecord.Field()
    election_record = ElectionRecord.Field()
    rapb_record = RapbRecord.Field()
    meeting_close = MeetingClose.Field()
    minutes_sign = MinutesSign.Field()
    dinas_report_submit = DinasReportSubmit.Field()
    dinas_report_status_set = DinasReportStatusSet.Field()
