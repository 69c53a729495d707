"""The RAT's SHU decision (meetings app) approves the SHU proposal (shu app), in one step."""

from __future__ import annotations

from datetime import date

from sokoguru.tenants.meetings import services as meetings
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.shu.models import ShuProposal
from sokoguru.tenants.shu.services import shu_proposal_create
from tests.shu.conftest import close_year

RAT_DAY = date(2026, 3, 14)


def _rat_with_shu_item(year):
    officers = year.officers
    rat = meetings.meeting_create(
        kind="rat",
        fiscal_year=2025,
        date=RAT_DAY,
        place="Balai RW 01",
        mode="in_person",
        created_by_id=officers["sekretaris"].pk,
    )
    proposal = shu_proposal_create(fiscal_year=2025, proposed_by_id=officers["bendahara"].pk)
    item = rat.agenda.get(kind="shu")
    meetings.agenda_shu_proposal_link(
        item_id=item.pk, shu_proposal_id=proposal.pk, linked_by_id=officers["ketua"].pk
    )
    for member in Member.objects.filter(status__in=("active", "flagged")):
        meetings.attendance_record(
            meeting_id=rat.pk,
            member_id=member.pk,
            mode="in_person",
            recorded_by_id=officers["sekretaris"].pk,
        )
    meetings.meeting_open(meeting_id=rat.pk, opened_by_id=officers["ketua"].pk)
    return item, proposal


def test_the_rat_decision_marks_the_shu_proposal_approved(year_2025):
    # given a closed 2025, its SHU proposal linked to the RAT's SHU item, quorum present
    close_year(year_2025.officers)
    item, proposal = _rat_with_shu_item(year_2025)
    # when the RAT decides the item by consensus
    decision = meetings.decision_record(
        item_id=item.pk,
        method="consensus",
        text="Pembagian SHU 2025 sesuai usulan pengurus.",
        decided_by_id=year_2025.officers["ketua"].pk,
    )
    # then the proposal is approved with the decision's date and number
    proposal.refresh_from_db()
    assert proposal.status == ShuProposal.Status.APPROVED
    assert proposal.decided_on == RAT_DAY
    assert proposal.decision_reference == decision.number
    assert proposal.approved_by_id == year_2025.officers["ketua"].pk


def test_a_rejected_shu_item_leaves_the_proposal_proposed(year_2025):
    close_year(year_2025.officers)
    item, proposal = _rat_with_shu_item(year_2025)
    meetings.decision_record(
        item_id=item.pk,
        method="vote",
        text="Usulan ditolak.",
        votes_for=1,
        votes_against=2,
        decided_by_id=year_2025.officers["ketua"].pk,
    )
    proposal.refresh_from_db()
    assert proposal.status == ShuProposal.Status.PROPOSED
    assert proposal.decided_on is None
