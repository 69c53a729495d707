"""Admin bases shared by every app: add-forms that write through a service (by-laws, members,
savings, workflows) and read-only inlines. The service runs in ``clean()`` — the admin view is
one database transaction — so its ``ValidationError`` (naming fields) or domain error shows on
the form and nothing is written."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from sokoguru.platform.accounts.models import ADMIN_ROLES
from sokoguru.platform.admin_sites import cooperative_roles
from sokoguru.platform.core.errors import SokoguruError


class ServiceForm(forms.ModelForm):
    created = None

    def perform(self, data: dict):  # pragma: no cover - abstract
        raise NotImplementedError

    def _post_clean(self):
        # No model-instance validation: the service validates (and writes) in clean().
        return None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.created = self.perform(cleaned)
        except ValidationError as exc:
            self._add_service_errors(exc)
        except SokoguruError as exc:
            field = exc.field if exc.field in self.fields else None
            self.add_error(field, exc.message)
        else:
            if self.created is not None:
                self.instance = self.created
        return cleaned

    def _add_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for field, errors in exc.error_dict.items():
            if field in self.fields:
                self.add_error(field, errors)
            else:  # a field the form does not show: the sentence alone, never the field name
                self.add_error(None, [" ".join(e.messages) for e in errors])


class ServiceAdminMixin:
    """For a ModelAdmin whose add form is a ServiceForm: the service already saved. The form
    knows the officer (``user_id``), whom the service checks and records."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user_id = request.user.pk
        return form

    def save_model(self, request, obj, form, change):
        if isinstance(form, ServiceForm):
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if isinstance(form, ServiceForm):
            return
        super().save_related(request, form, formsets, change)


class ReadOnlyInline(admin.TabularInline):
    """A read-only inline shown to every officer of the cooperative (Django's per-model
    permissions play no part in a cooperative's admin)."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return list(self.fields or [])

    def has_view_permission(self, request, obj=None) -> bool:
        return bool(cooperative_roles(request) & ADMIN_ROLES)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
