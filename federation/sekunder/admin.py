from django.contrib import admin

from sokoguru.federation.sekunder.models import SekunderMembership
from sokoguru.platform.admin_sites import platform_admin_site


@admin.register(SekunderMembership, site=platform_admin_site)
class SekunderMembershipAdmin(admin.ModelAdmin):
    list_display = ["member", "sekunder", "joined_on", "status", "exited_on"]
    list_filter = ["status", "sekunder"]
    search_fields = ["member__name", "member__slug", "sekunder__name"]
    raw_id_fields = ["sekunder", "member"]
