"""Loan pages of the cooperative's admin (Indonesian). Money moves only through the services:
loans, schedules and repayments are read-only here; approving, serving the funding queue and
the daily close of business are admin actions that call the services as the signed-in
officer (maker-checker and roles apply as everywhere)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sokoguru.platform.admin_sites import (
    CooperativeModelAdmin,
    ReadOnlyCooperativeModelAdmin,
    cooperative_admin_site,
)
from sokoguru.platform.core.admin import ServiceAdminMixin, ServiceForm
from sokoguru.platform.core.errors import SokoguruError, format_errors
from sokoguru.tenants.loans.models import (
    CobRun,
    Instalment,
    Loan,
    LoanProduct,
    LoanSettings,
    Notification,
    PenaltyWaiver,
    Repayment,
)
from sokoguru.tenants.loans.permissions import APPROVER_ROLES, CASHIER_ROLES, POLICY_ROLES
from sokoguru.tenants.loans.selectors import cooperative_today
from sokoguru.tenants.loans.services import (
    loan_approve,
    loan_queue_serve,
    loan_write_off_reject,
    loans_close_of_business,
    penalty_waiver_approve,
    penalty_waiver_reject,
    penalty_waiver_request,
)


@admin.register(LoanProduct, site=cooperative_admin_site)
class LoanProductAdmin(CooperativeModelAdmin):
    change_roles = POLICY_ROLES
    list_display = [
        "code",
        "name",
        "method",
        "rate_percent",
        "rate_basis",
        "max_tenor",
        "is_active",
    ]
    list_filter = ["method", "is_active"]
    search_fields = ["code", "name"]
    fieldsets = [
        (None, {"fields": ["code", "name", "description", "is_active"]}),
        (
            _("Jasa dan tenor"),
            {"fields": ["method", "rate_percent", "rate_basis", ("min_tenor", "max_tenor")]},
        ),
        (
            _("Plafon dan biaya"),
            {
                "fields": [
                    ("min_amount", "max_amount"),
                    "max_savings_multiple",
                    ("admin_fee_percent", "admin_fee_flat"),
                ]
            },
        ),
        (
            _("Denda keterlambatan"),
            {
                "fields": [
                    "penalty_method",
                    ("penalty_percent", "penalty_flat"),
                    "penalty_cap_percent",
                    "penalty_grace_days",
                ]
            },
        ),
        (_("Aturan lain"), {"fields": ["guarantor_required", "early_payoff_jasa", "excess_to"]}),
    ]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LoanSettings, site=cooperative_admin_site)
class LoanSettingsAdmin(CooperativeModelAdmin):
    change_roles = POLICY_ROLES
    list_display = ["queue_serving", "reminder_days_before", "payroll_account"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class InstalmentInline(admin.TabularInline):
    model = Instalment
    extra = 0
    can_delete = False
    fields = readonly_fields = [
        "number",
        "due_date",
        "principal",
        "jasa",
        "principal_paid",
        "jasa_paid",
        "jasa_waived",
        "penalty_charged",
        "penalty_waived",
        "penalty_paid",
        "paid_on",
    ]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class RepaymentInline(admin.TabularInline):
    model = Repayment
    extra = 0
    can_delete = False
    fields = readonly_fields = [
        "date",
        "kind",
        "amount",
        "penalty",
        "jasa",
        "principal",
        "to_savings",
        "recovery",
    ]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


def _run(modeladmin, request, fn, done_message):
    try:
        result = fn()
    except (SokoguruError, ValidationError) as exc:
        modeladmin.message_user(request, format_errors(exc), level=messages.ERROR)
        return None
    modeladmin.message_user(request, done_message(result), level=messages.SUCCESS)
    return result


@admin.register(Loan, site=cooperative_admin_site)
class LoanAdmin(ReadOnlyCooperativeModelAdmin):
    list_display = [
        "number",
        "member",
        "product",
        "amount",
        "tenor",
        "status",
        "queue_number",
        "bucket",
        "days_past_due",
        "outstanding_principal",
    ]
    list_filter = ["status", "bucket", "product", "payroll_deduction"]
    search_fields = ["number", "member__full_name", "member__number", "purpose"]
    list_select_related = ["member", "product"]
    date_hierarchy = "applied_on"
    inlines = [InstalmentInline, RepaymentInline]
    actions = ["approve_selected", "reject_write_off", "serve_queue", "close_business_today"]

    @admin.action(description=_("Setujui pengajuan terpilih (maker-checker)"))
    def approve_selected(self, request, queryset):
        for loan in queryset.filter(status=Loan.Status.SUBMITTED):
            _run(
                self,
                request,
                lambda loan=loan: loan_approve(loan_id=loan.pk, approved_by_id=request.user.pk),
                lambda result: f"{result.number}: {result.get_status_display()}",
            )

    @admin.action(description=_("Tolak pengajuan hapus buku terpilih"))
    def reject_write_off(self, request, queryset):
        if not APPROVER_ROLES & set(self._roles(request)):
            self.message_user(request, _("Hanya ketua atau bendahara."), level=messages.ERROR)
            return
        for loan in queryset.filter(write_off_requested_on__isnull=False):
            _run(
                self,
                request,
                lambda loan=loan: loan_write_off_reject(
                    loan_id=loan.pk, rejected_by_id=request.user.pk
                ),
                lambda result: f"{result.number}: {_('pengajuan hapus buku ditolak')}",
            )

    @admin.action(description=_("Layani antrean pendanaan sekarang"))
    def serve_queue(self, request, queryset):
        _run(
            self,
            request,
            lambda: loan_queue_serve(served_by_id=request.user.pk),
            lambda served: (
                "Dana dicadangkan untuk: " + ", ".join(loan.number for loan in served)
                if served
                else "Dana belum cukup untuk pinjaman di kepala antrean."
            ),
        )

    @admin.action(description=_("Jalankan tutup buku harian pinjaman (hari ini)"))
    def close_business_today(self, request, queryset):
        if not POLICY_ROLES & set(self._roles(request)):
            self.message_user(request, _("Hanya ketua atau bendahara."), level=messages.ERROR)
            return
        _run(
            self,
            request,
            lambda: loans_close_of_business(as_of=cooperative_today()),
            lambda run: f"Tutup buku {run.date:%d-%m-%Y}: {run.loans_closed} pinjaman diproses.",
        )

    @staticmethod
    def _roles(request):
        from sokoguru.platform.admin_sites import cooperative_roles

        return cooperative_roles(request)


@admin.register(CobRun, site=cooperative_admin_site)
class CobRunAdmin(ReadOnlyCooperativeModelAdmin):
    list_display = [
        "date",
        "loans_closed",
        "penalties",
        "reminders",
        "allowance_required",
        "allowance_postings",
        "finished_at",
    ]


@admin.register(Notification, site=cooperative_admin_site)
class NotificationAdmin(ReadOnlyCooperativeModelAdmin):
    list_display = ["created_at", "kind", "channel", "recipient", "address", "status", "loan"]
    list_filter = ["kind", "channel", "status"]
    search_fields = ["recipient", "address", "subject"]


class PenaltyWaiverForm(ServiceForm):
    """Ask to waive penalties on a loan (a second officer approves with the list action)."""

    class Meta:
        model = PenaltyWaiver
        fields = ["loan", "amount", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loan"].queryset = Loan.objects.filter(status=Loan.Status.ACTIVE)

    def perform(self, data: dict):
        return penalty_waiver_request(
            loan_id=data["loan"].pk,
            amount=data["amount"],
            reason=data.get("reason") or "",
            requested_by_id=self.user_id,
        )


@admin.register(PenaltyWaiver, site=cooperative_admin_site)
class PenaltyWaiverAdmin(ServiceAdminMixin, CooperativeModelAdmin):
    form = PenaltyWaiverForm
    change_roles = CASHIER_ROLES | APPROVER_ROLES
    list_display = ["loan", "amount", "status", "requested_on", "decided_on"]
    list_filter = ["status"]
    search_fields = ["loan__number", "loan__member__full_name"]
    list_select_related = ["loan"]
    readonly_fields = [
        "loan",
        "amount",
        "reason",
        "status",
        "requested_on",
        "requested_by_id",
        "decided_by_id",
        "decided_on",
    ]
    actions = ["approve_selected", "reject_selected"]

    def get_fields(self, request, obj=None):
        return ["loan", "amount", "reason"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Setujui pembebasan denda terpilih (maker-checker)"))
    def approve_selected(self, request, queryset):
        for waiver in queryset.filter(status=PenaltyWaiver.Status.REQUESTED):
            _run(
                self,
                request,
                lambda waiver=waiver: penalty_waiver_approve(
                    waiver_id=waiver.pk, approved_by_id=request.user.pk
                ),
                lambda result: f"{result.loan.number}: {_('denda dibebaskan')}",
            )

    @admin.action(description=_("Tolak pembebasan denda terpilih"))
    def reject_selected(self, request, queryset):
        for waiver in queryset.filter(status=PenaltyWaiver.Status.REQUESTED):
            _run(
                self,
                request,
                lambda waiver=waiver: penalty_waiver_reject(
                    waiver_id=waiver.pk, rejected_by_id=request.user.pk
                ),
                lambda result: f"{result.loan.number}: {_('pembebasan denda ditolak')}",
            )
