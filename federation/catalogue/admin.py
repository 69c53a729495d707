from django.contrib import admin

from sokoguru.federation.catalogue.models import (
    CatalogueItem,
    CatalogueOptIn,
    CatalogueOptInLog,
    Exhibition,
    ExhibitionInvitation,
    ExhibitionResult,
)
from sokoguru.platform.admin_sites import PlatformModelAdmin, platform_admin_site


class ReadOnlyAdmin(PlatformModelAdmin):
    """Changed only through the services (the ketua's switch, the refresher); staff may look."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CatalogueOptIn, site=platform_admin_site)
class CatalogueOptInAdmin(ReadOnlyAdmin):
    list_display = ["cooperative", "is_opted_in", "updated_at", "updated_by"]
    list_filter = ["is_opted_in"]
    search_fields = ["cooperative__name", "cooperative__slug"]


@admin.register(CatalogueOptInLog, site=platform_admin_site)
class CatalogueOptInLogAdmin(ReadOnlyAdmin):
    list_display = ["changed_at", "cooperative", "is_opted_in", "changed_by"]
    search_fields = ["cooperative__name", "cooperative__slug"]


@admin.register(CatalogueItem, site=platform_admin_site)
class CatalogueItemAdmin(ReadOnlyAdmin):
    list_display = ["name", "cooperative", "kind", "unit", "price", "in_stock", "updated_at"]
    list_filter = ["kind", "in_stock"]
    search_fields = ["name", "cooperative__name"]
    list_select_related = ["cooperative"]


class InvitationInline(admin.TabularInline):
    model = ExhibitionInvitation
    extra = 0
    autocomplete_fields = []
    raw_id_fields = ["cooperative"]


@admin.register(Exhibition, site=platform_admin_site)
class ExhibitionAdmin(PlatformModelAdmin):
    list_display = ["name", "body", "starts_on", "ends_on", "place"]
    list_select_related = ["body"]
    inlines = [InvitationInline]
    raw_id_fields = ["created_by"]


@admin.register(ExhibitionResult, site=platform_admin_site)
class ExhibitionResultAdmin(ReadOnlyAdmin):
    list_display = ["exhibition", "cooperative", "sales_count", "quantity", "amount"]
    list_select_related = ["exhibition", "cooperative"]
