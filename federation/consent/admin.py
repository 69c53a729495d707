from django.contrib import admin

from sokoguru.federation.consent.models import Consent, ConsentLog
from sokoguru.platform.admin_sites import platform_admin_site


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
