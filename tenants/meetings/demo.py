"""Demo: the RAT for fiscal year 2025 in the primary cooperatives — held and reported in most,
one RW without quorum at the first call and held at the second call, one held but not yet
reported to the dinas, and a few that have not held it (overdue on the demo's today)."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from decimal import Decimal

from sokoguru.platform.accounts.models import User
from sokoguru.platform.core.demo import DemoContext, for_each_cooperative
from sokoguru.tenants.meetings import services
from sokoguru.tenants.meetings.models import AgendaItem, Meeting
from sokoguru.tenants.meetings.selectors import VOTING_STATUSES
from sokoguru.tenants.members.models import Member, Officer

FISCAL_YEAR = 2025
OVERDUE = {"hj-rw28", "hj-rw29", "hj-rw30"}
SECOND_CALL = "hj-rw07"
NOT_REPORTED = "hj-rw12"


def _rat_day(cooperative, ctx: DemoContext) -> date:
    """A Saturday between February and May 2026, different per cooperative."""
    rng = ctx.rng("rat", cooperative.slug)
    day = date(FISCAL_YEAR + 1, rng.randint(2, 5), rng.randint(1, 24))
    return day + timedelta(days=(5 - day.weekday()) % 7)


def _decide_all(meeting: Meeting, present: int, by: int) -> None:
    for item in meeting.agenda.order_by("position"):
        if item.kind == AgendaItem.Kind.RAPB:
            services.rapb_record(
                item_id=item.pk,
                method="consensus",
                text=f"Rencana kerja dan RAPB {FISCAL_YEAR + 1} disahkan.",
                lines=[
                    {
                        "kind": "income",
                        "account_code": "4101",
                        "label": "Jasa pinjaman anggota",
                        "amount": Decimal("6000000"),
                    },
                    {
                        "kind": "expense",
                        "account_code": "5402",
                        "label": "Beban operasional",
                        "amount": Decimal("1200000"),
                    },
                    {
                        "kind": "expense",
                        "account_code": "5403",
                        "label": "Beban RAT",
                        "amount": Decimal("750000"),
                    },
                ],
                decided_by_id=by,
            )
        elif item.kind == AgendaItem.Kind.STATEMENTS:
            against = max(present // 10, 1)
            services.decision_record(
                item_id=item.pk,
                method="vote",
                text=f"Laporan keuangan tahun buku {FISCAL_YEAR} disahkan.",
                votes_for=present - against,
                votes_against=against,
                decided_by_id=by,
            )
        elif item.kind != AgendaItem.Kind.ELECTION:
            services.decision_record(
                item_id=item.pk,
                method="consensus",
                text=f"{item.title}: diterima dan disahkan oleh rapat.",
                decided_by_id=by,
            )


def _attend(meeting: Meeting, voters: list[Member], share: float, by: int) -> int:
    count = max(int(len(voters) * share), 1)
    present = voters[:count]
    for member in present:
        services.attendance_record(
            meeting_id=meeting.pk, member_id=member.pk, mode="in_person", recorded_by_id=by
        )
    # one proxy per present member for a few absent ones (the by-laws' limit is one)
    for holder, absent in list(zip(present, voters[count:], strict=False))[:3]:
        services.attendance_record(
            meeting_id=meeting.pk,
            member_id=absent.pk,
            mode="proxy",
            proxy_holder_id=holder.pk,
            recorded_by_id=by,
        )
    return count + min(3, max(len(voters) - count, 0))


def _one(cooperative, ctx: DemoContext) -> None:
    if cooperative.slug in OVERDUE or Meeting.objects.filter(fiscal_year=FISCAL_YEAR).exists():
        return
    ketua = User.objects.filter(email=f"ketua.{cooperative.slug}@sokoguru.id").first()
    day = _rat_day(cooperative, ctx)
    voters = list(
        Member.objects.filter(
            status__in=VOTING_STATUSES, kind=Member.Kind.PERSON, joined_on__lte=day
        ).order_by("number")
    )
    if ketua is None or len(voters) < 4:
        return
    by = ketua.pk
    rw = cooperative.kind == "primary_rw"
    meeting = services.meeting_create(
        kind="rat",
        fiscal_year=FISCAL_YEAR,
        date=day,
        place="Balai warga" if rw else "Aula kantor dinas",
        mode="in_person" if rw else "hybrid",
        online_link="" if rw else f"https://rapat.sokoguru.id/{cooperative.slug}/rat-{FISCAL_YEAR}",
        created_by_id=by,
    )
    services.meeting_documents_ready(
        meeting_id=meeting.pk, ready_on=day - timedelta(days=35), marked_by_id=by
    )
    services.meeting_invite(
        meeting_id=meeting.pk, invited_on=day - timedelta(days=21), invited_by_id=by
    )
    if cooperative.slug == SECOND_CALL:
        _attend(meeting, voters, 0.3, by)
        services.meeting_open(meeting_id=meeting.pk, opened_by_id=by)
        meeting = services.meeting_second_call(
            meeting_id=meeting.pk, date=day + timedelta(days=14), created_by_id=by
        )
        day = meeting.date
        present = _attend(meeting, voters, 0.4, by)
    else:
        present = _attend(meeting, voters, 0.6, by)
    services.meeting_open(meeting_id=meeting.pk, opened_by_id=by)
    _decide_all(meeting, present, by)
    officers = {o.role: o.member_id for o in Officer.objects.filter(ended_on__isnull=True)}
    chair = officers.get("ketua") or voters[0].pk
    secretary = officers.get("sekretaris") or voters[1].pk
    services.meeting_close(
        meeting_id=meeting.pk, chair_id=chair, secretary_id=secretary, closed_by_id=by
    )
    for signer in ("chair", "secretary"):
        services.minutes_sign(meeting_id=meeting.pk, signer=signer, signed_on=day, signed_by_id=by)
    if cooperative.slug != NOT_REPORTED:
        submitted = day + timedelta(days=ctx.rng("report", cooperative.slug).randint(7, 25))
        services.dinas_report_submit(
            meeting_id=meeting.pk,
            submitted_on=submitted,
            reference=f"{meeting.pk:03d}/RAT/{cooperative.slug.upper()}/{FISCAL_YEAR}",
            submitted_by_id=by,
        )
        services.dinas_report_status_set(
            meeting_id=meeting.pk,
            status="accepted",
            on=submitted + timedelta(days=7),
            changed_by_id=by,
        )


def seed(*, ctx: DemoContext) -> None:
    # thousands of invitations: keep the log channel's lines out of the demo's output
    notify = logging.getLogger("sokoguru.loans.notify")
    level = notify.level
    notify.setLevel(logging.WARNING)
    try:
        for_each_cooperative(ctx, _one, kinds={"primary_rw", "primary_opd"})
    finally:
        notify.setLevel(level)
