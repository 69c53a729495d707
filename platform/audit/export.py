"""The audit log of one cooperative as CSV or XLSX."""

from __future__ import annotations

import csv
import io
import json

from sokoguru.platform.core.documents import workbook_bytes

HEADER = ["at", "schema", "actor", "address", "action", "model", "object", "before", "after"]


def audit_rows(queryset):
    for e in queryset.order_by("at", "id"):
        yield [
            e.at.isoformat(),
            e.schema_name,
            e.actor_email,
            e.address or "",
            e.action,
            e.model,
            e.object_pk,
            json.dumps(e.before, ensure_ascii=False) if e.before is not None else "",
            json.dumps(e.after, ensure_ascii=False) if e.after is not None else "",
        ]


def audit_csv(queryset) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(audit_rows(queryset))
    return out.getvalue().encode()


def audit_xlsx(queryset) -> bytes:
    return workbook_bytes(sheets=[("Audit", HEADER, audit_rows(queryset))])
