"""Admin of the production app: every write goes through a service (role-checked there), the
source documents of postings are never edited."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sokoguru.platform.admin_sites import (
    CooperativeModelAdmin,
    cooperative_admin_site,
)
from sokoguru.platform.core.admin import ServiceAdminMixin, ServiceForm
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.production import permissions
from sokoguru.tenants.production.models import (
    Business,
    OutputRecord,
    Product,
    ProductPrice,
    Sale,
    Settlement,
    StockMovement,
)
from sokoguru.tenants.production.services import (
    business_create,
    consignment_settle,
    output_record,
    product_create,
    product_photo_set,
    product_price_set,
    product_update,
    sale_record,
    stock_adjust,
    stock_in,
)

CURRENT_MEMBERS = Member.objects.exclude(status__in=[Member.Status.EXITED, Member.Status.DECEASED])


class _AddOnlyAdmin(ServiceAdminMixin, CooperativeModelAdmin):
    """Rows added through a service form; shown read-only afterwards."""

    add_fields: list[str] = []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user_id = request.user.pk
        return form

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.add_fields
        return [f.name for f in self.model._meta.fields if f.name != "id"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj is not None else []

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class BusinessForm(ServiceForm):
    owners_field = forms.ModelMultipleChoiceField(
        label=_("pemilik (anggota)"), queryset=CURRENT_MEMBERS
    )

    class Meta:
        model = Business
        fields = ["name", "kind", "started_on", "description"]

    def perform(self, data):
        return business_create(
            name=data["name"],
            kind=data["kind"],
            owner_ids=[m.pk for m in data["owners_field"]],
            started_on=data["started_on"],
            description=data.get("description") or "",
            created_by_id=self.user_id,
        )


@admin.register(Business, site=cooperative_admin_site)
class BusinessAdmin(_AddOnlyAdmin):
    form = BusinessForm
    change_roles = permissions.OUTPUT_ROLES
    add_fields = ["name", "kind", "owners_field", "started_on", "description"]
    list_display = ["name", "kind", "status", "started_on"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "owners__full_name"]


class OutputForm(ServiceForm):
    business_field = forms.ModelChoiceField(label=_("usaha"), queryset=Business.objects.all())
    day = forms.DateField(
        label=_("tanggal dalam periode"),
        initial=cooperative_today,
        help_text=_("Minggu (Senin–Minggu) atau bulan yang memuat tanggal ini."),
    )

    class Meta:
        model = OutputRecord
        fields = ["period", "product_name", "quantity", "unit", "value", "note"]

    def perform(self, data):
        return output_record(
            business_id=data["business_field"].pk,
            period=data["period"],
            day=data["day"],
            product_name=data["product_name"],
            quantity=data["quantity"],
            unit=data["unit"],
            value=data.get("value"),
            note=data.get("note") or "",
            recorded_by_id=self.user_id,
        )


@admin.register(OutputRecord, site=cooperative_admin_site)
class OutputRecordAdmin(_AddOnlyAdmin):
    form = OutputForm
    change_roles = permissions.OUTPUT_ROLES
    add_fields = [
        "business_field",
        "period",
        "day",
        "product_name",
        "quantity",
        "unit",
        "value",
        "note",
    ]
    list_display = [
        "period_start",
        "period",
        "business",
        "product_name",
        "quantity",
        "unit",
        "is_late",
    ]
    list_filter = ["period", "is_late", "business__kind"]
    list_select_related = ["business"]
    date_hierarchy = "period_start"


class ProductForm(ServiceForm):
    business_field = forms.ModelChoiceField(label=_("usaha"), queryset=Business.objects.all())
    photo_upload = forms.ImageField(label=_("foto"), required=False)

    class Meta:
        model = Product
        fields = [
            "name",
            "unit",
            "price",
            "mode",
            "commission_percent",
            "description",
            "is_published",
        ]

    def perform(self, data):
        product = product_create(
            business_id=data["business_field"].pk,
            name=data["name"],
            unit=data["unit"],
            price=data["price"],
            mode=data["mode"],
            commission_percent=data.get("commission_percent"),
            description=data.get("description") or "",
            is_published=data.get("is_published") or False,
            created_by_id=self.user_id,
        )
        if data.get("photo_upload"):
            product = product_photo_set(
                product_id=product.pk, content=data["photo_upload"].read(), set_by_id=self.user_id
            )
        return product


class ProductChangeForm(ServiceForm):
    new_price = forms.DecimalField(label=_("harga baru (Rp)"), required=False, decimal_places=2)
    price_from = forms.DateField(label=_("harga baru berlaku mulai"), required=False)
    photo_upload = forms.ImageField(label=_("ganti foto"), required=False)

    class Meta:
        model = Product
        fields = ["name", "description", "commission_percent", "is_published", "is_active"]

    def perform(self, data):
        product = product_update(
            product_id=self.instance.pk,
            name=data["name"],
            description=data.get("description") or "",
            commission_percent=data.get("commission_percent"),
            is_published=data.get("is_published"),
            is_active=data.get("is_active"),
            updated_by_id=self.user_id,
        )
        if data.get("new_price"):
            product_price_set(
                product_id=product.pk,
                price=data["new_price"],
                effective_from=data.get("price_from"),
                set_by_id=self.user_id,
            )
        if data.get("photo_upload"):
            product = product_photo_set(
                product_id=product.pk, content=data["photo_upload"].read(), set_by_id=self.user_id
            )
        product.refresh_from_db()
        return product


class PriceInline(admin.TabularInline):
    model = ProductPrice
    fields = ["price", "effective_from", "set_at", "set_by_id"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return True


@admin.register(Product, site=cooperative_admin_site)
class ProductAdmin(ServiceAdminMixin, CooperativeModelAdmin):
    change_roles = permissions.CATALOGUE_ROLES
    list_display = ["name", "business", "unit", "price", "mode", "stock", "is_published"]
    list_filter = ["mode", "is_published", "business__kind"]
    list_select_related = ["business"]
    search_fields = ["name", "business__name"]
    inlines = [PriceInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = ProductChangeForm if obj is not None else ProductForm
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user_id = request.user.pk
        return form

    def get_fields(self, request, obj=None):
        if obj is None:
            return [
                "business_field",
                "name",
                "unit",
                "price",
                "mode",
                "commission_percent",
                "description",
                "is_published",
                "photo_upload",
            ]
        return [
            "name",
            "description",
            "commission_percent",
            "is_published",
            "is_active",
            "new_price",
            "price_from",
            "photo_upload",
            "price",
            "stock",
            "photo",
        ]

    def get_readonly_fields(self, request, obj=None):
        return ["price", "stock", "photo"] if obj is not None else []

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class StockForm(ServiceForm):
    KINDS = [("in", _("Masuk dari produksi / titipan")), ("adjust", _("Penyesuaian"))]
    product_field = forms.ModelChoiceField(label=_("produk"), queryset=Product.objects.all())
    action = forms.ChoiceField(label=_("jenis"), choices=KINDS)

    class Meta:
        model = StockMovement
        fields = ["date", "quantity", "unit_cost", "reason"]

    def perform(self, data):
        common = {
            "product_id": data["product_field"].pk,
            "quantity": data["quantity"],
            "date": data["date"],
            "created_by_id": self.user_id,
        }
        if data["action"] == "in":
            return stock_in(
                unit_cost=data.get("unit_cost"), reason=data.get("reason") or "", **common
            )
        return stock_adjust(reason=data.get("reason") or "", **common)


@admin.register(StockMovement, site=cooperative_admin_site)
class StockMovementAdmin(_AddOnlyAdmin):
    form = StockForm
    change_roles = permissions.CATALOGUE_ROLES
    add_fields = ["product_field", "action", "date", "quantity", "unit_cost", "reason"]
    list_display = ["date", "product", "kind", "quantity", "reason"]
    list_filter = ["kind"]
    list_select_related = ["product"]


class SaleForm(ServiceForm):
    product_field = forms.ModelChoiceField(
        label=_("produk"), queryset=Product.objects.filter(is_active=True)
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Sale
        fields = ["date", "quantity", "channel", "exhibition_id"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idempotency_key"].initial = f"admin:{uuid.uuid4()}"

    def perform(self, data):
        return sale_record(
            product_id=data["product_field"].pk,
            quantity=data["quantity"],
            date=data["date"],
            channel=data["channel"],
            exhibition_id=data.get("exhibition_id"),
            idempotency_key=data.get("idempotency_key") or f"admin:{uuid.uuid4()}",
            sold_by_id=self.user_id,
        )


@admin.register(Sale, site=cooperative_admin_site)
class SaleAdmin(_AddOnlyAdmin):
    form = SaleForm
    change_roles = permissions.SALE_ROLES
    add_fields = [
        "product_field",
        "date",
        "quantity",
        "channel",
        "exhibition_id",
        "idempotency_key",
    ]
    list_display = [
        "date",
        "product",
        "quantity",
        "amount",
        "mode",
        "channel",
        "commission",
        "payable",
        "settlement",
    ]
    list_filter = ["mode", "channel"]
    list_select_related = ["product"]
    date_hierarchy = "date"


class SettlementForm(ServiceForm):
    member_field = forms.ModelChoiceField(label=_("anggota"), queryset=CURRENT_MEMBERS)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Settlement
        fields = ["date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idempotency_key"].initial = f"admin:{uuid.uuid4()}"

    def perform(self, data):
        return consignment_settle(
            member_id=data["member_field"].pk,
            date=data["date"],
            idempotency_key=data.get("idempotency_key") or f"admin:{uuid.uuid4()}",
            settled_by_id=self.user_id,
        )


@admin.register(Settlement, site=cooperative_admin_site)
class SettlementAdmin(_AddOnlyAdmin):
    form = SettlementForm
    change_roles = permissions.SETTLEMENT_ROLES
    add_fields = ["member_field", "date", "idempotency_key"]
    list_display = ["date", "member", "amount"]
    list_select_related = ["member"]
