from django.contrib import admin
from django.db import connection
from django.http import HttpResponse

from sokoguru.platform.admin_sites import (
    ReadOnlyCooperativeModelAdmin,
    cooperative_admin_site,
    platform_admin_site,
)
from sokoguru.platform.audit.export import audit_csv, audit_xlsx
from sokoguru.platform.audit.models import AuditEvent
from sokoguru.platform.audit.permissions import AUDIT_READ_ROLES


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@admin.action(description="Unduh CSV")
def export_csv(modeladmin, request, queryset):
    return _download(audit_csv(queryset), "audit.csv", "text/csv")


@admin.action(description="Unduh XLSX")
def export_xlsx(modeladmin, request, queryset):
    return _download(
        audit_xlsx(queryset),
        "audit.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


class _AuditAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "model", "object_pk", "actor_email", "address"]
    list_filter = ["action", "model"]
    search_fields = ["object_pk", "actor_email"]
    actions = [export_csv, export_xlsx]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEvent, site=platform_admin_site)
class PlatformAuditAdmin(_AuditAdmin):
    list_display = ["at", "schema_name", *_AuditAdmin.list_display[1:]]
    list_filter = ["schema_name", *_AuditAdmin.list_filter]


@admin.register(AuditEvent, site=cooperative_admin_site)
class CooperativeAuditAdmin(_AuditAdmin, ReadOnlyCooperativeModelAdmin):
    """The pengawas (and the ketua) read their cooperative's audit log."""

    view_roles = AUDIT_READ_ROLES
    change_roles = frozenset()

    def get_queryset(self, request):
        return super().get_queryset(request).filter(schema_name=connection.schema_name)
