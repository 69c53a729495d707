from django.contrib import admin
from django.db import connection

from sokoguru.federation.consent.models import Consent, ConsentLog, MemberDataRead
from sokoguru.platform.admin_sites import (
    ReadOnlyCooperativeModelAdmin,
    cooperative_admin_site,
    platform_admin_site,
)
from sokoguru.platform.audit.permissions import AUDIT_READ_ROLES


class ReadOnlyAdmin(admin.ModelAdmin):
    """Consent is changed only by a cooperative's ketua (federation API); staff may look."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Consent, site=platform_admin_site)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ["cooperative", "body", "sekunder", "level", "updated_at", "updated_by"]
    list_filter = ["level"]
    search_fields = ["cooperative__name", "cooperative__slug"]


@admin.register(ConsentLog, site=platform_admin_site)
class ConsentLogAdmin(ReadOnlyAdmin):
    list_display = [
        "changed_at",
        "cooperative",
        "body",
        "sekunder",
        "level_before",
        "level_after",
        "changed_by",
    ]
    list_filter = ["level_after"]
    search_fields = ["cooperative__name", "cooperative__slug"]


_READ_COLUMNS = ["at", "reader_email", "address", "body", "sekunder", "search", "member_ids"]


@admin.register(MemberDataRead, site=platform_admin_site)
class MemberDataReadAdmin(ReadOnlyAdmin):
    list_display = [_READ_COLUMNS[0], "cooperative", *_READ_COLUMNS[1:]]
    search_fields = ["cooperative__slug", "reader_email"]


@admin.register(MemberDataRead, site=cooperative_admin_site)
class CooperativeMemberDataReadAdmin(ReadOnlyCooperativeModelAdmin):
    """The pengawas (and the ketua) see who read their members' data under consent."""

    view_roles = AUDIT_READ_ROLES
    change_roles = frozenset()
    list_display = _READ_COLUMNS
    readonly_fields = [f.name for f in MemberDataRead._meta.fields]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(cooperative_id=connection.tenant.pk)
