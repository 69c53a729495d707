from django.contrib import admin

from sokoguru.federation.snapshots.models import CooperativeSnapshot, SnapshotFailure
from sokoguru.platform.admin_sites import platform_admin_site


class ReadOnly(admin.ModelAdmin):
    """Snapshots are written by the snapshot jobs only."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CooperativeSnapshot, site=platform_admin_site)
class CooperativeSnapshotAdmin(ReadOnly):
    list_display = [
        "cooperative",
        "date",
        "is_latest",
        "is_month_end",
        "members_active",
        "savings_total",
        "loans_outstanding",
        "npl_ratio",
        "computed_at",
    ]
    list_filter = ["is_latest", "is_month_end", "cooperative_kind"]
    search_fields = ["cooperative__name", "cooperative__slug", "region_code"]
    date_hierarchy = "date"

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SnapshotFailure, site=platform_admin_site)
class SnapshotFailureAdmin(ReadOnly):
    list_display = ["cooperative", "attempts", "first_failed_at", "last_failed_at", "error"]
    search_fields = ["cooperative__name", "cooperative__slug"]
