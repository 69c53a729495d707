"""SHU documents: the slip of one member (one A4 page, Indonesian), all members' slips as one
PDF, and the distribution as an XLSX workbook. View-free: pages and GraphQL call these."""

from __future__ import annotations

from django.db import connection

from sokoguru.platform.core.documents import render_pdf, workbook_bytes
from sokoguru.platform.core.money import format_rupiah
from sokoguru.tenants.shu.models import ShuShare
from sokoguru.tenants.shu.permissions import VIEW_ROLES, require_role
from sokoguru.tenants.shu.selectors import shu_proposal_get, shu_share_list

SLIP_TEMPLATE = "shu/slip.html"


def _context(proposal, shares: list[ShuShare]) -> dict:
    tenant = getattr(connection, "tenant", None)
    pools = list(proposal.pools.order_by("position"))
    return {
        "cooperative": getattr(tenant, "name", ""),
        "proposal": proposal,
        "pools": [
            {"label": p.label, "percent": p.member_percent, "amount": format_rupiah(p.amount)}
            for p in pools
        ],
        "jma_pool": format_rupiah(next((p.amount for p in pools if p.key == "jasa_modal"), 0)),
        "jua_pool": format_rupiah(next((p.amount for p in pools if p.key == "jasa_usaha"), 0)),
        "shu": format_rupiah(proposal.shu),
        "slips": [
            {
                "share": s,
                "simpanan": format_rupiah(s.simpanan, cents=True),
                "participation": format_rupiah(s.participation),
                "jasa_modal": format_rupiah(s.jasa_modal),
                "jasa_usaha": format_rupiah(s.jasa_usaha),
                "gross": format_rupiah(s.gross),
                "withheld": format_rupiah(s.withheld),
                "net": format_rupiah(s.net),
                "payout": s.get_payout_display(),
            }
            for s in shares
        ],
    }


def shu_slip_pdf(*, proposal_id: int, member_id: int, user_id: int | None) -> bytes:
    """One member's SHU slip (one page)."""
    require_role(user_id, VIEW_ROLES, field="user_id")
    proposal = shu_proposal_get(proposal_id=proposal_id)
    shares = list(shu_share_list(proposal_id=proposal.pk, member_id=member_id))
    if not shares:
        from sokoguru.platform.core.errors import NotFound

        raise NotFound("Anggota ini tidak mendapat SHU tahun ini.", field="member_id")
    return render_pdf(template=SLIP_TEMPLATE, context=_context(proposal, shares))


def shu_slips_pdf(*, proposal_id: int, user_id: int | None) -> bytes:
    """Every member's slip, one page each, in one PDF (by member number)."""
    require_role(user_id, VIEW_ROLES, field="user_id")
    proposal = shu_proposal_get(proposal_id=proposal_id)
    shares = list(shu_share_list(proposal_id=proposal.pk))
    return render_pdf(template=SLIP_TEMPLATE, context=_context(proposal, shares))


def shu_distribution_xlsx(*, proposal_id: int, user_id: int | None) -> bytes:
    """The allocation and every member's share as a workbook (exact rupiah as numbers)."""
    require_role(user_id, VIEW_ROLES, field="user_id")
    proposal = shu_proposal_get(proposal_id=proposal_id)
    pools = list(proposal.pools.order_by("position"))
    shares = list(shu_share_list(proposal_id=proposal.pk))
    return workbook_bytes(
        sheets=[
            (
                f"Alokasi SHU {proposal.fiscal_year}",
                [
                    "Bagian",
                    "Akun",
                    "% anggota",
                    "Dari SHU anggota",
                    "% non-anggota",
                    "Dari SHU non-anggota",
                    "Jumlah",
                ],
                [
                    (
                        p.label,
                        p.account_code,
                        p.member_percent,
                        p.member_amount,
                        p.non_member_percent,
                        p.non_member_amount,
                        p.amount,
                    )
                    for p in pools
                ]
                + [
                    (
                        "Jumlah SHU",
                        "",
                        None,
                        proposal.member_part,
                        None,
                        proposal.non_member_part,
                        proposal.shu,
                    )
                ],
            ),
            (
                "SHU anggota",
                [
                    "No. anggota",
                    "Nama",
                    "Simpanan (dasar JMA)",
                    "Partisipasi (dasar JUA)",
                    "Jasa modal",
                    "Jasa usaha",
                    "SHU",
                    "Potongan pajak",
                    "Diterima",
                    "Pembayaran",
                    "Tanggal bayar",
                ],
                [
                    (
                        s.member_number,
                        s.member_name,
                        s.simpanan,
                        s.participation,
                        s.jasa_modal,
                        s.jasa_usaha,
                        s.gross,
                        s.withheld,
                        s.net,
                        s.get_payout_display(),
                        s.paid_on.isoformat() if s.paid_on else "",
                    )
                    for s in shares
                ],
            ),
        ]
    )
