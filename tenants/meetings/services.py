"""Writes of the members' meetings: plan and invite, keep the agenda and the attendance list,
open (quorum) or postpone to the second call, decide each item (consensus or vote; elections
create officer terms, the RAPB keeps its lines, the SHU decision goes to the SHU proposal),
close, sign the minutes and report to the dinas. Every service checks the caller's role."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from sokoguru.platform.accounts.permissions import require_role
from sokoguru.platform.core.errors import Conflict, NotFound
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.models import BylawsVersion
from sokoguru.tenants.bylaws.selectors import bylaws_current
from sokoguru.tenants.ledger.fiscal import fiscal_year_bounds
from sokoguru.tenants.meetings import selectors
from sokoguru.tenants.meetings.models import (
    AgendaItem,
    Attendance,
    BudgetLine,
    BudgetPlan,
    Decision,
    DinasReport,
    ElectionResult,
    Invitation,
    Meeting,
)
from sokoguru.tenants.meetings.permissions import CHAIR_ROLES, ORGANISER_ROLES
from sokoguru.tenants.members.models import Member

logger = logging.getLogger("sokoguru.meetings")

ZERO = Decimal("0.00")
ONE = Decimal("1.00")
REPORT_ITEMS = (AgendaItem.Kind.ACCOUNTABILITY, AgendaItem.Kind.SUPERVISOR)


def _mark_changed() -> None:
    """Tell the federation refresher that this cooperative's RAT record changed (the same
    registry mark a ledger posting leaves, after commit)."""
    from sokoguru.platform.tenancy.services import cooperative_books_changed_mark

    cooperative_books_changed_mark()


def _lock(meeting_id: int) -> Meeting:
    meeting = Meeting.objects.select_for_update().filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound("Rapat tidak ditemukan. / Meeting not found.", field="meeting_id")
    return meeting


def _require_status(meeting: Meeting, *statuses: str, what: str) -> None:
    if meeting.status not in statuses:
        raise Conflict(
            f"{what}: rapat berstatus “{meeting.get_status_display()}”. / "
            f"Not allowed while the meeting is {meeting.status}.",
            field="meeting_id",
            code="meeting_status",
        )


def _member(member_id, *, field: str) -> Member:
    member = Member.objects.filter(pk=member_id).first() if member_id else None
    if member is None:
        raise ValidationError({field: "Anggota tidak ditemukan. / Member not found."})
    return member


# --- Plan ---------------------------------------------------------------------------------


def _rat_agenda(meeting: Meeting, *, shu_proposal_id: int | None) -> list[AgendaItem]:
    year = meeting.fiscal_year
    items = [
        (
            AgendaItem.Kind.ACCOUNTABILITY,
            f"Laporan pertanggungjawaban pengurus tahun buku {year}",
            "",
        ),
        (AgendaItem.Kind.SUPERVISOR, f"Laporan pengawas tahun buku {year}", ""),
        (
            AgendaItem.Kind.STATEMENTS,
            f"Pengesahan laporan keuangan tahun buku {year}",
            "Neraca, perhitungan hasil usaha, laporan arus kas, laporan perubahan ekuitas "
            "dan catatan atas laporan keuangan.",
        ),
        (AgendaItem.Kind.SHU, f"Penetapan pembagian SHU tahun buku {year}", ""),
        (
            AgendaItem.Kind.RAPB,
            f"Rencana kerja dan rencana anggaran pendapatan dan belanja (RAPB) {year + 1}",
            "",
        ),
    ]
    ending = list(selectors.officers_with_terms_ending(by=meeting.date))
    if ending:
        names = "; ".join(
            f"{o.get_role_display()} {o.member.full_name} (s.d. {o.term_end:%d-%m-%Y})"
            for o in ending
        )
        items.append(
            (
                AgendaItem.Kind.ELECTION,
                "Pemilihan pengurus/pengawas",
                f"Masa jabatan berakhir: {names}.",
            )
        )
    return [
        AgendaItem(
            meeting=meeting,
            position=position,
            kind=kind,
            title=title,
            description=description,
            shu_proposal_id=shu_proposal_id if kind == AgendaItem.Kind.SHU else None,
        )
        for position, (kind, title, description) in enumerate(items, start=1)
    ]


@transaction.atomic
def meeting_create(
    *,
    kind: str,
    fiscal_year: int,
    date: date,
    place: str,
    mode: str,
    created_by_id: int | None,
    online_link: str = "",
    shu_proposal_id: int | None = None,
) -> Meeting:
    """Plan a meeting. A RAT gets the required agenda items (with an election when officer
    terms end by the meeting date); free items are added with ``agenda_item_add``."""
    require_tenant_schema()
    require_role(created_by_id, ORGANISER_ROLES, field="created_by_id")
    meeting = Meeting(
        kind=kind,
        fiscal_year=fiscal_year,
        date=date,
        place=(place or "").strip(),
        mode=mode,
        online_link=(online_link or "").strip(),
        created_by_id=created_by_id,
    )
    meeting.full_clean()
    if kind == Meeting.Kind.RAT and date <= fiscal_year_bounds(fiscal_year)[1]:
        raise ValidationError(
            {"date": "RAT diadakan setelah tahun buku berakhir. / After the fiscal year ends."}
        )
    if mode in (Meeting.Mode.ONLINE, Meeting.Mode.HYBRID) and not meeting.online_link:
        raise ValidationError(
            {"online_link": "Rapat daring/hibrida memerlukan tautan. / Link required."}
        )
    if (
        kind == Meeting.Kind.RAT
        and Meeting.objects.filter(kind=kind, fiscal_year=fiscal_year)
        .exclude(status=Meeting.Status.POSTPONED)
        .exists()
    ):
        raise Conflict(
            f"RAT tahun buku {fiscal_year} sudah ada. / That RAT already exists.",
            field="fiscal_year",
        )
    meeting.save()
    if kind == Meeting.Kind.RAT:
        AgendaItem.objects.bulk_create(_rat_agenda(meeting, shu_proposal_id=shu_proposal_id))
    return meeting


@transaction.atomic
def agenda_item_add(
    *,
    meeting_id: int,
    title: str,
    added_by_id: int | None,
    kind: str = AgendaItem.Kind.OTHER,
    description: str = "",
    shu_proposal_id: int | None = None,
) -> AgendaItem:
    require_tenant_schema()
    require_role(added_by_id, ORGANISER_ROLES, field="added_by_id")
    meeting = _lock(meeting_id)
    _require_status(
        meeting, Meeting.Status.PLANNED, Meeting.Status.INVITED, what="Acara tidak dapat ditambah"
    )
    last = meeting.agenda.aggregate(n=Max("position"))["n"] or 0
    item = AgendaItem(
        meeting=meeting,
        position=last + 1,
        kind=kind,
        title=(title or "").strip(),
        description=description or "",
        shu_proposal_id=shu_proposal_id,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_shu_proposal_link(
    *, item_id: int, shu_proposal_id: int, linked_by_id: int | None
) -> AgendaItem:
    """Link the SHU agenda item to the SHU app's proposal for the fiscal year."""
    require_tenant_schema()
    require_role(linked_by_id, ORGANISER_ROLES, field="linked_by_id")
    item = AgendaItem.objects.select_for_update().filter(pk=item_id).first()
    if item is None or item.kind != AgendaItem.Kind.SHU:
        raise ValidationError({"item_id": "Bukan acara pembagian SHU. / Not the SHU item."})
    if hasattr(item, "decision"):
        raise Conflict("Acara ini sudah diputuskan. / Already decided.", field="item_id")
    item.shu_proposal_id = shu_proposal_id
    item.full_clean()
    item.save(update_fields=["shu_proposal_id"])
    return item


@transaction.atomic
def meeting_documents_ready(
    *, meeting_id: int, ready_on: date, marked_by_id: int | None, annual_report=None
) -> Meeting:
    """The agenda and the annual report are available to members from ``ready_on``."""
    require_tenant_schema()
    require_role(marked_by_id, ORGANISER_ROLES, field="marked_by_id")
    meeting = _lock(meeting_id)
    _require_status(
        meeting, Meeting.Status.PLANNED, Meeting.Status.INVITED, what="Dokumen tidak dapat diubah"
    )
    if ready_on is None or ready_on > meeting.date:
        raise ValidationError(
            {"ready_on": "Dokumen harus tersedia sebelum rapat. / Must be before the meeting."}
        )
    meeting.documents_ready_on = ready_on
    if annual_report is not None:
        meeting.annual_report = annual_report
    meeting.full_clean()
    meeting.save()
    return meeting


def documents_warning(meeting: Meeting, bylaws: BylawsVersion) -> str:
    """Empty when the agenda and the annual report are available in time, else the reason."""
    days = bylaws.rat_documents_days_before
    latest = meeting.date - timedelta(days=days)
    if meeting.documents_ready_on is None:
        return (
            f"Agenda dan laporan tahunan belum tersedia; harus tersedia paling lambat "
            f"{latest:%d-%m-%Y} ({days} hari sebelum rapat). / The agenda and annual report are "
            "not available yet."
        )
    if meeting.documents_ready_on > latest:
        return (
            f"Agenda dan laporan tahunan tersedia {meeting.documents_ready_on:%d-%m-%Y}, kurang "
            f"dari {days} hari sebelum rapat (paling lambat {latest:%d-%m-%Y}). / Available less "
            f"than {days} days before the meeting."
        )
    return ""


@dataclass
class InvitationResult:
    meeting: Meeting
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    warnings: list[str] = field(default_factory=list)


def _invitation_text(meeting: Meeting) -> tuple[str, str]:
    agenda = "\n".join(f"{i.position}. {i.title}" for i in meeting.agenda.order_by("position"))
    where = meeting.place + (f" / {meeting.online_link}" if meeting.online_link else "")
    subject = f"Undangan {meeting.get_kind_display()} tahun buku {meeting.fiscal_year}"
    body = (
        f"Dengan hormat, anggota diundang menghadiri {meeting.get_kind_display()} pada "
        f"{meeting.date:%d-%m-%Y} di {where} ({meeting.get_mode_display()}).\n"
        f"Acara:\n{agenda}\n"
        + (
            f"Agenda dan laporan tahunan dapat dilihat sejak {meeting.documents_ready_on:%d-%m-%Y}."
            if meeting.documents_ready_on
            else ""
        )
    )
    return subject, body


@transaction.atomic
def meeting_invite(*, meeting_id: int, invited_on: date, invited_by_id: int | None):
    """Invite every member with voting rights over each configured channel (WhatsApp, email,
    log — the same notifiers as loan reminders). The documents must be available the by-laws'
    number of days before the meeting: refused when the by-laws say so, else a warning."""
    require_tenant_schema()
    require_role(invited_by_id, ORGANISER_ROLES, field="invited_by_id")
    from sokoguru.tenants.loans.notifiers import Message, Recipient, SkipDelivery, notifiers

    meeting = _lock(meeting_id)
    _require_status(
        meeting, Meeting.Status.PLANNED, Meeting.Status.INVITED, what="Undangan tidak dapat dikirim"
    )
    if invited_on is None or invited_on > meeting.date:
        raise ValidationError(
            {"invited_on": "Undangan dikirim sebelum rapat. / Before the meeting."}
        )
    bylaws = bylaws_current(as_of=meeting.date)
    result = InvitationResult(meeting=meeting)
    warning = documents_warning(meeting, bylaws)
    if warning:
        if bylaws.rat_documents_strict:
            raise ValidationError({"documents_ready_on": warning})
        result.warnings.append(warning)
    subject, body = _invitation_text(meeting)
    done = set(
        Invitation.objects.filter(meeting=meeting, status=Invitation.Status.SENT).values_list(
            "member_id", "channel"
        )
    )
    channels = notifiers()
    rows = []
    voters = Member.objects.filter(
        status__in=selectors.VOTING_STATUSES, joined_on__lte=meeting.date
    ).order_by("number")
    for member in voters:
        recipient = Recipient(name=member.full_name, phone=member.phone)
        for notifier in channels:
            if (member.pk, notifier.channel) in done:
                continue
            row = Invitation(
                meeting=meeting,
                member=member,
                channel=notifier.channel,
                address=notifier.address(recipient)[:200],
            )
            try:
                row.reference = str(
                    notifier.send(Message("meeting_invitation", subject, body, recipient))
                )[:100]
                row.status = Invitation.Status.SENT
                result.sent += 1
            except SkipDelivery as exc:
                row.status, row.error = Invitation.Status.SKIPPED, str(exc)[:255]
                result.skipped += 1
            except Exception as exc:  # noqa: BLE001 - a failed delivery is recorded, not raised
                logger.warning(
                    "invitation to %s via %s failed: %s", member.pk, notifier.channel, exc
                )
                row.status, row.error = Invitation.Status.FAILED, str(exc)[:255]
                result.failed += 1
            rows.append(row)
    Invitation.objects.filter(meeting=meeting, member_id__in=[r.member_id for r in rows]).exclude(
        status=Invitation.Status.SENT
    ).delete()
    Invitation.objects.bulk_create(rows)
    meeting.status = Meeting.Status.INVITED
    meeting.invited_on = invited_on
    meeting.save(update_fields=["status", "invited_on"])
    return result


# --- Attendance and quorum ----------------------------------------------------------------


def _weight(bylaws: BylawsVersion, vote_weight) -> Decimal:
    if bylaws.rat_vote_weighting == BylawsVersion.VoteWeighting.ONE_MEMBER_ONE_VOTE:
        if vote_weight not in (None, "") and Decimal(str(vote_weight)) != ONE:
            raise ValidationError(
                {"vote_weight": "Anggaran dasar: satu anggota satu suara. / One member, one vote."}
            )
        return ONE
    try:
        weight = Decimal(str(vote_weight)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError):
        raise ValidationError(
            {"vote_weight": "Bobot suara wajib diisi menurut anggaran dasar. / Weight required."}
        ) from None
    if weight <= ZERO:
        raise ValidationError(
            {"vote_weight": "Bobot suara harus lebih dari 0. / Must be positive."}
        )
    return weight


@transaction.atomic
def attendance_record(
    *,
    meeting_id: int,
    member_id: int,
    mode: str,
    recorded_by_id: int | None,
    proxy_holder_id: int | None = None,
    vote_weight=None,
) -> Attendance:
    """A member present in person, online or by proxy. A proxy needs the by-laws to allow it;
    the holder is another member present in person or online who holds fewer proxies than the
    by-laws' limit."""
    require_tenant_schema()
    require_role(recorded_by_id, ORGANISER_ROLES, field="recorded_by_id")
    meeting = _lock(meeting_id)
    _require_status(
        meeting,
        Meeting.Status.PLANNED,
        Meeting.Status.INVITED,
        Meeting.Status.OPEN,
        what="Kehadiran tidak dapat dicatat",
    )
    if mode not in Attendance.Mode.values:
        raise ValidationError({"mode": "Cara hadir tidak dikenal. / Unknown attendance mode."})
    if mode == Attendance.Mode.ONLINE and meeting.mode == Meeting.Mode.IN_PERSON:
        raise ValidationError({"mode": "Rapat ini hanya tatap muka. / In-person meeting only."})
    if mode == Attendance.Mode.IN_PERSON and meeting.mode == Meeting.Mode.ONLINE:
        raise ValidationError({"mode": "Rapat ini hanya daring. / Online meeting only."})
    member = _member(member_id, field="member_id")
    if member.status not in selectors.VOTING_STATUSES:
        raise ValidationError(
            {"member_id": "Anggota ini tidak mempunyai hak suara. / Member may not vote."}
        )
    if member.joined_on > meeting.date:
        raise ValidationError(
            {"member_id": "Anggota ini masuk setelah tanggal rapat. / Joined after the meeting."}
        )
    if Attendance.objects.filter(meeting=meeting, member=member).exists():
        raise Conflict(
            "Kehadiran anggota ini sudah dicatat. / Already recorded.", field="member_id"
        )
    bylaws = bylaws_current(as_of=meeting.date)
    holder = None
    if mode == Attendance.Mode.PROXY:
        if not bylaws.rat_proxy_allowed:
            raise ValidationError(
                {"mode": "Anggaran dasar tidak membolehkan kuasa. / Proxies not allowed."}
            )
        holder = _member(proxy_holder_id, field="proxy_holder_id")
        if holder.pk == member.pk:
            raise ValidationError({"proxy_holder_id": "Tidak dapat mewakili diri sendiri. / Self."})
        present = Attendance.objects.filter(meeting=meeting, member=holder).first()
        if present is None or present.mode == Attendance.Mode.PROXY:
            raise ValidationError(
                {
                    "proxy_holder_id": "Pemegang kuasa harus anggota yang hadir sendiri. / The "
                    "holder must attend in person or online."
                }
            )
        held = Attendance.objects.filter(meeting=meeting, proxy_holder=holder).count()
        if held >= bylaws.rat_proxy_limit:
            raise ValidationError(
                {
                    "proxy_holder_id": f"{holder.full_name} sudah memegang {held} kuasa; batas "
                    f"anggaran dasar {bylaws.rat_proxy_limit}. / Proxy limit reached."
                }
            )
    elif proxy_holder_id:
        raise ValidationError(
            {"proxy_holder_id": "Hanya untuk kehadiran dengan kuasa. / Proxy only."}
        )
    attendance = Attendance(
        meeting=meeting,
        member=member,
        mode=mode,
        proxy_holder=holder,
        vote_weight=_weight(bylaws, vote_weight),
    )
    attendance.full_clean(validate_constraints=False)
    attendance.save()
    return attendance


@transaction.atomic
def meeting_open(*, meeting_id: int, opened_by_id: int | None) -> Meeting:
    """Open the meeting when the quorum is reached; otherwise record it as postponed (the
    second call follows the by-laws, see ``meeting_second_call``)."""
    require_tenant_schema()
    require_role(opened_by_id, CHAIR_ROLES, field="opened_by_id")
    meeting = _lock(meeting_id)
    _require_status(
        meeting, Meeting.Status.PLANNED, Meeting.Status.INVITED, what="Rapat tidak dapat dibuka"
    )
    quorum = selectors.quorum_status(meeting_id=meeting.pk)
    meeting.members_eligible = quorum.eligible
    meeting.quorum_required = quorum.required
    meeting.attendance_at_opening = quorum.present
    meeting.quorum_reached = quorum.reached
    if quorum.reached:
        meeting.status = Meeting.Status.OPEN
    else:
        bylaws = bylaws_current(as_of=meeting.date)
        meeting.status = Meeting.Status.POSTPONED
        meeting.notes = (
            f"Tidak kuorum: hadir {quorum.present} dari {quorum.eligible} anggota, diperlukan "
            f"{quorum.required}. Rapat ditunda; panggilan kedua paling cepat "
            f"{meeting.date + timedelta(days=bylaws.rat_second_call_min_days):%d-%m-%Y}."
        )
    meeting.save()
    return meeting


@transaction.atomic
def meeting_second_call(
    *,
    meeting_id: int,
    date: date,
    created_by_id: int | None,
    place: str | None = None,
    mode: str | None = None,
    online_link: str | None = None,
) -> Meeting:
    """The second call of a meeting postponed for lack of quorum, no earlier than the by-laws
    allow; it keeps the agenda and uses the by-laws' second-call quorum."""
    require_tenant_schema()
    require_role(created_by_id, ORGANISER_ROLES, field="created_by_id")
    first = _lock(meeting_id)
    _require_status(first, Meeting.Status.POSTPONED, what="Panggilan kedua tidak dapat dibuat")
    if first.call_number != 1 or hasattr(first, "second_call"):
        raise Conflict("Panggilan kedua sudah dibuat. / Second call exists.", field="meeting_id")
    bylaws = bylaws_current(as_of=first.date)
    earliest = first.date + timedelta(days=bylaws.rat_second_call_min_days)
    if date is None or date < earliest:
        raise ValidationError(
            {
                "date": f"Panggilan kedua paling cepat {earliest:%d-%m-%Y} "
                f"({bylaws.rat_second_call_min_days} hari setelah rapat pertama). / Too early."
            }
        )
    second = Meeting(
        kind=first.kind,
        fiscal_year=first.fiscal_year,
        date=date,
        place=place if place is not None else first.place,
        mode=mode or first.mode,
        online_link=online_link if online_link is not None else first.online_link,
        call_number=2,
        first_call=first,
        documents_ready_on=first.documents_ready_on,
        annual_report=first.annual_report,
        created_by_id=created_by_id,
    )
    second.full_clean()
    second.save()
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                meeting=second,
                position=i.position,
                kind=i.kind,
                title=i.title,
                description=i.description,
                shu_proposal_id=i.shu_proposal_id,
            )
            for i in first.agenda.order_by("position")
        ]
    )
    return second


# --- Decisions ----------------------------------------------------------------------------


def _votes(value, name: str) -> Decimal:
    try:
        votes = Decimal(str(value if value not in (None, "") else 0)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValidationError({name: "Jumlah suara tidak valid. / Invalid number."}) from None
    if votes < ZERO:
        raise ValidationError({name: "Jumlah suara tidak boleh negatif. / Negative."})
    return votes


def _decide(
    *,
    item_id: int,
    method: str,
    text: str,
    decided_by_id: int | None,
    kinds: tuple[str, ...] | None,
    votes_for=0,
    votes_against=0,
    votes_abstain=0,
    outcome: str | None = None,
) -> Decision:
    require_tenant_schema()
    require_role(decided_by_id, CHAIR_ROLES, field="decided_by_id")
    item = AgendaItem.objects.select_related("meeting").filter(pk=item_id).first()
    if item is None:
        raise NotFound("Acara rapat tidak ditemukan. / Agenda item not found.", field="item_id")
    meeting = _lock(item.meeting_id)
    _require_status(meeting, Meeting.Status.OPEN, what="Keputusan tidak dapat dicatat")
    if kinds is not None and item.kind not in kinds:
        raise ValidationError({"item_id": "Jenis acara tidak sesuai. / Wrong kind of item."})
    if Decision.objects.filter(item=item).exists():
        raise Conflict("Acara ini sudah diputuskan. / Already decided.", field="item_id")
    if method not in Decision.Method.values:
        raise ValidationError({"method": "Cara pengambilan keputusan tidak dikenal. / Unknown."})
    tally = {
        "votes_for": _votes(votes_for, "votes_for"),
        "votes_against": _votes(votes_against, "votes_against"),
        "votes_abstain": _votes(votes_abstain, "votes_abstain"),
    }
    if method == Decision.Method.VOTE:
        present = selectors.quorum_status(meeting_id=meeting.pk).vote_weight
        cast = sum(tally.values(), ZERO)
        if cast == ZERO:
            raise ValidationError({"votes_for": "Hasil pemungutan suara wajib diisi. / Required."})
        if cast > present:
            raise ValidationError(
                {
                    "votes_for": f"Jumlah suara ({cast}) melebihi suara yang hadir ({present}). / "
                    "More votes than present."
                }
            )
        result = (
            Decision.Outcome.APPROVED
            if tally["votes_for"] > tally["votes_against"]
            else Decision.Outcome.REJECTED
        )
        if outcome and outcome != result:
            raise ValidationError({"outcome": "Hasil tidak sesuai perolehan suara. / Mismatch."})
        outcome = result
    else:
        if any(tally.values()):
            raise ValidationError({"votes_for": "Mufakat tanpa hitungan suara. / No tally."})
        outcome = outcome or Decision.Outcome.APPROVED
    prefix = "RAT" if meeting.kind == Meeting.Kind.RAT else "RALB"
    sequence = Decision.objects.filter(item__meeting=meeting).count() + 1
    decision = Decision(
        item=item,
        number=f"{sequence:02d}/{prefix}/{meeting.fiscal_year}",
        method=method,
        outcome=outcome,
        text=(text or "").strip(),
        decided_on=meeting.date,
        decided_by_id=decided_by_id,
        **tally,
    )
    decision.full_clean()
    decision.save()
    return decision


def _on_shu_decision(decision: Decision) -> Decision:
    """The one place an approved SHU decision leaves the meeting: the SHU proposal it approves
    is marked approved by the RAT (decision date and number), in the same transaction."""
    from sokoguru.tenants.shu.services import shu_proposal_approve

    decision.shu_proposal_id = decision.item.shu_proposal_id
    if decision.shu_proposal_id is not None:
        shu_proposal_approve(
            proposal_id=decision.shu_proposal_id,
            decided_on=decision.decided_on,
            reference=decision.number,
            approved_by_id=decision.decided_by_id,
        )
    decision.shu_recorded_at = timezone.now()
    decision.save(update_fields=["shu_proposal_id", "shu_recorded_at"])
    return decision


@transaction.atomic
def decision_record(
    *,
    item_id: int,
    method: str,
    text: str,
    decided_by_id: int | None,
    votes_for=0,
    votes_against=0,
    votes_abstain=0,
    outcome: str | None = None,
) -> Decision:
    """What the meeting decided on an item: by consensus (musyawarah mufakat) or by vote (the
    tally; more for than against carries). An approved SHU item is passed to the SHU proposal.
    Elections and the RAPB have their own services."""
    decision = _decide(
        item_id=item_id,
        method=method,
        text=text,
        decided_by_id=decided_by_id,
        kinds=tuple(
            k
            for k in AgendaItem.Kind.values
            if k not in (AgendaItem.Kind.ELECTION, AgendaItem.Kind.RAPB)
        ),
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
        outcome=outcome,
    )
    if decision.item.kind == AgendaItem.Kind.SHU and decision.outcome == Decision.Outcome.APPROVED:
        _on_shu_decision(decision)
    return decision


@transaction.atomic
def election_record(
    *,
    item_id: int,
    method: str,
    text: str,
    elected: list[dict],
    decided_by_id: int | None,
    votes_for=0,
    votes_against=0,
    votes_abstain=0,
) -> Decision:
    """An election result: for each elected ``{member_id, role, term_start, term_end, votes}``
    the serving officers of that role end the day before the new term and the new term is
    created in the members app."""
    from sokoguru.tenants.members.models import Officer
    from sokoguru.tenants.members.services import officer_assign, officer_end

    if not elected:
        raise ValidationError({"elected": "Belum ada yang terpilih. / Nobody elected."})
    decision = _decide(
        item_id=item_id,
        method=method,
        text=text,
        decided_by_id=decided_by_id,
        kinds=(AgendaItem.Kind.ELECTION,),
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
    )
    rows = []
    for entry in elected:
        if entry.get("role") not in Officer.Role.values:
            raise ValidationError({"elected": "Jabatan tidak dikenal. / Unknown role."})
        if not entry.get("term_start") or not entry.get("term_end"):
            raise ValidationError({"elected": "Masa jabatan wajib diisi. / Term required."})
        rows.append(
            ElectionResult(
                decision=decision,
                member=_member(entry.get("member_id"), field="elected"),
                role=entry["role"],
                votes=_votes(entry.get("votes"), "elected"),
                term_start=entry["term_start"],
                term_end=entry["term_end"],
            )
        )
    for role in dict.fromkeys(r.role for r in rows):
        start = min(r.term_start for r in rows if r.role == role)
        for officer in Officer.objects.filter(role=role, ended_on__isnull=True):
            officer_end(
                officer_id=officer.pk,
                ended_on=start - timedelta(days=1),
                created_by_id=decided_by_id,
            )
    for row in rows:
        officer = officer_assign(
            member_id=row.member_id,
            role=row.role,
            term_start=row.term_start,
            term_end=row.term_end,
            decree=f"Keputusan {decision.number}",
            created_by_id=decided_by_id,
        )
        row.officer_id = officer.pk
        row.full_clean()
    ElectionResult.objects.bulk_create(rows)
    return decision


@transaction.atomic
def rapb_record(
    *,
    item_id: int,
    method: str,
    text: str,
    lines: list[dict],
    decided_by_id: int | None,
    votes_for=0,
    votes_against=0,
    votes_abstain=0,
) -> Decision:
    """The approved work plan and budget: its ``lines`` (``kind`` income/expense,
    ``account_code``, ``label``, ``amount``) for next year's budget-vs-actual report."""
    from sokoguru.tenants.ledger.models import Account

    decision = _decide(
        item_id=item_id,
        method=method,
        text=text,
        decided_by_id=decided_by_id,
        kinds=(AgendaItem.Kind.RAPB,),
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
    )
    if decision.outcome != Decision.Outcome.APPROVED:
        return decision
    if not lines:
        raise ValidationError({"lines": "RAPB tanpa baris anggaran. / Budget lines required."})
    year = decision.item.meeting.fiscal_year + 1
    if BudgetPlan.objects.filter(fiscal_year=year).exists():
        raise Conflict(f"RAPB {year} sudah ada. / Budget exists.", field="lines")
    plan = BudgetPlan.objects.create(decision=decision, fiscal_year=year)
    known = set(Account.objects.values_list("code", flat=True))
    objects = []
    for n, line in enumerate(lines, start=1):
        code = str(line.get("account_code") or "").strip()
        if code not in known:
            raise ValidationError({"lines": f"Baris {n}: kode akun {code!r} tidak dikenal."})
        obj = BudgetLine(
            plan=plan,
            kind=line.get("kind"),
            account_code=code,
            label=(line.get("label") or "").strip(),
            amount=line.get("amount"),
        )
        try:
            obj.full_clean(exclude=["plan"], validate_constraints=False)
        except ValidationError as exc:
            raise ValidationError({"lines": f"Baris {n}: {'; '.join(exc.messages)}"}) from None
        objects.append(obj)
    if len({o.account_code for o in objects}) != len(objects):
        raise ValidationError({"lines": "Kode akun ganda dalam RAPB. / Duplicate account."})
    BudgetLine.objects.bulk_create(objects)
    return decision


# --- Close, minutes, report ---------------------------------------------------------------


@transaction.atomic
def meeting_close(
    *, meeting_id: int, chair_id: int, secretary_id: int, closed_by_id: int | None
) -> Meeting:
    """Close the meeting once every item other than free items is decided; the chair and the
    secretary who sign the minutes are named."""
    require_tenant_schema()
    require_role(closed_by_id, CHAIR_ROLES, field="closed_by_id")
    meeting = _lock(meeting_id)
    _require_status(meeting, Meeting.Status.OPEN, what="Rapat tidak dapat ditutup")
    open_items = meeting.agenda.exclude(kind=AgendaItem.Kind.OTHER).filter(decision__isnull=True)
    if open_items.exists():
        titles = ", ".join(i.title for i in open_items)
        raise ValidationError({"meeting_id": f"Belum diputuskan: {titles}. / Items undecided."})
    chair = _member(chair_id, field="chair_id")
    secretary = _member(secretary_id, field="secretary_id")
    if chair.pk == secretary.pk:
        raise ValidationError({"secretary_id": "Sekretaris bukan pimpinan rapat. / Different."})
    meeting.chair, meeting.secretary = chair, secretary
    meeting.status = Meeting.Status.HELD
    meeting.save()
    _mark_changed()
    return meeting


@transaction.atomic
def minutes_sign(*, meeting_id: int, signer: str, signed_on: date, signed_by_id: int | None):
    """Record the chair's or the secretary's signature of the minutes (berita acara)."""
    require_tenant_schema()
    require_role(signed_by_id, CHAIR_ROLES, field="signed_by_id")
    meeting = _lock(meeting_id)
    _require_status(meeting, Meeting.Status.HELD, what="Notulen tidak dapat ditandatangani")
    if signer not in ("chair", "secretary"):
        raise ValidationError({"signer": "Penanda tangan: chair atau secretary. / Unknown."})
    if signed_on is None or signed_on < meeting.date:
        raise ValidationError({"signed_on": "Tidak sebelum tanggal rapat. / Not before."})
    field_name = f"{signer}_signed_on"
    if getattr(meeting, field_name) is not None:
        raise Conflict("Sudah ditandatangani. / Already signed.", field="signer")
    setattr(meeting, field_name, signed_on)
    meeting.save(update_fields=[field_name])
    return meeting


@transaction.atomic
def dinas_report_submit(
    *,
    meeting_id: int,
    submitted_on: date,
    reference: str,
    submitted_by_id: int | None,
    file=None,
) -> DinasReport:
    """The RAT report sent to the dinas (due within one month of the meeting)."""
    require_tenant_schema()
    require_role(submitted_by_id, CHAIR_ROLES, field="submitted_by_id")
    meeting = _lock(meeting_id)
    _require_status(meeting, Meeting.Status.HELD, what="Laporan tidak dapat dikirim")
    if not meeting.minutes_signed:
        raise ValidationError(
            {"meeting_id": "Notulen belum ditandatangani pimpinan dan sekretaris. / Unsigned."}
        )
    if DinasReport.objects.filter(meeting=meeting).exists():
        raise Conflict("Laporan RAT ini sudah dikirim. / Already submitted.", field="meeting_id")
    if submitted_on is None or submitted_on < meeting.date:
        raise ValidationError({"submitted_on": "Tidak sebelum tanggal rapat. / Not before."})
    report = DinasReport(
        meeting=meeting,
        submitted_on=submitted_on,
        reference=(reference or "").strip(),
        status_changed_on=submitted_on,
        submitted_by_id=submitted_by_id,
    )
    if file is not None:
        report.file = file
    report.full_clean()
    report.save()
    _mark_changed()
    return report


@transaction.atomic
def dinas_report_status_set(
    *, meeting_id: int, status: str, on: date, changed_by_id: int | None, note: str = ""
) -> DinasReport:
    require_tenant_schema()
    require_role(changed_by_id, CHAIR_ROLES, field="changed_by_id")
    report = DinasReport.objects.select_for_update().filter(meeting_id=meeting_id).first()
    if report is None:
        raise NotFound("Laporan RAT belum dikirim. / Not submitted.", field="meeting_id")
    if status not in DinasReport.Status.values:
        raise ValidationError({"status": "Status tidak dikenal. / Unknown status."})
    if on is None or on < report.submitted_on:
        raise ValidationError({"on": "Tidak sebelum tanggal kirim. / Not before submission."})
    report.status, report.status_changed_on, report.note = status, on, note or ""
    report.full_clean()
    report.save()
    return report
