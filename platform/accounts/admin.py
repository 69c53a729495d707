from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from sokoguru.platform.accounts.models import CooperativeRole, User
from sokoguru.platform.admin_sites import PlatformModelAdmin, platform_admin_site


class CooperativeRoleInline(admin.TabularInline):
    model = CooperativeRole
    extra = 0
    autocomplete_fields = ["cooperative"]


@admin.register(User, site=platform_admin_site)
class UserAdmin(PlatformModelAdmin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profil"), {"fields": ("full_name", "phone")}),
        (_("Akses"), {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    inlines = [CooperativeRoleInline]

    # Accounts carry the platform's privileges: only superusers change them.
    def has_add_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser
