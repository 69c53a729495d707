"""Log audit: the cooperative's append-only audit log (postings, roles, consent, by-laws,
periods …) for the pengawas and the ketua, filtered by kind of record, downloadable as CSV or
XLSX."""

from __future__ import annotations

from django.db import connection
from django.shortcuts import render

from sokoguru.platform.audit.export import audit_csv, audit_xlsx
from sokoguru.platform.audit.permissions import AUDIT_READ_ROLES
from sokoguru.platform.audit.selectors import audit_event_list, audit_model_list
from sokoguru.platform.core.documents import XLSX_TYPE, download
from sokoguru.tenants.workspace.views.base import officer_view, paginate


def _summary(event) -> str:
    """One line about what changed: the amount and accounts of a posting, else the fields."""
    data = event.after if event.after is not None else event.before or {}
    if "legs" in data:
        accounts = ", ".join(leg["account"] for leg in data["legs"])
        return f"{data.get('description', '')} · Rp {data.get('amount', '')} · {accounts}"
    return ", ".join(f"{k}={v}" for k, v in list(data.items())[:6] if k != "id")


@officer_view(AUDIT_READ_ROLES)
def audit_log(request):
    schema = connection.schema_name
    models = audit_model_list(schema_name=schema)
    model = request.GET.get("jenis", "")
    if model not in models:
        model = ""
    events = audit_event_list(schema_name=schema, model=model)
    fmt = request.GET.get("unduh")
    if fmt == "csv":
        return download(audit_csv(events), filename="audit.csv", content_type="text/csv")
    if fmt == "xlsx":
        return download(audit_xlsx(events), filename="audit.xlsx", content_type=XLSX_TYPE)
    page = paginate(request, events)
    rows = [(e, _summary(e)) for e in page.object_list]
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "workspace/reports/audit.html",
        {
            "page": page,
            "rows": rows,
            "models": models,
            "model": model,
            "query": query.urlencode(),
        },
    )
