"""Admin for the steps that span apps: payroll-deduction import (savings and loan
instalments) and member exit (loans paid off, savings settled)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sokoguru.platform.admin_sites import CooperativeModelAdmin, cooperative_admin_site
from sokoguru.platform.core.admin import ReadOnlyInline, ServiceAdminMixin, ServiceForm
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.savings.admin import CURRENT_MEMBERS, POST_ROLES
from sokoguru.tenants.savings.models import ExitSettlement, PayrollBatch, PayrollRow
from sokoguru.tenants.savings.payroll import PayrollImportError
from sokoguru.tenants.savings.permissions import SAVINGS_EXIT_ROLES
from sokoguru.tenants.workflows.member_exit import member_exit
from sokoguru.tenants.workflows.payroll import payroll_batch_import


class PayrollImportForm(ServiceForm):
    period_month = forms.CharField(
        label=_("bulan gaji"), help_text=_("Format TTTT-BB, mis. 2026-11."), max_length=7
    )
    received = forms.DateField(label=_("tanggal diterima"), initial=cooperative_today)
    file = forms.FileField(
        label=_("berkas potongan (CSV atau XLSX)"),
        help_text=_(
            "Kolom: NIP atau nomor_anggota, wajib, angsuran, lainnya (masuk simpanan sukarela)."
        ),
    )

    class Meta:
        model = PayrollBatch
        fields = []

    def perform(self, data):
        upload = data["file"]
        try:
            result = payroll_batch_import(
                period=data["period_month"],
                filename=upload.name,
                content=upload.read(),
                received_on=data["received"],
                created_by_id=self.user_id,
            )
        except PayrollImportError as exc:
            raise ValidationError({"file": [str(e) for e in exc.row_errors]})
        if not result.created:
            raise ValidationError(
                {
                    "file": _(
                        "Berkas ini sudah pernah diimpor untuk bulan tersebut "
                        "(tidak diposting ulang)."
                    )
                }
            )
        return result.batch


class PayrollRowInline(ReadOnlyInline):
    model = PayrollRow
    fields = ["row_number", "identifier", "member", "wajib", "loan_instalment", "other"]


@admin.register(PayrollBatch, site=cooperative_admin_site)
class PayrollBatchAdmin(ServiceAdminMixin, CooperativeModelAdmin):
    """Impor potongan gaji: all rows checked first; a bad row posts nothing."""

    form = PayrollImportForm
    change_roles = POST_ROLES
    list_display = [
        "period",
        "filename",
        "received_on",
        "row_count",
        "wajib_total",
        "loan_total",
        "other_total",
    ]
    ordering = ["-period", "-id"]
    inlines = [PayrollRowInline]
    readonly_fields = [
        "period",
        "received_on",
        "filename",
        "content_hash",
        "row_count",
        "wajib_total",
        "loan_total",
        "other_total",
        "journal_transaction_id",
        "created_at",
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, change=change, **kwargs)
        kwargs["fields"] = []
        form = super().get_form(request, obj, change=change, **kwargs)
        return form

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["period_month", "received", "file"]
        return self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ExitForm(ServiceForm):
    member = forms.ModelChoiceField(label=_("anggota"), queryset=CURRENT_MEMBERS)
    paid_from = forms.ChoiceField(
        label=_("dibayar dari"), choices=[(chart.CASH, _("Kas")), (chart.BANK, _("Bank"))]
    )

    class Meta:
        model = ExitSettlement
        fields = ["member", "reason", "settled_on", "paid_from", "note"]

    def perform(self, data):
        return member_exit(
            member_id=data["member"].pk,
            date=data["settled_on"],
            reason=data["reason"],
            note=data.get("note") or "",
            paid_from=data["paid_from"],
            created_by_id=self.user_id,
        )


@admin.register(ExitSettlement, site=cooperative_admin_site)
class ExitSettlementAdmin(ServiceAdminMixin, CooperativeModelAdmin):
    """Penyelesaian anggota keluar: approved by the bendahara (or ketua)."""

    form = ExitForm
    change_roles = SAVINGS_EXIT_ROLES
    list_display = [
        "settled_on",
        "member",
        "reason",
        "pokok",
        "wajib",
        "sukarela",
        "loans_outstanding",
        "refund",
    ]
    list_select_related = ["member"]
    ordering = ["-settled_on"]
    readonly_fields = [
        "member",
        "reason",
        "settled_on",
        "pokok",
        "wajib",
        "sukarela",
        "loans_outstanding",
        "refund",
        "waived_wajib",
        "paid_from",
        "journal_transaction_id",
        "note",
        "created_at",
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, change=change, **kwargs)
        kwargs["fields"] = ["member", "reason", "settled_on", "paid_from", "note"]
        form = super().get_form(request, obj, change=change, **kwargs)
        return form

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["member", "reason", "settled_on", "paid_from", "note"]
        return self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
