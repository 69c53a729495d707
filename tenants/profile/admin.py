from django.contrib import admin

from sokoguru.platform.admin_sites import CooperativeModelAdmin, cooperative_admin_site
from sokoguru.tenants.profile.models import CooperativeProfile


@admin.register(CooperativeProfile, site=cooperative_admin_site)
class CooperativeProfileAdmin(CooperativeModelAdmin):
    list_display = ["address", "rw", "phone", "email", "bank_name"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
