"""The RAT record: agenda, invitation, attendance and quorum, decisions and tallies, elections,
the SHU decision, the RAPB, minutes and the report to the dinas."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.core.errors import Conflict, NotFound, PermissionDenied
from sokoguru.tenants.meetings import documents, selectors, services
from sokoguru.tenants.meetings.models import (
    AgendaItem,
    Attendance,
    BudgetPlan,
    Decision,
    DinasReport,
    Invitation,
    Meeting,
)
from sokoguru.tenants.members.models import Officer
from sokoguru.tenants.members.services import officer_assign
from tests.meetings.conftest import RAT_DAY


def _attend(meeting, people, officers, mode="in_person"):
    for member in people:
        services.attendance_record(
            meeting_id=meeting.pk,
            member_id=member.pk,
            mode=mode,
            recorded_by_id=officers["sekretaris"].pk,
        )


def _item(meeting, kind):
    return meeting.agenda.get(kind=kind)


def _open_with(meeting, people, officers):
    _attend(meeting, people, officers)
    return services.meeting_open(meeting_id=meeting.pk, opened_by_id=officers["ketua"].pk)


def test_rat_agenda_is_prefilled_with_the_required_items(rat):
    # then
    kinds = list(rat.agenda.order_by("position").values_list("kind", flat=True))
    assert kinds == ["accountability", "supervisor", "statements", "shu", "rapb"]
    assert "Neraca" in _item(rat, "statements").description


def test_election_item_when_officer_terms_end(in_coop_a, officers, members):
    # given a ketua whose term ends before the RAT
    ketua = members(1)[0]
    officer_assign(
        member_id=ketua.pk,
        role="ketua",
        term_start=date(2021, 3, 1),
        term_end=date(2026, 2, 28),
        created_by_id=SYSTEM,
    )
    # when
    meeting = services.meeting_create(
        kind="rat",
        fiscal_year=2025,
        date=RAT_DAY,
        place="Balai RW",
        mode="in_person",
        created_by_id=officers["ketua"].pk,
    )
    # then
    election = _item(meeting, "election")
    assert ketua.full_name in election.description


def test_only_organisers_plan_a_meeting(in_coop_a, officers):
    # when / then
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            kind="rat",
            fiscal_year=2025,
            date=RAT_DAY,
            place="Balai RW",
            mode="in_person",
            created_by_id=officers["kasir"].pk,
        )
    assert not Meeting.objects.exists()


def test_rat_before_the_fiscal_year_ends_is_refused(in_coop_a, officers):
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(
            kind="rat",
            fiscal_year=2025,
            date=date(2025, 12, 20),
            place="Balai RW",
            mode="in_person",
            created_by_id=officers["ketua"].pk,
        )
    assert "date" in exc.value.message_dict
    assert not Meeting.objects.exists()


def test_invitation_warns_when_documents_are_late_and_is_sent_on_the_log_channel(
    rat, officers, members, settings, caplog
):
    # given documents ready only two weeks before, by-laws that only warn
    settings.LOANS_NOTIFIERS = ["sokoguru.tenants.loans.notifiers.LogNotifier"]
    people = members(3)
    services.meeting_documents_ready(
        meeting_id=rat.pk, ready_on=RAT_DAY - timedelta(days=14), marked_by_id=officers["ketua"].pk
    )
    # when
    with caplog.at_level("INFO", logger="sokoguru.loans.notify"):
        result = services.meeting_invite(
            meeting_id=rat.pk, invited_on=date(2026, 2, 20), invited_by_id=officers["ketua"].pk
        )
    # then
    assert result.sent == 3 and result.warnings
    assert "kurang dari 30 hari" in result.warnings[0]
    assert Invitation.objects.filter(meeting=rat, channel="log", status="sent").count() == 3
    assert people[0].full_name in caplog.text and "Undangan" in caplog.text
    rat.refresh_from_db()
    assert rat.status == "invited"


def test_invitation_refused_when_bylaws_require_documents_a_month_before(
    rat, officers, members, bylaws
):
    # given
    bylaws(rat_documents_strict=True)
    members(2)
    # when
    with pytest.raises(ValidationError) as exc:
        services.meeting_invite(
            meeting_id=rat.pk, invited_on=date(2026, 2, 20), invited_by_id=officers["ketua"].pk
        )
    # then
    assert "documents_ready_on" in exc.value.message_dict
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("present", "more_than", "reached"),
    [
        (5, True, False),  # exactly ½ of 10 with "more than ½": no quorum
        (6, True, True),  # ½ + 1
        (5, False, True),  # exactly ½ where the by-laws say "at least ½"
        (4, False, False),
    ],
)
def test_quorum_edges(rat, officers, members, bylaws, present, more_than, reached):
    # given 10 members with voting rights
    bylaws(rat_quorum_more_than=more_than)
    people = members(10)
    _attend(rat, people[:present], officers)
    # when
    live = selectors.quorum_status(meeting_id=rat.pk)
    meeting = services.meeting_open(meeting_id=rat.pk, opened_by_id=officers["ketua"].pk)
    # then
    assert live.eligible == 10 and live.present == present
    assert live.reached is reached
    assert meeting.status == ("open" if reached else "postponed")
    assert meeting.quorum_required == (6 if more_than else 5)


def test_proxies_count_for_quorum_up_to_the_limit(rat, officers, members, bylaws):
    # given a by-laws limit of 2 proxies per holder
    bylaws(rat_proxy_limit=2)
    holder, a, b, c = members(4)
    _attend(rat, [holder], officers)
    for absent in (a, b):
        services.attendance_record(
            meeting_id=rat.pk,
            member_id=absent.pk,
            mode="proxy",
            proxy_holder_id=holder.pk,
            recorded_by_id=officers["sekretaris"].pk,
        )
    # when a third proxy for the same holder
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(
            meeting_id=rat.pk,
            member_id=c.pk,
            mode="proxy",
            proxy_holder_id=holder.pk,
            recorded_by_id=officers["sekretaris"].pk,
        )
    # then
    assert "proxy_holder_id" in exc.value.message_dict
    assert not Attendance.objects.filter(member=c).exists()
    live = selectors.quorum_status(meeting_id=rat.pk)
    assert (live.in_person, live.proxy, live.present) == (1, 2, 3)


def test_proxy_refused_when_bylaws_forbid_it(rat, officers, members, bylaws):
    bylaws(rat_proxy_allowed=False)
    holder, absent = members(2)
    _attend(rat, [holder], officers)
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(
            meeting_id=rat.pk,
            member_id=absent.pk,
            mode="proxy",
            proxy_holder_id=holder.pk,
            recorded_by_id=officers["sekretaris"].pk,
        )
    assert "mode" in exc.value.message_dict
    assert Attendance.objects.count() == 1


def test_postponed_rat_is_held_at_the_second_call(rat, officers, members):
    # given no quorum at the first call (2 of 10)
    people = members(10)
    first = _open_with(rat, people[:2], officers)
    assert first.status == "postponed" and "panggilan kedua" in first.notes
    # when the second call is too early, then on time
    with pytest.raises(ValidationError):
        services.meeting_second_call(
            meeting_id=rat.pk, date=RAT_DAY + timedelta(days=3), created_by_id=officers["ketua"].pk
        )
    second = services.meeting_second_call(
        meeting_id=rat.pk, date=RAT_DAY + timedelta(days=7), created_by_id=officers["ketua"].pk
    )
    opened = _open_with(second, people[:3], officers)
    # then the by-laws' second-call rule (valid whoever attends) applies
    assert opened.call_number == 2 and opened.status == "open"
    assert opened.quorum_required == 0
    assert second.agenda.count() == rat.agenda.count()


def test_vote_tallies_decide_and_are_bounded_by_votes_present(rat, officers, members):
    # given 6 of 10 present
    people = members(10)
    _open_with(rat, people[:6], officers)
    item = _item(rat, "statements")
    # when more votes than present
    with pytest.raises(ValidationError):
        services.decision_record(
            item_id=item.pk,
            method="vote",
            text="Laporan keuangan disahkan.",
            votes_for=5,
            votes_against=2,
            decided_by_id=officers["ketua"].pk,
        )
    assert not Decision.objects.exists()
    # when a valid tally
    carried = services.decision_record(
        item_id=item.pk,
        method="vote",
        text="Laporan keuangan disahkan.",
        votes_for=4,
        votes_against=1,
        votes_abstain=1,
        decided_by_id=officers["ketua"].pk,
    )
    tied = services.decision_record(
        item_id=_item(rat, "accountability").pk,
        method="vote",
        text="Laporan pertanggungjawaban.",
        votes_for=3,
        votes_against=3,
        decided_by_id=officers["ketua"].pk,
    )
    # then
    assert (carried.outcome, carried.votes_for, carried.number) == (
        "approved",
        Decimal("4.00"),
        "01/RAT/2025",
    )
    assert tied.outcome == "rejected" and tied.number == "02/RAT/2025"


def test_weighted_votes_in_a_sekunder(rat, officers, members, bylaws):
    # given by-laws weighting votes by member cooperatives' members
    bylaws(rat_vote_weighting="members")
    a, b = members(2)
    for member, weight in ((a, "120"), (b, "45")):
        services.attendance_record(
            meeting_id=rat.pk,
            member_id=member.pk,
            mode="in_person",
            vote_weight=weight,
            recorded_by_id=officers["sekretaris"].pk,
        )
    services.meeting_open(meeting_id=rat.pk, opened_by_id=officers["ketua"].pk)
    # when
    decision = services.decision_record(
        item_id=_item(rat, "statements").pk,
        method="vote",
        text="Disahkan.",
        votes_for=120,
        votes_against=45,
        decided_by_id=officers["ketua"].pk,
    )
    # then
    assert decision.outcome == "approved"
    assert selectors.quorum_status(meeting_id=rat.pk).vote_weight == Decimal("165.00")


def test_election_creates_officer_terms_and_ends_old_ones(in_coop_a, officers, members):
    # given serving ketua and pengawas whose terms end
    old_ketua, old_pengawas, new_ketua, new_pengawas, *others = members(8)
    for member, role in ((old_ketua, "ketua"), (old_pengawas, "pengawas")):
        officer_assign(
            member_id=member.pk,
            role=role,
            term_start=date(2021, 3, 1),
            term_end=date(2026, 2, 28),
            created_by_id=SYSTEM,
        )
    meeting = services.meeting_create(
        kind="rat",
        fiscal_year=2025,
        date=RAT_DAY,
        place="Balai RW",
        mode="in_person",
        created_by_id=officers["ketua"].pk,
    )
    _open_with(meeting, [new_ketua, new_pengawas, *others], officers)
    term = {"term_start": RAT_DAY, "term_end": date(2031, 3, 13)}
    # when
    decision = services.election_record(
        item_id=_item(meeting, "election").pk,
        method="consensus",
        text="Ketua dan pengawas periode 2026–2031 terpilih.",
        elected=[
            {"member_id": new_ketua.pk, "role": "ketua", **term},
            {"member_id": new_pengawas.pk, "role": "pengawas", **term},
        ],
        decided_by_id=officers["ketua"].pk,
    )
    # then
    serving = {o.role: o.member_id for o in Officer.objects.filter(ended_on__isnull=True)}
    assert serving == {"ketua": new_ketua.pk, "pengawas": new_pengawas.pk}
    ended = Officer.objects.filter(member__in=[old_ketua, old_pengawas])
    assert {o.ended_on for o in ended} == {RAT_DAY - timedelta(days=1)}
    assert sorted(decision.elected.values_list("officer_id", flat=True)) == sorted(
        Officer.objects.filter(ended_on__isnull=True).values_list("pk", flat=True)
    )
    assert Officer.objects.get(member=new_ketua).decree == f"Keputusan {decision.number}"


def test_a_shu_item_linked_to_no_proposal_refuses_the_decision(rat, officers, members):
    # given the SHU item linked to a proposal that does not exist (the routing to the SHU app
    # itself is tested in tests/shu/test_rat_decision.py)
    people = members(4)
    services.agenda_shu_proposal_link(
        item_id=_item(rat, "shu").pk, shu_proposal_id=999999, linked_by_id=officers["ketua"].pk
    )
    _open_with(rat, people[:3], officers)
    # when / then: refused, and no decision written
    with pytest.raises(NotFound):
        services.decision_record(
            item_id=_item(rat, "shu").pk,
            method="consensus",
            text="Pembagian SHU 2025 sesuai usulan pengurus.",
            decided_by_id=officers["ketua"].pk,
        )
    assert not Decision.objects.filter(item=_item(rat, "shu")).exists()


def test_rejected_shu_decision_is_not_routed(rat, officers, members):
    people = members(4)
    services.agenda_shu_proposal_link(
        item_id=_item(rat, "shu").pk, shu_proposal_id=42, linked_by_id=officers["ketua"].pk
    )
    _open_with(rat, people[:3], officers)
    decision = services.decision_record(
        item_id=_item(rat, "shu").pk,
        method="vote",
        text="Usulan ditolak.",
        votes_for=1,
        votes_against=2,
        decided_by_id=officers["ketua"].pk,
    )
    assert decision.shu_recorded_at is None and decision.shu_proposal_id is None


def test_rapb_is_stored_with_lines_and_compared_with_the_books(rat, officers, members):
    # given
    people = members(3)
    _open_with(rat, people[:2], officers)
    # when
    services.rapb_record(
        item_id=_item(rat, "rapb").pk,
        method="consensus",
        text="RAPB 2026 disahkan.",
        lines=[
            {
                "kind": "income",
                "account_code": "4101",
                "label": "Jasa pinjaman",
                "amount": "6000000",
            },
        ],
        decided_by_id=officers["ketua"].pk,
    )
    # then
    plan = BudgetPlan.objects.get()
    assert plan.fiscal_year == 2026 and plan.lines.get().amount == Decimal("6000000.00")
    [line] = selectors.budget_vs_actual(fiscal_year=2026)
    assert line["budget"] == Decimal("6000000.00") and line["actual"] == Decimal("0.00")
    assert line["difference"] == Decimal("-6000000.00")


def test_rapb_with_unknown_account_writes_nothing(rat, officers, members):
    people = members(3)
    _open_with(rat, people[:2], officers)
    with pytest.raises(ValidationError) as exc:
        services.rapb_record(
            item_id=_item(rat, "rapb").pk,
            method="consensus",
            text="RAPB 2026.",
            lines=[{"kind": "income", "account_code": "9999", "label": "?", "amount": "1"}],
            decided_by_id=officers["ketua"].pk,
        )
    assert "lines" in exc.value.message_dict
    assert not BudgetPlan.objects.exists() and not Decision.objects.exists()


def _hold(rat, officers, people):
    _open_with(rat, people, officers)
    for item in rat.agenda.exclude(kind__in=["rapb", "other"]):
        services.decision_record(
            item_id=item.pk,
            method="vote" if item.kind == "statements" else "consensus",
            text=f"Keputusan atas {item.title}.",
            votes_for=len(people) - 1 if item.kind == "statements" else 0,
            votes_against=1 if item.kind == "statements" else 0,
            decided_by_id=officers["ketua"].pk,
        )
    services.rapb_record(
        item_id=_item(rat, "rapb").pk,
        method="consensus",
        text="RAPB 2026 disahkan.",
        lines=[{"kind": "expense", "account_code": "5101", "label": "Beban", "amount": "100000"}],
        decided_by_id=officers["ketua"].pk,
    )
    return services.meeting_close(
        meeting_id=rat.pk,
        chair_id=people[0].pk,
        secretary_id=people[1].pk,
        closed_by_id=officers["ketua"].pk,
    )


def test_close_refused_while_items_are_undecided(rat, officers, members):
    people = members(3)
    _open_with(rat, people, officers)
    with pytest.raises(ValidationError):
        services.meeting_close(
            meeting_id=rat.pk,
            chair_id=people[0].pk,
            secretary_id=people[1].pk,
            closed_by_id=officers["ketua"].pk,
        )
    rat.refresh_from_db()
    assert rat.status == "open"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
def test_minutes_pdf_contains_the_decisions_and_signatures(rat, officers, members):
    # given a held RAT
    people = members(5)
    _hold(rat, officers, people)
    for signer in ("chair", "secretary"):
        services.minutes_sign(
            meeting_id=rat.pk,
            signer=signer,
            signed_on=RAT_DAY,
            signed_by_id=officers["sekretaris"].pk,
        )
    # when
    pdf = documents.minutes_pdf(meeting_id=rat.pk)
    attendance = documents.attendance_pdf(meeting_id=rat.pk)
    # then
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True).stdout.decode()
    assert "BERITA ACARA" in text
    assert "03/RAT/2025" in text and "Setuju 4, tidak setuju 1" in text
    assert "Keputusan atas Pengesahan laporan keuangan tahun buku 2025" in text
    assert "RAPB 2026 disahkan." in text
    assert people[0].full_name in text and "ditandatangani 14-03-2026" in text
    listed = subprocess.run(
        ["pdftotext", "-", "-"], input=attendance, capture_output=True
    ).stdout.decode()
    assert all(p.number in listed for p in people)


def test_report_pack_in_pdf_and_xlsx(rat, officers, members):
    import io

    from openpyxl import load_workbook

    people = members(3)
    _hold(rat, officers, people)
    pdf = documents.report_pack_pdf(meeting_id=rat.pk)
    book = load_workbook(io.BytesIO(documents.report_pack_xlsx(meeting_id=rat.pk)))
    assert pdf.startswith(b"%PDF")
    assert {"Neraca", "PHU", "Anggota", "Kolektibilitas", "SHU", "RAPB vs realisasi"} <= set(
        book.sheetnames
    )
    # members joined in 2024: at the start of 2025 three, none joined or left
    assert [c.value for c in book["Anggota"][2]] == [3, 0, 0, 3]


def test_dinas_report_needs_signed_minutes_then_is_recorded(rat, officers, members):
    # given a held RAT whose minutes are not signed
    people = members(3)
    _hold(rat, officers, people)
    with pytest.raises(ValidationError):
        services.dinas_report_submit(
            meeting_id=rat.pk,
            submitted_on=date(2026, 3, 30),
            reference="RAT/2025/017",
            submitted_by_id=officers["ketua"].pk,
        )
    assert not DinasReport.objects.exists()
    # when signed and submitted, then accepted
    for signer in ("chair", "secretary"):
        services.minutes_sign(
            meeting_id=rat.pk, signer=signer, signed_on=RAT_DAY, signed_by_id=officers["ketua"].pk
        )
    services.dinas_report_submit(
        meeting_id=rat.pk,
        submitted_on=date(2026, 3, 30),
        reference="RAT/2025/017",
        submitted_by_id=officers["ketua"].pk,
    )
    report = services.dinas_report_status_set(
        meeting_id=rat.pk,
        status="accepted",
        on=date(2026, 4, 6),
        changed_by_id=officers["ketua"].pk,
    )
    # then
    assert report.status == "accepted"
    last = selectors.last_rat(as_of=date(2026, 12, 2))
    assert (last.held_on, last.fiscal_year, last.report_submitted_on) == (
        RAT_DAY,
        2025,
        date(2026, 3, 30),
    )
    with pytest.raises(Conflict):
        services.dinas_report_submit(
            meeting_id=rat.pk,
            submitted_on=date(2026, 4, 1),
            reference="again",
            submitted_by_id=officers["ketua"].pk,
        )


def test_agenda_free_item_only_before_the_meeting(rat, officers, members):
    item = services.agenda_item_add(
        meeting_id=rat.pk, title="Bank sampah RW", added_by_id=officers["sekretaris"].pk
    )
    assert item.position == 6 and item.kind == AgendaItem.Kind.OTHER
    _open_with(rat, members(2), officers)
    with pytest.raises(Conflict):
        services.agenda_item_add(
            meeting_id=rat.pk, title="Terlambat", added_by_id=officers["sekretaris"].pk
        )


def test_a_held_rat_marks_the_cooperative_for_the_snapshot_refresher(
    rat, officers, members, in_coop_a, django_capture_on_commit_callbacks
):
    # given
    from sokoguru.platform.tenancy.models import Cooperative

    people = members(3)
    Cooperative.objects.filter(pk=in_coop_a.pk).update(books_changed_at=None)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        _hold(rat, officers, people)
    # then
    assert Cooperative.objects.get(pk=in_coop_a.pk).books_changed_at is not None
