"""Reads of the audit log: one cooperative's entries, newest first."""

from __future__ import annotations

from django.db.models import QuerySet

from sokoguru.platform.audit.models import AuditEvent


def audit_event_list(*, schema_name: str, model: str = "") -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(schema_name=schema_name)
    if model:
        events = events.filter(model=model)
    return events.order_by("-at", "-id")


def audit_model_list(*, schema_name: str) -> list[str]:
    """The kinds of record this cooperative's log holds (for the filter)."""
    return list(
        AuditEvent.objects.filter(schema_name=schema_name)
        .order_by("model")
        .values_list("model", flat=True)
        .distinct()
    )
