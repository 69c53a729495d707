from django.contrib import admin

from sokoguru.federation.oversight.models import BodyRole, OversightBody
from sokoguru.platform.admin_sites import PlatformModelAdmin, platform_admin_site


class BodyRoleInline(admin.TabularInline):
    model = BodyRole
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(OversightBody, site=platform_admin_site)
class OversightBodyAdmin(PlatformModelAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    inlines = [BodyRoleInline]
