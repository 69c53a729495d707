from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sokoguru.platform.accounts.models import ADMIN_ROLES
from sokoguru.platform.admin_sites import (
    CooperativeModelAdmin,
    ReadOnlyCooperativeModelAdmin,
    cooperative_admin_site,
    cooperative_roles,
)
from sokoguru.platform.core.money import format_rupiah
from sokoguru.tenants.ledger.models import Account, FiscalPeriod, JournalLeg, JournalTransaction
from sokoguru.tenants.ledger.services import account_create, account_update


class AccountForm(forms.ModelForm):
    class Meta:
        model = Account
        fields = ["parent", "code", "name", "description", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "parent" in self.fields:
            self.fields["parent"].required = True
            self.fields["parent"].help_text = _(
                "Sub-akun mewarisi jenis dan saldo normal induknya."
            )
        if "code" in self.fields:
            self.fields["code"].help_text = _("Kode induk, titik, lalu 1-4 digit (mis. 1102.01).")

    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent")
        code = cleaned.get("code") or ""
        if self.instance._state.adding and parent is not None:
            if not code.startswith(parent.code + "."):
                raise ValidationError(
                    {"code": _("Kode sub-akun harus diawali %(code)s.") % {"code": parent.code}}
                )
            self.instance.type = parent.type
            self.instance.normal_balance = parent.normal_balance
        return cleaned


@admin.register(Account, site=cooperative_admin_site)
class AccountAdmin(CooperativeModelAdmin):
    form = AccountForm
    list_display = ["code", "name", "type", "normal_balance", "parent", "is_standard", "is_active"]
    list_filter = ["type", "is_active", "is_standard"]
    search_fields = ["code", "name"]
    ordering = ["code"]
    change_roles = frozenset({"ketua", "bendahara"})

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["type", "normal_balance"]
        readonly = ["code", "parent", "type", "normal_balance", "is_standard"]
        return readonly + (["is_active"] if obj.is_standard else [])

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # deactivate instead; posted legs keep their account

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            saved = account_update(
                code=obj.code,
                name=data.get("name"),
                description=data.get("description"),
                is_active=None if obj.is_standard else data.get("is_active"),
            )
        else:
            saved = account_create(
                parent=data["parent"].code,
                code=data["code"],
                name=data["name"],
                description=data.get("description") or "",
            )
        obj.pk = saved.pk
        obj._state.adding = False


class JournalLegInline(admin.TabularInline):
    model = JournalLeg
    fields = ["account", "member_id", "debit", "credit"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_view_permission(self, request, obj=None) -> bool:
        return bool(cooperative_roles(request) & ADMIN_ROLES)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("account")


@admin.register(JournalTransaction, site=cooperative_admin_site)
class JournalTransactionAdmin(ReadOnlyCooperativeModelAdmin):
    list_display = ["id", "date", "description", "rupiah", "source_kind", "source_id", "reversed"]
    list_filter = ["source_kind", "date"]
    search_fields = ["description", "source_id", "idempotency_key"]
    date_hierarchy = "date"
    ordering = ["-date", "-id"]
    inlines = [JournalLegInline]
    fields = [
        "date",
        "description",
        "amount",
        "source_kind",
        "source_id",
        "idempotency_key",
        "reversal_of",
        "reversed_by",
        "created_by",
        "created_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("jumlah"), ordering="amount")
    def rupiah(self, obj) -> str:
        return format_rupiah(obj.amount, cents=True)

    @admin.display(boolean=True, description=_("dibalik"))
    def reversed(self, obj) -> bool:
        return obj.reversed_by_id is not None


@admin.register(FiscalPeriod, site=cooperative_admin_site)
class FiscalPeriodAdmin(ReadOnlyCooperativeModelAdmin):
    list_display = ["start_date", "end_date", "status", "requested_by", "confirmed_by"]
    list_filter = ["status"]
    ordering = ["-start_date"]
    fields = [
        "start_date",
        "end_date",
        "status",
        "note",
        "requested_by",
        "requested_at",
        "confirmed_by",
        "confirmed_at",
        "closing_transaction",
    ]
    readonly_fields = fields
