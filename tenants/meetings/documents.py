"""The meeting's documents: minutes (berita acara / notulen) and the attendance list as PDF,
the accountability report pack (laporan pertanggungjawaban) as PDF and XLSX. All generated from
the record, through ``sokoguru.platform.core.documents``."""

from __future__ import annotations

from decimal import Decimal

from sokoguru.platform.core.documents import render_pdf, workbook_bytes
from sokoguru.tenants.ledger.fiscal import fiscal_year_bounds
from sokoguru.tenants.meetings import selectors
from sokoguru.tenants.meetings.models import AgendaItem, Meeting

ZERO = Decimal("0.00")


def _cooperative_name() -> str:
    from django.db import connection

    return getattr(getattr(connection, "tenant", None), "name", "")


def minutes_context(meeting: Meeting) -> dict:
    quorum = selectors.quorum_status(meeting_id=meeting.pk)
    return {
        "cooperative": _cooperative_name(),
        "meeting": meeting,
        "quorum": quorum,
        "agenda": [
            {"item": item, "decision": getattr(item, "decision", None)}
            for item in selectors.agenda_list(meeting_id=meeting.pk).select_related("decision")
        ],
        "elected": {
            d.item_id: list(d.elected.all()) for d in selectors.decision_list(meeting_id=meeting.pk)
        },
        "first_call": meeting.first_call,
    }


def minutes_pdf(*, meeting_id: int) -> bytes:
    meeting = selectors.meeting_get(meeting_id=meeting_id)
    context = minutes_context(meeting)
    for row in context["agenda"]:
        row["elected"] = context["elected"].get(row["item"].pk, [])
    return render_pdf(template="meetings/minutes.html", context=context)


def attendance_pdf(*, meeting_id: int) -> bytes:
    meeting = selectors.meeting_get(meeting_id=meeting_id)
    return render_pdf(
        template="meetings/attendance.html",
        context={
            "cooperative": _cooperative_name(),
            "meeting": meeting,
            "rows": list(selectors.attendance_list(meeting_id=meeting.pk)),
            "quorum": selectors.quorum_status(meeting_id=meeting.pk),
        },
    )


def member_movement(*, fiscal_year: int) -> dict:
    """Members at the start of the year, joined, left (exit or death) and at its end."""
    from sokoguru.tenants.members.selectors import member_list

    start, end = fiscal_year_bounds(fiscal_year)
    members = member_list()
    at_start = members.filter(joined_on__lt=start).exclude(exited_on__lt=start).count()
    joined = members.filter(joined_on__gte=start, joined_on__lte=end).count()
    left = members.filter(exited_on__gte=start, exited_on__lte=end).count()
    return {"start": at_start, "joined": joined, "left": left, "end": at_start + joined - left}


def report_pack(*, meeting_id: int) -> dict:
    """The figures of the accountability report for the meeting's fiscal year (comparative)."""
    from django.apps import apps

    meeting = selectors.meeting_get(meeting_id=meeting_id)
    year = meeting.fiscal_year
    start, end = fiscal_year_bounds(year)
    statements = selectors.ledger_statements()
    loans = None
    if apps.is_installed("sokoguru.tenants.loans"):
        from sokoguru.tenants.loans.selectors import loan_portfolio_summary

        loans = loan_portfolio_summary(as_of=end)
    income = statements.income_statement(start=start, end=end, compare=True)
    shu_item = selectors.agenda_list(meeting_id=meeting.pk).filter(kind=AgendaItem.Kind.SHU).first()
    return {
        "cooperative": _cooperative_name(),
        "meeting": meeting,
        "balance_sheet": statements.balance_sheet(as_of=end, compare=True),
        "income_statement": income,
        "cash_flow": statements.cash_flow(start=start, end=end, compare=True),
        "equity_changes": statements.equity_changes(start=start, end=end, compare=True),
        "members": member_movement(fiscal_year=year),
        "loans": loans,
        "shu": {
            "surplus": income["surplus"],
            "proposal_id": shu_item.shu_proposal_id if shu_item else None,
        },
        "budget": selectors.budget_vs_actual(fiscal_year=year),
    }


def report_pack_pdf(*, meeting_id: int) -> bytes:
    return render_pdf(
        template="meetings/report_pack.html", context=report_pack(meeting_id=meeting_id)
    )


def report_pack_xlsx(*, meeting_id: int) -> bytes:
    pack = report_pack(meeting_id=meeting_id)
    sheet, income = pack["balance_sheet"], pack["income_statement"]

    def comparative(lines):
        return [
            (line["code"], line["name"], line["amount"], line["previous_amount"] or ZERO)
            for line in lines
        ]

    year = pack["meeting"].fiscal_year
    header = ["Kode", "Akun", str(year), str(year - 1)]
    sheets = [
        (
            "Neraca",
            header,
            comparative(sheet["asset_lines"] + sheet["liability_lines"] + sheet["equity_lines"])
            + [("", "SHU tahun berjalan", sheet["shu_current_year"], ZERO)],
        ),
        ("PHU", header, comparative(income["income_lines"] + income["expense_lines"])),
        (
            "Arus kas",
            ["Kegiatan", "Kode", "Akun", "Jumlah"],
            [
                (line["activity"], line["code"], line["name"], line["amount"])
                for line in pack["cash_flow"]["lines"]
            ],
        ),
        (
            "Perubahan ekuitas",
            ["Kode", "Akun", "Awal", "Tambah", "Kurang", "Akhir"],
            [
                (r["code"], r["name"], r["opening"], r["increase"], r["decrease"], r["closing"])
                for r in pack["equity_changes"]["rows"]
            ],
        ),
        (
            "Anggota",
            ["Awal tahun", "Masuk", "Keluar", "Akhir tahun"],
            [tuple(pack["members"][k] for k in ("start", "joined", "left", "end"))],
        ),
        (
            "Kolektibilitas",
            ["Golongan", "Jumlah pinjaman", "Outstanding"],
            [
                (bucket, data["count"], data["outstanding"])
                for bucket, data in (pack["loans"] or {"buckets": {}})["buckets"].items()
            ],
        ),
        (
            "SHU",
            ["SHU tahun buku", "Usulan SHU (id)"],
            [(pack["shu"]["surplus"], pack["shu"]["proposal_id"] or "")],
        ),
        (
            "RAPB vs realisasi",
            ["Jenis", "Kode", "Uraian", "Anggaran", "Realisasi", "Selisih"],
            [
                (
                    b["kind"],
                    b["account_code"],
                    b["label"],
                    b["budget"],
                    b["actual"],
                    b["difference"],
                )
                for b in pack["budget"]
            ],
        ),
    ]
    return workbook_bytes(sheets=sheets)
