from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError
from graphene_django import DjangoObjectType

from sokoguru.graphql.core.ids import Node, id_to_pk
from sokoguru.graphql.core.types import CountableConnection, Money
from sokoguru.graphql.members.types import MemberType
from sokoguru.tenants.meetings import selectors
from sokoguru.tenants.meetings.models import (
    AgendaItem,
    Attendance,
    BudgetLine,
    Decision,
    DinasReport,
    ElectionResult,
    Meeting,
)


def _enum(name: str, choices, description: str = ""):
    return graphene.Enum(
        name, [(value.upper(), value) for value, _label in choices], description=description
    )


MeetingKind = _enum("MeetingKind", Meeting.Kind.choices)
MeetingMode = _enum("MeetingMode", Meeting.Mode.choices)
MeetingStatus = _enum("MeetingStatus", Meeting.Status.choices)
AgendaItemKind = _enum("AgendaItemKind", AgendaItem.Kind.choices)
AttendanceMode = _enum("AttendanceMode", Attendance.Mode.choices)
DecisionMethod = _enum("DecisionMethod", Decision.Method.choices)
DecisionOutcome = _enum("DecisionOutcome", Decision.Outcome.choices)
DinasReportStatus = _enum("DinasReportStatus", DinasReport.Status.choices)
BudgetLineKind = _enum("BudgetLineKind", BudgetLine.Kind.choices)
MinutesSigner = graphene.Enum("MinutesSigner", [("CHAIR", "chair"), ("SECRETARY", "secretary")])


def pk_of(value, type_name: str, *, field: str) -> int:
    pk = id_to_pk(value, type_name)
    if pk is None:
        raise ValidationError({field: "ID tidak valid. / Invalid ID."})
    return pk


class QuorumType(graphene.ObjectType):
    class Meta:
        name = "MeetingQuorum"

    eligible = graphene.Int(required=True, description="Members with voting rights")
    in_person = graphene.Int(required=True)
    online = graphene.Int(required=True)
    proxy = graphene.Int(required=True)
    present = graphene.Int(required=True)
    required = graphene.Int(required=True)
    reached = graphene.Boolean(required=True)
    missing = graphene.Int(required=True)
    vote_weight = graphene.Decimal(required=True)


class ElectionResultType(DjangoObjectType):
    member = graphene.Field(MemberType, required=True)
    votes = graphene.Decimal(required=True)
    officer_id = graphene.ID()

    class Meta:
        model = ElectionResult
        name = "ElectionResult"
        fields = ("role", "term_start", "term_end")


class DecisionType(DjangoObjectType):
    method = graphene.Field(DecisionMethod, required=True)
    outcome = graphene.Field(DecisionOutcome, required=True)
    votes_for = graphene.Decimal(required=True)
    votes_against = graphene.Decimal(required=True)
    votes_abstain = graphene.Decimal(required=True)
    shu_proposal_id = graphene.Int()
    elected = graphene.List(graphene.NonNull(ElectionResultType), required=True)

    class Meta:
        model = Decision
        name = "MeetingDecision"
        fields = ("number", "text", "decided_on", "shu_recorded_at")

    @staticmethod
    def resolve_method(root, info):
        return str(root.method)

    @staticmethod
    def resolve_outcome(root, info):
        return str(root.outcome)

    @staticmethod
    def resolve_elected(root, info):
        return list(root.elected.all())


class AgendaItemType(DjangoObjectType):
    kind = graphene.Field(AgendaItemKind, required=True)
    shu_proposal_id = graphene.Int()
    decision = graphene.Field(DecisionType)

    class Meta:
        model = AgendaItem
        name = "AgendaItem"
        interfaces = (Node,)
        fields = ("position", "title", "description")

    @staticmethod
    def resolve_kind(root, info):
        return str(root.kind)

    @staticmethod
    def resolve_decision(root, info):
        return getattr(root, "decision", None)


class AttendanceType(DjangoObjectType):
    mode = graphene.Field(AttendanceMode, required=True)
    member = graphene.Field(MemberType, required=True)
    proxy_holder = graphene.Field(MemberType)
    vote_weight = graphene.Decimal(required=True)

    class Meta:
        model = Attendance
        name = "MeetingAttendance"
        fields = ("recorded_at",)

    @staticmethod
    def resolve_mode(root, info):
        return str(root.mode)


class DinasReportType(DjangoObjectType):
    status = graphene.Field(DinasReportStatus, required=True)

    class Meta:
        model = DinasReport
        name = "DinasReport"
        fields = ("submitted_on", "reference", "status_changed_on", "note")

    @staticmethod
    def resolve_status(root, info):
        return str(root.status)


class BudgetLineActualType(graphene.ObjectType):
    class Meta:
        name = "BudgetLineActual"

    kind = graphene.Field(BudgetLineKind, required=True)
    account_code = graphene.String(required=True)
    label = graphene.String(required=True)
    budget = Money(required=True)
    actual = Money(required=True)
    difference = Money(required=True)


class MeetingType(DjangoObjectType):
    kind = graphene.Field(MeetingKind, required=True)
    mode = graphene.Field(MeetingMode, required=True)
    status = graphene.Field(MeetingStatus, required=True)
    agenda = graphene.List(graphene.NonNull(AgendaItemType), required=True)
    attendance = graphene.List(graphene.NonNull(AttendanceType), required=True)
    quorum = graphene.Field(QuorumType, required=True, description="Live quorum")
    dinas_report = graphene.Field(DinasReportType)
    minutes_signed = graphene.Boolean(required=True)
    first_call = graphene.Field(lambda: MeetingType)

    class Meta:
        model = Meeting
        name = "Meeting"
        interfaces = (Node,)
        connection_class = CountableConnection
        fields = (
            "fiscal_year",
            "date",
            "place",
            "online_link",
            "call_number",
            "documents_ready_on",
            "invited_on",
            "members_eligible",
            "quorum_required",
            "attendance_at_opening",
            "quorum_reached",
            "chair",
            "secretary",
            "chair_signed_on",
            "secretary_signed_on",
            "notes",
        )

    @staticmethod
    def resolve_kind(root, info):
        return str(root.kind)

    @staticmethod
    def resolve_mode(root, info):
        return str(root.mode)

    @staticmethod
    def resolve_status(root, info):
        return str(root.status)

    @staticmethod
    def resolve_agenda(root, info):
        return list(
            selectors.agenda_list(meeting_id=root.pk)
            .select_related("decision")
            .prefetch_related("decision__elected__member")
        )

    @staticmethod
    def resolve_attendance(root, info):
        return list(selectors.attendance_list(meeting_id=root.pk))

    @staticmethod
    def resolve_quorum(root, info):
        q = selectors.quorum_status(meeting_id=root.pk)
        return QuorumType(
            eligible=q.eligible,
            in_person=q.in_person,
            online=q.online,
            proxy=q.proxy,
            present=q.present,
            required=q.required,
            reached=q.reached,
            missing=q.missing,
            vote_weight=q.vote_weight,
        )

    @staticmethod
    def resolve_dinas_report(root, info):
        return DinasReport.objects.filter(meeting_id=root.pk).first()
