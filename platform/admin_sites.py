"""Two Django admin sites: the platform's (public host, platform staff) and a cooperative's
(its own host, its officers). A cooperative's admin shows only models of the tenant schema, and
access follows the user's roles in that cooperative rather than Django's global permissions."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from sokoguru.platform.accounts.models import ADMIN_ROLES
from sokoguru.platform.accounts.selectors import user_roles_in
from sokoguru.platform.core.money import RupiahField


class PlatformAdminSite(admin.AdminSite):
    site_header = _("Sokoguru — administrasi platform")
    site_title = _("Sokoguru")
    index_title = _("Registri dan federasi")

    def has_permission(self, request) -> bool:
        return (
            connection.schema_name == "public" and request.user.is_active and request.user.is_staff
        )


class PlatformModelAdmin(admin.ModelAdmin):
    """Registry models: platform staff manage them (Django's per-model permissions are not used;
    staff is the platform's one role)."""

    def _staff(self, request) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request) -> bool:
        return self._staff(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._staff(request)

    def has_add_permission(self, request) -> bool:
        return self._staff(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._staff(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser


def cooperative_roles(request) -> frozenset[str]:
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.schema_name == "public":
        return frozenset()
    return user_roles_in(user=request.user, cooperative_id=tenant.pk)


class CooperativeAdminSite(admin.AdminSite):
    site_title = _("Sokoguru")
    index_title = _("Pembukuan koperasi")
    # Admin actions are logged in the public schema's LogEntry, shared by every cooperative;
    # the "recent actions" panel would mix cooperatives, so it is not shown.
    index_template = "admin/cooperative_index.html"

    def each_context(self, request):
        context = super().each_context(request)
        tenant = getattr(request, "tenant", None)
        context["site_header"] = tenant.name if tenant is not None else self.site_header
        return context

    def has_permission(self, request) -> bool:
        return request.user.is_active and bool(cooperative_roles(request) & ADMIN_ROLES)


def is_money_field(field) -> bool:
    """A rupiah amount (two places, room for the ledger's 18 digits) — not a rate or ratio."""
    return (
        isinstance(field, models.DecimalField | forms.DecimalField)
        and not isinstance(field, RupiahField)
        and field.decimal_places == 2
        and (field.max_digits or 18) >= 12
    )


def rupiah_form_fields(form_class):
    """Every money box of an admin form reads rupiah the Indonesian way (``50.000``,
    ``50.000,00``) and refuses ambiguous input — never ``50000,00`` as Rp 5.000.000."""
    for name, field in list(form_class.base_fields.items()):
        if is_money_field(field):
            replacement = RupiahField(
                label=field.label,
                required=field.required,
                help_text=field.help_text,
                initial=field.initial,
                min_value=field.min_value,
                max_value=field.max_value,
                disabled=field.disabled,
            )
            form_class.base_fields[name] = replacement
    return form_class


class RupiahFormMixin:
    """For a ModelAdmin or an inline: money model fields and money fields declared on the form
    alike become ``RupiahField``."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if is_money_field(db_field):
            kwargs["form_class"] = RupiahField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        return rupiah_form_fields(super().get_form(request, obj, **kwargs))

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        rupiah_form_fields(formset.form)
        return formset


class CooperativeModelAdmin(RupiahFormMixin, admin.ModelAdmin):
    """Base admin for tenant models. ``view_roles`` may look, ``change_roles`` may write."""

    view_roles: frozenset[str] = frozenset(ADMIN_ROLES)
    change_roles: frozenset[str] = frozenset({"ketua", "sekretaris", "bendahara"})

    def has_module_permission(self, request) -> bool:
        return bool(cooperative_roles(request) & self.view_roles)

    def has_view_permission(self, request, obj=None) -> bool:
        return bool(cooperative_roles(request) & (self.view_roles | self.change_roles))

    def has_add_permission(self, request) -> bool:
        return bool(cooperative_roles(request) & self.change_roles)

    def has_change_permission(self, request, obj=None) -> bool:
        return bool(cooperative_roles(request) & self.change_roles)

    def has_delete_permission(self, request, obj=None) -> bool:
        return bool(cooperative_roles(request) & self.change_roles)

    def log_addition(self, *args, **kwargs):
        return None

    def log_change(self, *args, **kwargs):
        return None

    def log_deletions(self, *args, **kwargs):
        return None


class ReadOnlyCooperativeModelAdmin(CooperativeModelAdmin):
    """For books written only through services (ledger postings): view, never edit."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


platform_admin_site = PlatformAdminSite(name="platform_admin")
cooperative_admin_site = CooperativeAdminSite(name="cooperative_admin")


def _cooperative_login_form():
    from django.contrib.admin.forms import AdminAuthenticationForm
    from django.core.exceptions import ValidationError

    class CooperativeAuthenticationForm(AdminAuthenticationForm):
        """Officers of this cooperative log in; Django's is_staff flag plays no part."""

        def confirm_login_allowed(self, user):
            if not user.is_active:
                raise ValidationError(self.error_messages["inactive"], code="inactive")
            tenant = getattr(self.request, "tenant", None)
            roles = (
                user_roles_in(user=user, cooperative_id=tenant.pk) if tenant is not None else set()
            )
            if not roles & ADMIN_ROLES:
                raise ValidationError(
                    _("Akun ini bukan pengurus, pengawas atau kasir koperasi ini."),
                    code="no_role",
                )

    return CooperativeAuthenticationForm


cooperative_admin_site.login_form = _cooperative_login_form()
