"""PDF and XLSX rendering: the figures written are the figures read back."""

from __future__ import annotations

import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sokoguru.platform.core.documents import render_pdf, workbook_bytes


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
def test_pdf_carries_the_rendered_figures(tmp_path, settings):
    # given a template on disk
    (tmp_path / "t.html").write_text("<h1>Neraca</h1><p>Kas {{ kas }}</p>")
    settings.TEMPLATES = [
        {"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [str(tmp_path)]}
    ]
    # when
    pdf = render_pdf(template="t.html", context={"kas": "Rp 1.250.000"})
    # then
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Kas Rp 1.250.000" in text


def test_workbook_keeps_exact_numbers():
    # when
    data = workbook_bytes(
        sheets=[("Simpanan", ["anggota", "saldo"], [("A-1", Decimal("150000.50"))])]
    )
    # then
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Simpanan"
    assert [c.value for c in sheet[1]] == ["anggota", "saldo"]
    assert sheet["B2"].value == 150000.5
    assert sheet["B2"].number_format == "#,##0.00"
