from django.contrib import admin

from sokoguru.federation.reports.models import ReportJob, ReportSubscription
from sokoguru.platform.admin_sites import platform_admin_site


@admin.register(ReportJob, site=platform_admin_site)
class ReportJobAdmin(admin.ModelAdmin):
    """Jobs are made by the report service; staff read them."""

    list_display = ["body", "kind", "format", "period", "status", "progress_done", "created_at"]
    list_filter = ["kind", "format", "status"]
    search_fields = ["body__name"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReportSubscription, site=platform_admin_site)
class ReportSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "body", "created_at", "last_sent_period"]
    search_fields = ["user__email", "body__name"]
