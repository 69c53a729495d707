"""The SHU slip (one page per member, Indonesian) and the distribution workbook."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sokoguru.platform.core.errors import PermissionDenied
from sokoguru.tenants.shu.documents import shu_distribution_xlsx, shu_slip_pdf, shu_slips_pdf
from sokoguru.tenants.shu.services import shu_proposal_approve, shu_proposal_create
from tests.shu.conftest import close_year

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler missing")


def _text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def _proposal(year):
    close_year(year.officers)
    proposal = shu_proposal_create(fiscal_year=2025, proposed_by_id=year.officers["bendahara"].pk)
    return shu_proposal_approve(
        proposal_id=proposal.pk,
        decided_on=date(2026, 3, 1),
        reference="05/RAT/2026",
        approved_by_id=year.officers["ketua"].pk,
    )


@needs_poppler
def test_slip_of_one_member_on_one_page(year_2025):
    proposal = _proposal(year_2025)

    pdf = shu_slip_pdf(
        proposal_id=proposal.pk,
        member_id=year_2025.siti.pk,
        user_id=year_2025.officers["pengawas"].pk,
    )

    text = _text(pdf)
    assert text.count("\f") == 1  # one page
    assert "Slip Sisa Hasil Usaha (SHU) — Tahun Buku 2025" in text
    assert "Siti Aminah" in text
    assert "Rp 73.913" in text and "Rp 187.500" in text and "Rp 261.413" in text
    assert "05/RAT/2026" in text


@needs_poppler
def test_all_slips_in_one_pdf_one_page_each(year_2025):
    proposal = _proposal(year_2025)

    text = _text(shu_slips_pdf(proposal_id=proposal.pk, user_id=year_2025.officers["ketua"].pk))

    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) == 4
    assert "Dedi Kurniawan" in pages[3] and "Rp 34.783" in pages[3]


def test_distribution_workbook_has_exact_figures(year_2025):
    proposal = _proposal(year_2025)

    book = load_workbook(
        io.BytesIO(
            shu_distribution_xlsx(proposal_id=proposal.pk, user_id=year_2025.officers["ketua"].pk)
        )
    )

    pools, shares = book.worksheets
    assert pools.title == "Alokasi SHU 2025"
    assert [row[6] for row in pools.iter_rows(min_row=2, values_only=True)][-1] == 1100000
    rows = list(shares.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[4], r[5], r[8]) for r in rows] == [
        ("Siti Aminah", 73913, 187500, 261413),
        ("Budi Santoso", 43478, 62500, 105978),
        ("Citra Lestari", 47826, 0, 47826),
        ("Dedi Kurniawan", 34783, 0, 34783),
    ]
    assert sum(Decimal(str(r[8])) for r in rows) == Decimal("450000")


def test_documents_need_an_officer_role(year_2025, make_user, coop_a):
    proposal = _proposal(year_2025)
    anggota = make_user(roles={coop_a: "anggota"})
    with pytest.raises(PermissionDenied):
        shu_distribution_xlsx(proposal_id=proposal.pk, user_id=anggota.pk)
