"""Laporan: trial balance, neraca, PHU, arus kas and perubahan ekuitas for a chosen period
(comparative with last year), as a page, a PDF and an XLSX; the journal with its sources in
words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sokoguru.platform.audit.permissions import AUDIT_READ_ROLES
from sokoguru.platform.core.documents import (
    PDF_TYPE,
    XLSX_TYPE,
    download,
    render_pdf,
    workbook_bytes,
)
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.ledger.fiscal import fiscal_year_start
from sokoguru.tenants.ledger.selectors import transaction_list
from sokoguru.tenants.ledger.statements import (
    ACTIVITY_LABELS,
    balance_sheet,
    cash_flow,
    equity_changes,
    income_statement,
    trial_balance,
)
from sokoguru.tenants.workspace.forms import PeriodForm
from sokoguru.tenants.workspace.sources import source_label
from sokoguru.tenants.workspace.views.base import officer_view, paginate

REPORTS = {
    "neraca-saldo": gettext_lazy("Neraca saldo"),
    "neraca": gettext_lazy("Neraca"),
    "phu": gettext_lazy("Perhitungan hasil usaha"),
    "arus-kas": gettext_lazy("Laporan arus kas"),
    "perubahan-ekuitas": gettext_lazy("Laporan perubahan ekuitas"),
}


def _row(label, *values, strong=False, code=""):
    return {"label": label, "values": list(values), "strong": strong, "code": code}


def _lines(lines, compare):
    return [
        _row(
            line["name"],
            line["amount"],
            *([line["previous_amount"]] if compare else []),
            code=line["code"],
        )
        for line in lines
    ]


def report_table(kind: str, start: date, end: date, compare: bool) -> dict:
    """One report as a table (columns, rows): the page, the PDF and the XLSX show the same
    figures, read from the ledger's statement selectors."""
    if kind == "neraca-saldo":
        tb = trial_balance(as_of=end, compare=compare)
        columns = [_("Debit"), _("Kredit")]
        if compare:
            columns += [_("Debit tahun lalu"), _("Kredit tahun lalu")]
        rows = [
            _row(
                line["name"],
                line["debit"],
                line["credit"],
                *([line["previous_debit"], line["previous_credit"]] if compare else []),
                code=line["code"],
            )
            for line in tb["lines"]
        ]
        rows.append(
            _row(
                _("Jumlah"),
                tb["debit"],
                tb["credit"],
                *([tb["previous_debit"], tb["previous_credit"]] if compare else []),
                strong=True,
            )
        )
        period = _("per %(day)s") % {"day": end.strftime("%d-%m-%Y")}
    elif kind == "neraca":
        bs = balance_sheet(as_of=end, compare=compare)
        prev = bs["previous"] or {}
        columns = [_("Jumlah")] + ([_("Tahun lalu")] if compare else [])

        def total(label, key):
            return _row(label, bs[key], *([prev.get(key)] if compare else []), strong=True)

        rows = [_row(_("ASET"), strong=True)]
        rows += _lines(bs["asset_lines"], compare)
        rows.append(total(_("Jumlah aset"), "assets"))
        rows.append(_row(_("KEWAJIBAN"), strong=True))
        rows += _lines(bs["liability_lines"], compare)
        rows.append(total(_("Jumlah kewajiban"), "liabilities"))
        rows.append(_row(_("EKUITAS"), strong=True))
        rows += _lines(bs["equity_lines"], compare)
        rows.append(
            _row(
                _("SHU tahun berjalan"),
                bs["shu_current_year"],
                *([prev.get("shu_current_year")] if compare else []),
            )
        )
        if bs["shu_prior_unclosed"] or prev.get("shu_prior_unclosed"):
            rows.append(
                _row(
                    _("SHU tahun lalu belum ditutup"),
                    bs["shu_prior_unclosed"],
                    *([prev.get("shu_prior_unclosed")] if compare else []),
                )
            )
        rows.append(total(_("Jumlah ekuitas"), "equity"))
        rows.append(total(_("Jumlah kewajiban dan ekuitas"), "liabilities_and_equity"))
        period = _("per %(day)s") % {"day": end.strftime("%d-%m-%Y")}
    elif kind == "phu":
        st = income_statement(start=start, end=end, compare=compare)
        prev = st["previous"] or {}
        columns = [_("Jumlah")] + ([_("Tahun lalu")] if compare else [])
        rows = [_row(_("PENDAPATAN"), strong=True)]
        rows += _lines(st["income_lines"], compare)
        rows.append(
            _row(
                _("Jumlah pendapatan"),
                st["income"],
                *([prev.get("income")] if compare else []),
                strong=True,
            )
        )
        rows.append(_row(_("BEBAN"), strong=True))
        rows += _lines(st["expense_lines"], compare)
        rows.append(
            _row(
                _("Jumlah beban"),
                st["expenses"],
                *([prev.get("expenses")] if compare else []),
                strong=True,
            )
        )
        rows.append(
            _row(
                _("Sisa hasil usaha"),
                st["surplus"],
                *([prev.get("surplus")] if compare else []),
                strong=True,
            )
        )
        period = _period(start, end)
    elif kind == "arus-kas":
        cf = cash_flow(start=start, end=end, compare=compare)
        prev = cf["previous"] or {}
        columns = [_("Jumlah")] + ([_("Tahun lalu")] if compare else [])

        def pick(key):
            return [cf[key], *([prev.get(key)] if compare else [])]

        rows = [_row(_("Kas dan bank awal"), *pick("opening_cash"), strong=True)]
        for activity, label in ACTIVITY_LABELS.items():
            rows.append(_row(_(label), strong=True))
            for line in cf["lines"]:
                if line["activity"] == activity:
                    previous = (
                        [
                            next(
                                (
                                    p["amount"]
                                    for p in prev.get("lines", [])
                                    if p["code"] == line["code"]
                                ),
                                Decimal("0"),
                            )
                        ]
                        if compare
                        else []
                    )
                    rows.append(_row(line["name"], line["amount"], *previous, code=line["code"]))
            rows.append(_row(_("Jumlah %(a)s") % {"a": _(label).lower()}, *pick(activity)))
        rows.append(_row(_("Kenaikan (penurunan) kas"), *pick("net_change"), strong=True))
        rows.append(_row(_("Kas dan bank akhir"), *pick("closing_cash"), strong=True))
        if cf["non_cash"]:
            rows.append(
                _row(
                    _("Catatan: transaksi non-kas (tidak termasuk arus kas)"),
                    cf["non_cash_total"],
                    *([None] if compare else []),
                    strong=True,
                )
            )
            for item in cf["non_cash"]:
                rows.append(
                    _row(
                        f"{item['date']:%d-%m-%Y} {item['description']}",
                        item["amount"],
                        *([None] if compare else []),
                    )
                )
        period = _period(start, end)
    elif kind == "perubahan-ekuitas":
        eq = equity_changes(start=start, end=end, compare=compare)
        columns = [_("Awal"), _("Penambahan"), _("Pengurangan"), _("Akhir")]
        keys = ("opening", "increase", "decrease", "closing")
        rows = [_row(r["name"], *(r[k] for k in keys), code=r["code"]) for r in eq["rows"]]
        rows.append(_row(_("Jumlah"), *(eq[k] for k in keys), strong=True))
        if compare and eq["previous"]:
            rows.append(_row(_("Tahun lalu"), strong=True))
            rows += [
                _row(r["name"], *(r[k] for k in keys), code=r["code"])
                for r in eq["previous"]["rows"]
            ]
            rows.append(_row(_("Jumlah"), *(eq["previous"][k] for k in keys), strong=True))
        period = _period(start, end)
    else:
        raise Http404
    return {"title": str(REPORTS[kind]), "period": period, "columns": columns, "rows": rows}


def _period(start, end) -> str:
    return f"{start:%d-%m-%Y} – {end:%d-%m-%Y}"


def _chosen(request):
    """The period asked for, or the fiscal year to date (the by-laws are read only then)."""
    form = PeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, data["start"], data["end"], data["compare"]
    today = cooperative_today()
    start = fiscal_year_start(today)
    if not form.is_bound:
        form = PeriodForm(initial={"start": start, "end": today})
    return form, start, today, False


@officer_view()
def report_index(request):
    form, start, end, compare = _chosen(request)
    return render(
        request,
        "workspace/reports/index.html",
        {
            "form": form,
            "reports": REPORTS.items(),
            "can_audit": bool(request.roles & AUDIT_READ_ROLES),
        },
    )


@officer_view()
def report(request, kind: str):
    if kind not in REPORTS:
        raise Http404
    form, start, end, compare = _chosen(request)
    table = report_table(kind, start, end, compare)
    context = {
        "form": form,
        "table": table,
        "kind": kind,
        "cooperative": request.tenant,
        "query": request.GET.urlencode(),
    }
    fmt = request.GET.get("format")
    name = f"{kind}-{request.tenant.slug}-{end:%Y%m%d}"
    if fmt == "pdf":
        pdf = render_pdf(template="workspace/reports/pdf.html", context=context)
        return download(pdf, filename=f"{name}.pdf", content_type=PDF_TYPE)
    if fmt == "xlsx":
        header = [_("Kode"), _("Uraian"), *table["columns"]]
        rows = [[r["code"], r["label"], *r["values"]] for r in table["rows"]]
        book = workbook_bytes(sheets=[(table["title"], header, rows)])
        return download(book, filename=f"{name}.xlsx", content_type=XLSX_TYPE)
    return render(request, "workspace/reports/report.html", context)


@officer_view()
def journal(request):
    form, start, end, compare = _chosen(request)
    page = paginate(request, transaction_list(start=start, end=end))
    rows = [(t, source_label(t.source_kind)) for t in page.object_list]
    return render(
        request,
        "workspace/reports/journal.html",
        {"form": form, "page": page, "rows": rows, "query": _without_page(request)},
    )


def _without_page(request) -> str:
    query = request.GET.copy()
    query.pop("halaman", None)
    return query.urlencode()
