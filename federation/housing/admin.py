from django.contrib import admin

from sokoguru.federation.housing.models import HousingApplication, HousingProject, HousingUnitType
from sokoguru.platform.admin_sites import platform_admin_site


class UnitTypeInline(admin.TabularInline):
    model = HousingUnitType
    extra = 0


@admin.register(HousingProject, site=platform_admin_site)
class HousingProjectAdmin(admin.ModelAdmin):
    list_display = ("name", "sekunder", "location", "developer")
    inlines = [UnitTypeInline]


@admin.register(HousingApplication, site=platform_admin_site)
class HousingApplicationAdmin(admin.ModelAdmin):
    list_display = ("reference", "project", "cooperative", "rank", "status")
    list_filter = ("status",)
    exclude = ("primary_member_id",)
