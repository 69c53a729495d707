"""Report files: PDF (WeasyPrint, A4, charts as embedded SVG images) and XLSX (openpyxl),
always in Indonesian, through ``sokoguru.platform.core.documents``."""

from __future__ import annotations

import base64
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sokoguru.federation.dashboard.charts import bar_chart, line_chart, percent_text
from sokoguru.federation.reports.models import ReportKind
from sokoguru.federation.reports.selectors import HEALTH_BANDS, OdsRow, ReportData
from sokoguru.federation.snapshots import alerts as rules
from sokoguru.platform.core.documents import render_pdf, workbook_bytes
from sokoguru.platform.core.money import format_rupiah

LANGUAGE = "id"


def period_label(period) -> str:
    return date_format(period, "F Y")


def _svg_image(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _charts(data: ReportData) -> dict:
    labels = [date_format(p.date, "M y") for p in data.trend]
    bands = [(str(HEALTH_BANDS[b]), data.total.health.get(b, 0)) for b in HEALTH_BANDS]
    return {
        "trend_chart": _svg_image(
            line_chart(
                labels,
                [
                    (_("Total simpanan"), [p.savings_total for p in data.trend]),
                    (_("Pinjaman beredar"), [p.loans_outstanding for p in data.trend]),
                ],
                title=_("Simpanan dan pinjaman per bulan"),
            )
        ),
        "npl_chart": _svg_image(
            line_chart(
                labels,
                [("NPL", [p.npl_ratio for p in data.trend])],
                percent=True,
                title=_("NPL per bulan"),
            )
        ),
        "health_chart": _svg_image(
            bar_chart(
                bands,
                title=_("Sebaran tingkat kesehatan"),
                colors=["#1d6f42", "#2c6fbb", "#b7791f", "#c0392b"],
            )
        )
        if any(n for _b, n in bands)
        else "",
    }


def _changes(data: ReportData) -> list[tuple[str, str, str, str]]:
    """Month-on-month: (label, previous, current, change) as text."""
    t = data.total

    def money(name, label):
        change = t.change(name)
        sign = "+" if change > 0 else ""
        return (
            label,
            format_rupiah(t.previous[name], cents=None),
            format_rupiah(t.figures[name], cents=None),
            f"{sign}{format_rupiah(change, cents=None)}",
        )

    def count(name, label):
        change = t.change(name)
        return (label, str(t.previous[name]), str(t.figures[name]), f"{change:+d}")

    npl_change = (t.npl_ratio - t.previous_npl_ratio) * 100
    return [
        count("members_active", _("Anggota aktif")),
        money("savings_total", _("Total simpanan")),
        money("loans_outstanding", _("Pinjaman beredar")),
        (
            _("Rasio NPL"),
            percent_text(t.previous_npl_ratio),
            percent_text(t.npl_ratio),
            f"{npl_change:+.2f} poin".replace(".", ","),
        ),
        money("total_assets", _("Total aset")),
    ]


# A regional PDF lists at most this many alerts (the most severe first) after the count of
# every alert by kind and severity; the XLSX lists them all.
PDF_ALERT_LIMIT = 100


def _alert_summary(data: ReportData) -> list[tuple[str, int, int, int]]:
    """(kind label, critical, warning, info) for every kind of alert raised."""
    counts: dict[str, list[int]] = {}
    order = [rules.CRITICAL, rules.WARNING, rules.INFO]
    for _name, a in data.alerts:
        row = counts.setdefault(str(a.kind_label), [0, 0, 0])
        row[order.index(a.severity)] += 1
    return [(label, *row) for label, row in sorted(counts.items())]


def report_pdf(data: ReportData) -> bytes:
    with translation.override(LANGUAGE):
        limited = data.kind != ReportKind.KELURAHAN and len(data.alerts) > PDF_ALERT_LIMIT
        context = {
            "alerts_shown": data.alerts[:PDF_ALERT_LIMIT] if limited else data.alerts,
            "alerts_more": len(data.alerts) - PDF_ALERT_LIMIT if limited else 0,
            "alert_summary": _alert_summary(data),
            "data": data,
            "period_label": period_label(data.period),
            "changes": _changes(data),
            "generated_at": timezone.localtime(),
            "is_kelurahan": data.kind == ReportKind.KELURAHAN,
            "severity_critical": rules.CRITICAL,
            **_charts(data),
        }
        return render_pdf(template="reports/monitoring.html", context=context)


def _line_values(line, kind: str) -> list:
    base = [
        line.label,
        line.detail,
        line.cooperative_count,
        line.members_active,
        line.savings_total,
        line.change("savings_total"),
        line.loans_outstanding,
        line.npl_ratio * 100,
        line.health_text or "–",
    ]
    if kind == ReportKind.KELURAHAN:
        base.append(line.rat_label)
    else:
        base.append(line.rat_held)
    return base + [
        line.production_sales_month,
        line.waste_kg,
        line.waste_sales_month,
        line.alerts,
    ]


def report_xlsx(data: ReportData) -> bytes:
    with translation.override(LANGUAGE):
        kelurahan = data.kind == ReportKind.KELURAHAN
        header = [
            data.line_heading,
            _("Kelurahan") if kelurahan else _("Kode wilayah"),
            _("Koperasi"),
            _("Anggota aktif"),
            _("Total simpanan"),
            _("Perubahan simpanan dari bulan lalu"),
            _("Pinjaman beredar"),
            _("NPL (%)"),
            _("Tingkat kesehatan"),
            _("Status RAT") if kelurahan else _("Sudah RAT"),
            _("Penjualan produk bulan ini"),
            _("Sampah disetor (kg)"),
            _("Penjualan sampah bulan ini"),
            _("Peringatan"),
        ]
        rows = [_line_values(line, data.kind) for line in data.lines]
        total = _line_values(data.total, data.kind)
        total[1] = ""
        if kelurahan:
            total[9] = data.total.rat_held
        rows.append(total)
        summary = [
            (_("Badan"), data.body.name),
            (_("Wilayah"), f"{data.region_name} ({data.body.region_id})"),
            (_("Periode"), period_label(data.period)),
            (_("Data per"), data.data_date.isoformat() if data.data_date else "–"),
            (_("Jumlah koperasi"), data.total.cooperative_count),
        ] + [
            (f"{label}: {_('bulan lalu')} → {_('bulan ini')}", f"{p} → {c} ({d})")
            for label, p, c, d in _changes(data)
        ]
        alerts = [
            (name, str(a.severity_label), str(a.kind_label), a.message) for name, a in data.alerts
        ]
        return workbook_bytes(
            sheets=[
                (_("Ringkasan"), [_("Keterangan"), _("Nilai")], summary),
                (data.line_heading, header, rows),
                (
                    _("Peringatan"),
                    [_("Koperasi"), _("Tingkat"), _("Peringatan"), _("Keterangan")],
                    alerts,
                ),
                (
                    _("Tren"),
                    [_("Tanggal"), _("Total simpanan"), _("Pinjaman beredar"), _("NPL (%)")],
                    [
                        (p.date, p.savings_total, p.loans_outstanding, p.npl_ratio * 100)
                        for p in data.trend
                    ],
                ),
            ]
        )


ODS_HEADER = [
    "No",
    "Nama koperasi",
    "NIK koperasi",
    "Jenis koperasi",
    "Kelurahan/desa",
    "Kode wilayah",
    "Status (aktif/tidak aktif)",
    "RAT tahun buku",
    "RAT dilaksanakan",
    "Tanggal RAT",
    "Jumlah anggota",
    "Anggota aktif",
    "Jumlah pengurus",
    "Jumlah pengawas",
    "Jumlah karyawan",
    "Modal sendiri",
    "Modal luar",
    "Volume usaha (tahun berjalan)",
    "SHU tahun berjalan",
    "SHU tahun buku terakhir",
    "Total aset",
    "Data per",
]


def ods_xlsx(rows: list[OdsRow], *, body, period, as_of) -> bytes:
    """The ministry data system's dimensions: modal sendiri = equity, modal luar = liabilities
    (the balance sheet's two sides), volume usaha = income of the fiscal year to date."""
    with translation.override(LANGUAGE):
        due = rules.rat_fiscal_year_due(as_of)
        lines = []
        for n, r in enumerate(rows, start=1):
            s = r.snapshot
            coop = r.cooperative
            lines.append(
                [
                    n,
                    coop.name,
                    coop.legal_number or "",
                    coop.get_kind_display(),
                    coop.domicile.name if coop.domicile_id else "",
                    s.region_code,
                    _("Aktif") if r.active else _("Tidak aktif"),
                    due,
                    _("Ya") if r.rat_held else _("Tidak"),
                    s.last_rat_date,
                    s.members_total,
                    s.members_active,
                    s.managers_count,
                    s.supervisors_count,
                    s.employees_count,
                    s.total_equity,
                    s.total_liabilities,
                    s.income_ytd,
                    s.surplus_ytd,
                    s.shu_last_amount if s.shu_last_year else Decimal("0.00"),
                    s.total_assets,
                    s.date,
                ]
            )
        meta = [
            (_("Badan"), body.name),
            (_("Periode"), period_label(period)),
            (_("Jumlah koperasi"), len(rows)),
            (_("Koperasi aktif"), sum(1 for r in rows if r.active)),
            (_("Sudah RAT"), sum(1 for r in rows if r.rat_held)),
        ]
        return workbook_bytes(
            sheets=[
                ("ODS", ODS_HEADER, lines),
                (_("Keterangan"), [_("Keterangan"), _("Nilai")], meta),
            ]
        )
