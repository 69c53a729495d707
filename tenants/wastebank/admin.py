"""The waste bank in the cooperative's admin: the weighing desk and the sale desk (tablet
pages, see ``desk.py``), customers opened through the service, and read-only books (deposits,
withdrawals, stock, sales, counts, prices). Everything is written by the services."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sokoguru.platform.admin_sites import (
    CooperativeModelAdmin,
    ReadOnlyCooperativeModelAdmin,
    cooperative_admin_site,
)
from sokoguru.platform.core.admin import ServiceAdminMixin, ServiceForm
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.wastebank import desk
from sokoguru.tenants.wastebank.models import (
    Collector,
    StockCount,
    WasteCustomer,
    WasteDeposit,
    WasteDepositLine,
    WasteItem,
    WastePrice,
    WasteSale,
    WasteSaleLine,
    WasteStock,
    WasteWithdrawal,
)
from sokoguru.tenants.wastebank.permissions import CASHIER_ROLES, DESK_ROLES, READ_ROLES
from sokoguru.tenants.wastebank.services import collector_create, customer_register


class CustomerForm(ServiceForm):
    member = forms.ModelChoiceField(
        label=_("anggota"),
        queryset=Member.objects.filter(waste_customer__isnull=True),
        required=False,
        help_text=_("Kosongkan untuk rumah tangga bukan anggota."),
    )
    name = forms.CharField(label=_("nama"), max_length=200, required=False)
    rt = forms.CharField(label=_("RT"), max_length=3, required=False)
    rw = forms.CharField(label=_("RW"), max_length=3, required=False)
    phone = forms.CharField(label=_("telepon"), max_length=16, required=False)

    class Meta:
        model = WasteCustomer
        fields = []

    def perform(self, data):
        return customer_register(
            member_id=data["member"].pk if data.get("member") else None,
            name=data.get("name") or "",
            rt=data.get("rt") or "",
            rw=data.get("rw") or "",
            phone=data.get("phone") or "",
            created_by_id=self.user_id,
        )


class _ServiceAddAdmin(ServiceAdminMixin, CooperativeModelAdmin):
    add_fields: list[str] = []

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, change=change, **kwargs)
        kwargs["fields"] = []
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user_id = request.user.pk
        return form

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WasteCustomer, site=cooperative_admin_site)
class WasteCustomerAdmin(_ServiceAddAdmin):
    form = CustomerForm
    view_roles = READ_ROLES
    change_roles = DESK_ROLES
    add_fields = ["member", "name", "rt", "rw", "phone"]
    list_display = ["book_number", "name", "kind", "rt", "phone", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["book_number", "name", "phone", "member__number"]
    readonly_fields = ["book_number", "kind", "member", "name", "rt", "rw", "phone", "active"]


class CollectorForm(ServiceForm):
    name = forms.CharField(label=_("nama pengepul"), max_length=200)
    contact = forms.CharField(label=_("kontak"), max_length=200, required=False)

    class Meta:
        model = Collector
        fields = []

    def perform(self, data):
        return collector_create(
            name=data["name"], contact=data.get("contact") or "", created_by_id=self.user_id
        )


@admin.register(Collector, site=cooperative_admin_site)
class CollectorAdmin(_ServiceAddAdmin):
    form = CollectorForm
    view_roles = READ_ROLES
    change_roles = CASHIER_ROLES
    add_fields = ["name", "contact"]
    list_display = ["name", "contact", "active"]
    readonly_fields = ["name", "contact", "active"]


class DepositLineInline(admin.TabularInline):
    model = WasteDepositLine
    fields = ["item", "weight", "price", "value", "cost"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return True


@admin.register(WasteDeposit, site=cooperative_admin_site)
class WasteDepositAdmin(ReadOnlyCooperativeModelAdmin):
    """Deposits (read only); new ones at the weighing desk."""

    view_roles = READ_ROLES
    list_display = ["date", "customer", "total", "reversed_on", "receipt"]
    list_filter = ["date", "reversed_on"]
    search_fields = ["customer__name", "customer__book_number"]
    list_select_related = ["customer"]
    date_hierarchy = "date"
    inlines = [DepositLineInline]
    readonly_fields = [
        "customer",
        "date",
        "total",
        "cost",
        "rounding",
        "note",
        "journal_transaction_id",
        "reversed_on",
        "reversal_reason",
    ]
    fields = readonly_fields
    change_list_template = "admin/wastebank/deposit_changelist.html"

    @admin.display(description=_("bukti"))
    def receipt(self, obj):
        url = reverse(f"{self.admin_site.name}:wastebank_deposit_receipt", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("cetak / WhatsApp"))

    def get_urls(self):
        site = self.admin_site

        def view(fn, **kwargs):
            return site.admin_view(lambda request, *a, **kw: fn(site, request, *a, **kw, **kwargs))

        return [
            path("timbang/", view(desk.desk_view, mode="deposit"), name="wastebank_deposit_desk"),
            path(
                "timbang/harga/",
                view(desk.quote_view, mode="deposit"),
                name="wastebank_deposit_quote",
            ),
            path("jual/", view(desk.desk_view, mode="sale"), name="wastebank_sale_desk"),
            path("jual/harga/", view(desk.quote_view, mode="sale"), name="wastebank_sale_quote"),
            path("nasabah/", view(desk.customer_search), name="wastebank_customer_search"),
            path("ekspor/", view(desk.export_view), name="wastebank_deposit_export"),
            path(
                "<int:deposit_id>/bukti/",
                view(desk.receipt_view),
                name="wastebank_deposit_receipt",
            ),
            *super().get_urls(),
        ]


@admin.register(WasteWithdrawal, site=cooperative_admin_site)
class WasteWithdrawalAdmin(ReadOnlyCooperativeModelAdmin):
    view_roles = READ_ROLES
    list_display = ["date", "customer", "kind", "amount"]
    list_filter = ["kind", "date"]
    list_select_related = ["customer"]


class SaleLineInline(DepositLineInline):
    model = WasteSaleLine
    fields = ["item", "weight", "price", "amount", "cost"]
    readonly_fields = fields


@admin.register(WasteSale, site=cooperative_admin_site)
class WasteSaleAdmin(ReadOnlyCooperativeModelAdmin):
    view_roles = READ_ROLES
    list_display = ["date", "collector", "total", "cost", "margin"]
    list_select_related = ["collector"]
    inlines = [SaleLineInline]
    readonly_fields = ["collector", "date", "total", "cost", "journal_transaction_id"]
    fields = readonly_fields


@admin.register(WasteStock, site=cooperative_admin_site)
class WasteStockAdmin(ReadOnlyCooperativeModelAdmin):
    view_roles = READ_ROLES
    list_display = ["item", "quantity", "value"]
    list_select_related = ["item"]


@admin.register(WasteItem, site=cooperative_admin_site)
class WasteItemAdmin(ReadOnlyCooperativeModelAdmin):
    view_roles = READ_ROLES
    list_display = ["name", "category", "unit", "active"]
    list_select_related = ["category"]


@admin.register(WastePrice, site=cooperative_admin_site)
class WastePriceAdmin(ReadOnlyCooperativeModelAdmin):
    view_roles = READ_ROLES
    list_display = ["item", "effective_from", "buy_price", "sell_price"]
    list_filter = ["item"]
    list_select_related = ["item"]


@admin.register(StockCount, site=cooperative_admin_site)
class StockCountAdmin(ReadOnlyCooperativeModelAdmin):
    view_roles = READ_ROLES
    list_display = ["date", "reason", "value_change"]
