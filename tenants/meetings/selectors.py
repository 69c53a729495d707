"""Reads of the members' meetings: the record, the live quorum, officers whose terms end, the
last RAT for oversight, the budget against the books."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.selectors import bylaws_current
from sokoguru.tenants.ledger.fiscal import fiscal_year_bounds
from sokoguru.tenants.meetings.models import (
    AgendaItem,
    Attendance,
    BudgetPlan,
    Decision,
    Meeting,
)

ZERO = Decimal("0.00")
# Members with voting rights: current members not deactivated for arrears.
VOTING_STATUSES = ("active", "flagged")


def ledger_statements():
    """The ledger's statement functions (``balance_sheet``, ``income_statement``,
    ``cash_flow``, ``equity_changes``)."""
    from sokoguru.tenants.ledger import statements

    return statements


def meeting_list(*, kind: str | None = None, fiscal_year: int | None = None) -> QuerySet[Meeting]:
    require_tenant_schema()
    qs = Meeting.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    return qs.order_by("-date", "-id")


def meeting_get(*, meeting_id: int) -> Meeting:
    require_tenant_schema()
    try:
        meeting = Meeting.objects.filter(pk=int(meeting_id)).first()
    except (TypeError, ValueError):
        meeting = None
    if meeting is None:
        raise NotFound("Rapat tidak ditemukan. / Meeting not found.", field="meeting_id")
    return meeting


def agenda_list(*, meeting_id: int) -> QuerySet[AgendaItem]:
    require_tenant_schema()
    return AgendaItem.objects.filter(meeting_id=meeting_id).order_by("position")


def attendance_list(*, meeting_id: int) -> QuerySet[Attendance]:
    require_tenant_schema()
    return (
        Attendance.objects.filter(meeting_id=meeting_id)
        .select_related("member", "proxy_holder")
        .order_by("member__number")
    )


def decision_list(*, meeting_id: int) -> QuerySet[Decision]:
    require_tenant_schema()
    return (
        Decision.objects.filter(item__meeting_id=meeting_id)
        .select_related("item")
        .prefetch_related("elected__member")
        .order_by("item__position")
    )


def eligible_member_count(*, on: date) -> int:
    """Members with voting rights who had joined by ``on``."""
    from sokoguru.tenants.members.selectors import member_list

    return member_list(status=list(VOTING_STATUSES)).filter(joined_on__lte=on).count()


@dataclass(frozen=True)
class Quorum:
    eligible: int
    in_person: int
    online: int
    proxy: int
    required: int
    vote_weight: Decimal

    @property
    def present(self) -> int:
        """Members counted for the quorum: present in person, online or by proxy."""
        return self.in_person + self.online + self.proxy

    @property
    def reached(self) -> bool:
        return self.present >= self.required

    @property
    def missing(self) -> int:
        return max(self.required - self.present, 0)


def quorum_required(*, meeting: Meeting, eligible: int) -> int:
    bylaws = bylaws_current(as_of=meeting.date)
    if meeting.call_number == 2:
        return bylaws.rat_second_call_quorum_required(eligible)
    return bylaws.rat_quorum_required(eligible)


def quorum_status(*, meeting_id: int) -> Quorum:
    """The live quorum (2 queries after the meeting): who is counted, how many are needed."""
    meeting = meeting_get(meeting_id=meeting_id)
    rows = Attendance.objects.filter(meeting=meeting).aggregate(
        in_person=Count("id", filter=Q(mode=Attendance.Mode.IN_PERSON)),
        online=Count("id", filter=Q(mode=Attendance.Mode.ONLINE)),
        proxy=Count("id", filter=Q(mode=Attendance.Mode.PROXY)),
        weight=Sum("vote_weight"),
    )
    if meeting.status in (Meeting.Status.PLANNED, Meeting.Status.INVITED):
        eligible = eligible_member_count(on=meeting.date)
        required = quorum_required(meeting=meeting, eligible=eligible)
    else:  # fixed when the meeting was opened
        eligible, required = meeting.members_eligible, meeting.quorum_required
    return Quorum(
        eligible=eligible,
        in_person=rows["in_person"],
        online=rows["online"],
        proxy=rows["proxy"],
        required=required,
        vote_weight=rows["weight"] or ZERO,
    )


def officers_with_terms_ending(*, by: date):
    """Officers serving whose term ends on or before ``by`` (an election is due)."""
    from sokoguru.tenants.members.selectors import officer_list

    return officer_list(serving_on=by).filter(term_end__lte=by)


@dataclass(frozen=True)
class LastRat:
    held_on: date | None
    fiscal_year: int | None
    report_submitted_on: date | None


def last_rat(*, as_of: date) -> LastRat:
    """The latest RAT held on or before ``as_of`` and whether its report reached the dinas."""
    require_tenant_schema()
    meeting = (
        Meeting.objects.filter(kind=Meeting.Kind.RAT, status=Meeting.Status.HELD, date__lte=as_of)
        .select_related("dinas_report")
        .order_by("-fiscal_year", "-date")
        .first()
    )
    if meeting is None:
        return LastRat(None, None, None)
    report = getattr(meeting, "dinas_report", None)
    submitted = report.submitted_on if report and report.submitted_on <= as_of else None
    return LastRat(meeting.date, meeting.fiscal_year, submitted)


def budget_vs_actual(*, fiscal_year: int, as_of: date | None = None) -> list[dict]:
    """Each RAPB line of ``fiscal_year`` next to the year's actual income or expense read from
    the ledger (the account and its sub-accounts), with the difference."""
    require_tenant_schema()
    plan = BudgetPlan.objects.filter(fiscal_year=fiscal_year).prefetch_related("lines").first()
    if plan is None:
        return []
    start, year_end = fiscal_year_bounds(fiscal_year)
    end = min(as_of or year_end, year_end)
    statement = ledger_statements().income_statement(start=start, end=end)
    actual_lines = statement["income_lines"] + statement["expense_lines"]
    out = []
    for line in plan.lines.all():
        actual = sum(
            (
                Decimal(a["amount"])
                for a in actual_lines
                if a["code"] == line.account_code or a["code"].startswith(line.account_code + ".")
            ),
            ZERO,
        )
        out.append(
            {
                "kind": line.kind,
                "account_code": line.account_code,
                "label": line.label,
                "budget": line.amount,
                "actual": actual.quantize(Decimal("0.01")),
                "difference": (actual - line.amount).quantize(Decimal("0.01")),
            }
        )
    return out
