"""Reading an office treasurer's payroll-deduction file (CSV or XLSX). Columns, in any order,
matched by header (case and spacing ignored):

* ``nip`` and/or ``nomor_anggota`` (either identifies the member; a single column
  ``nip_atau_nomor_anggota`` also works),
* ``wajib`` (simpanan wajib), ``angsuran`` (loan instalment), ``lainnya`` (other: credited to
  simpanan sukarela); missing amount columns count as 0,
* any other column (``nama``, ``unit kerja`` …) is ignored.

Amounts may be written 50000, 50000.00, 50.000 or 50.000,00. Row numbers are those of the
spreadsheet (the header is row 1)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sokoguru.platform.core.errors import SokoguruError

ZERO = Decimal("0.00")

HEADER_ALIASES = {
    "identifier": {
        "nip_atau_nomor_anggota",
        "nip_nomor_anggota",
        "nip_atau_no_anggota",
        "nip/nomor_anggota",
        "identitas",
    },
    "nip": {"nip", "nip_pegawai"},
    "number": {"nomor_anggota", "no_anggota", "member_number", "no_anggota_koperasi"},
    "wajib": {"wajib", "simpanan_wajib", "potongan_wajib"},
    "loan": {
        "angsuran",
        "angsuran_pinjaman",
        "pinjaman",
        "cicilan",
        "cicilan_pinjaman",
        "loan_instalment",
        "loan",
    },
    "other": {"lainnya", "lain_lain", "lain2", "other", "sukarela", "simpanan_sukarela"},
}
COLUMN_LABEL = {"wajib": "wajib", "loan": "angsuran", "other": "lainnya"}
MAX_ROWS = 20000


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Baris {self.row}, kolom {self.column}: {self.message}"


@dataclass
class ParsedRow:
    number: int
    identifier: str
    wajib: Decimal = ZERO
    loan_instalment: Decimal = ZERO
    other: Decimal = ZERO
    errors: list[RowError] = field(default_factory=list)


class PayrollImportError(SokoguruError):
    """The file has bad rows: nothing was posted. ``row_errors`` lists every one."""

    code = "invalid_rows"

    def __init__(self, row_errors: list[RowError]):
        self.row_errors = sorted(row_errors, key=lambda e: (e.row, e.column))
        super().__init__(
            f"{len(self.row_errors)} kesalahan pada berkas potongan gaji; tidak ada yang "
            "dibukukan. / The file has errors; nothing was posted.",
            field="file",
        )

    def as_list(self) -> list[dict]:
        return [{"field": "file", "code": self.code, "message": str(e)} for e in self.row_errors]


def _key(header) -> str:
    text = str(header or "").strip().lower()
    text = re.sub(r"[\s\-.]+", "_", text)
    return text.strip("_")


def parse_amount(value) -> Decimal:
    """50000 / 50000.00 / "50.000" / "50.000,00" / "Rp 50.000" / blank → Decimal (blank is 0)."""
    if value is None:
        return ZERO
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return Decimal(value).quantize(Decimal("0.01"))
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        text = str(value).strip().replace("Rp", "").replace("rp", "").replace(" ", "")
        if text in ("", "-"):
            return ZERO
        if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d{1,2})?", text):
            text = text.replace(".", "").replace(",", ".")
        elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d{1,2})?", text):
            text = text.replace(",", "")
        elif re.fullmatch(r"\d+,\d{1,2}", text):
            text = text.replace(",", ".")
        if not re.fullmatch(r"\d+(\.\d{1,2})?", text):
            raise ValueError(f"jumlah tidak valid: {value!r}")
        amount = Decimal(text)
    if amount < 0:
        raise ValueError("jumlah tidak boleh negatif")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("paling banyak dua angka desimal")
    return amount.quantize(Decimal("0.01"))


def _identifier(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s", "", str(value)).strip()


def _read_rows(filename: str, content: bytes) -> list[list]:
    name = (filename or "").lower()
    if name.endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a broken file
            raise PayrollImportError(
                [RowError(1, "file", f"Berkas XLSX tidak dapat dibaca ({exc.__class__.__name__}).")]
            )
        try:
            sheet = workbook.worksheets[0]
            return [list(row) for row in sheet.iter_rows(values_only=True)][: MAX_ROWS + 1]
        finally:
            workbook.close()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)][: MAX_ROWS + 1]


def parse_payroll_file(*, filename: str, content: bytes) -> list[ParsedRow]:
    """Rows of the file with their own format errors attached (member look-up happens later).
    A file without a usable header raises ``PayrollImportError`` at once."""
    table = _read_rows(filename, content)
    while table and not any(str(c or "").strip() for c in table[0]):
        table.pop(0)
    if not table:
        raise PayrollImportError([RowError(1, "file", "Berkas kosong.")])
    headers = [_key(h) for h in table[0]]
    columns: dict[str, int] = {}
    for index, header in enumerate(headers):
        for name, aliases in HEADER_ALIASES.items():
            if header in aliases and name not in columns:
                columns[name] = index
    if not ({"identifier", "nip", "number"} & set(columns)):
        raise PayrollImportError(
            [RowError(1, "nip", "Kolom NIP atau nomor_anggota tidak ditemukan di baris judul.")]
        )
    if not ({"wajib", "loan", "other"} & set(columns)):
        raise PayrollImportError(
            [RowError(1, "wajib", "Kolom wajib, angsuran atau lainnya tidak ditemukan.")]
        )
    rows: list[ParsedRow] = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(str(c if c is not None else "").strip() for c in cells):
            continue

        def cell(name, cells=cells):
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else None

        identifier = ""
        for name in ("identifier", "nip", "number"):
            identifier = _identifier(cell(name))
            if identifier:
                break
        row = ParsedRow(number=number, identifier=identifier)
        if not identifier:
            row.errors.append(RowError(number, "nip", "NIP atau nomor anggota kosong."))
        for name, attr in (("wajib", "wajib"), ("loan", "loan_instalment"), ("other", "other")):
            try:
                setattr(row, attr, parse_amount(cell(name)))
            except (ValueError, InvalidOperation) as exc:
                row.errors.append(RowError(number, COLUMN_LABEL[name], str(exc)))
        rows.append(row)
    if len(rows) > MAX_ROWS:
        raise PayrollImportError([RowError(1, "file", f"Lebih dari {MAX_ROWS} baris.")])
    return rows
