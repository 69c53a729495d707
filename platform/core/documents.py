"""Documents for download: PDF from a Django template (WeasyPrint) and XLSX workbooks (openpyxl).

The one home of report rendering: SHU slips, RAT minutes, financial statements and oversight
reports all come through here, A4 and Indonesian by default.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.template.loader import render_to_string

PDF_TYPE = "application/pdf"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render_pdf(*, template: str, context: dict, base_url: str | None = None) -> bytes:
    """The template rendered to HTML, then to PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, base_url=base_url or ".").write_pdf()


def workbook_bytes(*, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """An XLSX file of ``(title, header, rows)`` sheets. Decimals stay numbers (rupiah format)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
            for cell, value in zip(sheet[sheet.max_row], row, strict=False):
                if isinstance(value, Decimal):
                    cell.number_format = "#,##0.00"
        for column in sheet.columns:
            width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
