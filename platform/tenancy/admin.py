from django.contrib import admin

from sokoguru.platform.admin_sites import PlatformModelAdmin, platform_admin_site
from sokoguru.platform.tenancy.models import Cooperative, Domain, Region


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Cooperative, site=platform_admin_site)
class CooperativeAdmin(PlatformModelAdmin):
    list_display = ["name", "slug", "kind", "domicile", "is_active", "created_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "slug", "legal_number"]
    readonly_fields = ["schema_name", "created_at", "books_changed_at"]
    inlines = [DomainInline]

    def has_add_permission(self, request) -> bool:
        # Cooperatives are created by the provisioning service (schema + seed rows), never here.
        return False


@admin.register(Region, site=platform_admin_site)
class RegionAdmin(PlatformModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
