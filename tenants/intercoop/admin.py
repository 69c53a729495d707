"""The inter-cooperative books in the cooperative's admin: read only (every change goes through
the services, which post both books)."""

from __future__ import annotations

from django.contrib import admin

from sokoguru.platform.admin_sites import ReadOnlyCooperativeModelAdmin, cooperative_admin_site
from sokoguru.platform.core.admin import ReadOnlyInline
from sokoguru.tenants.intercoop.models import CapitalEntry, Installment, Loan, LoanProduct


@admin.register(CapitalEntry, site=cooperative_admin_site)
class CapitalEntryAdmin(ReadOnlyCooperativeModelAdmin):
    list_display = ("date", "side", "counterparty_id", "kind", "amount")
    list_filter = ("side", "kind")


@admin.register(LoanProduct, site=cooperative_admin_site)
class LoanProductAdmin(ReadOnlyCooperativeModelAdmin):
    list_display = ("name", "rate_percent", "rate_basis", "method", "max_tenor", "max_amount")


class InstallmentInline(ReadOnlyInline):
    model = Installment
    fields = ("number", "due_date", "principal", "jasa", "principal_paid", "jasa_paid")


@admin.register(Loan, site=cooperative_admin_site)
class LoanAdmin(ReadOnlyCooperativeModelAdmin):
    list_display = ("reference", "side", "counterparty_id", "product_name", "amount", "status")
    list_filter = ("side", "status")
    inlines = [InstallmentInline]
