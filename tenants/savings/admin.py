import uuid

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sokoguru.platform.admin_sites import (
    CooperativeModelAdmin,
    ReadOnlyCooperativeModelAdmin,
    cooperative_admin_site,
)
from sokoguru.platform.core.admin import ServiceAdminMixin, ServiceForm
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.savings.models import (
    JasaRun,
    SavingsMovement,
    WajibBill,
)
from sokoguru.tenants.savings.permissions import SAVINGS_POST_ROLES
from sokoguru.tenants.savings.services import (
    pokok_pay,
    sukarela_deposit,
    sukarela_withdraw,
    wajib_pay,
)

POST_ROLES = SAVINGS_POST_ROLES
CURRENT_MEMBERS = Member.objects.exclude(status__in=[Member.Status.EXITED, Member.Status.DECEASED])


class MovementForm(ServiceForm):
    ACTIONS = [
        ("pokok", _("Setoran simpanan pokok")),
        ("wajib", _("Setoran simpanan wajib")),
        ("sukarela_deposit", _("Setoran simpanan sukarela")),
        ("sukarela_withdraw", _("Penarikan simpanan sukarela")),
    ]
    member = forms.ModelChoiceField(label=_("anggota"), queryset=CURRENT_MEMBERS)
    action = forms.ChoiceField(label=_("transaksi"), choices=ACTIONS)
    amount = forms.DecimalField(
        label=_("jumlah (Rp)"),
        max_digits=18,
        decimal_places=2,
        required=False,
        help_text=_("Untuk simpanan pokok boleh dikosongkan (sesuai anggaran dasar)."),
    )
    date = forms.DateField(label=_("tanggal"), initial=cooperative_today)
    description = forms.CharField(label=_("keterangan"), max_length=255, required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = SavingsMovement
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A resubmitted form (double click, back button) carries the same key: posts once.
        self.fields["idempotency_key"].initial = f"admin:{uuid.uuid4()}"

    def perform(self, data):
        member_id = data["member"].pk
        key = data.get("idempotency_key") or f"admin:{uuid.uuid4()}"
        common = {"member_id": member_id, "date": data["date"], "created_by_id": self.user_id}
        action = data["action"]
        if action == "pokok":
            return pokok_pay(amount=data.get("amount"), idempotency_key=key, **common)
        if data.get("amount") is None:
            raise ValidationError({"amount": _("Jumlah wajib diisi.")})
        service = {
            "wajib": wajib_pay,
            "sukarela_deposit": sukarela_deposit,
            "sukarela_withdraw": sukarela_withdraw,
        }[action]
        return service(
            amount=data["amount"],
            idempotency_key=key,
            description=data.get("description") or "",
            **common,
        )


@admin.register(SavingsMovement, site=cooperative_admin_site)
class SavingsMovementAdmin(ServiceAdminMixin, CooperativeModelAdmin):
    """Savings transactions: new ones through the form (posted to the ledger), never edited."""

    form = MovementForm
    change_roles = POST_ROLES
    list_display = ["date", "member", "kind", "type", "amount", "description"]
    list_filter = ["kind", "type", "date"]
    search_fields = ["member__number", "member__full_name", "description"]
    list_select_related = ["member"]
    date_hierarchy = "date"
    ordering = ["-date", "-id"]
    list_per_page = 50
    readonly_fields = [
        "member",
        "kind",
        "type",
        "date",
        "amount",
        "description",
        "journal_transaction_id",
        "payroll_batch",
        "idempotency_key",
        "created_at",
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:  # a posted movement is only shown: no service form
            kwargs["form"] = forms.ModelForm
            return super().get_form(request, obj, change=change, **kwargs)
        kwargs["fields"] = []
        form = super().get_form(request, obj, change=change, **kwargs)
        return form

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["member", "action", "amount", "date", "description", "idempotency_key"]
        return self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WajibBill, site=cooperative_admin_site)
class WajibBillAdmin(ReadOnlyCooperativeModelAdmin):
    list_display = ["period", "member", "amount", "paid_amount", "paid_on", "waived_on"]
    list_filter = ["period", "waived_on"]
    search_fields = ["member__number", "member__full_name"]
    list_select_related = ["member"]
    date_hierarchy = "period"
    ordering = ["-period", "member__number"]
    list_per_page = 100


@admin.register(JasaRun, site=cooperative_admin_site)
class JasaRunAdmin(ReadOnlyCooperativeModelAdmin):
    list_display = ["period", "rate", "member_count", "total", "journal_transaction_id"]
