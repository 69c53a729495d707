"""Provisioning, the cooperative's loan settings and its loan products."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from sokoguru.platform.accounts.permissions import require_role
from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.loans.models import (
    LoanProduct,
    LoanSettings,
)
from sokoguru.tenants.loans.permissions import (
    POLICY_ROLES,
)
from sokoguru.tenants.loans.services._common import (
    _settings_locked,
)

# --- provisioning, settings and products ----------------------------------------------------

DEFAULT_PRODUCTS = {
    "primary_rw": [
        dict(
            code="PUM",
            name="Pinjaman usaha mikro",
            description=(
                "Modal usaha anggota (hidroponik, toga, bank sampah, warung): jasa flat 1% per "
                "bulan dari pokok awal, diangsur sampai 10 bulan. Contoh: Rp 1.000.000 selama "
                "10 bulan = jasa Rp 100.000 (10%), angsuran 10 × Rp 110.000; selama 1 bulan "
                "jasa Rp 10.000."
            ),
            method="flat",
            rate_percent=Decimal("1"),
            rate_basis="per_month",
            min_tenor=1,
            max_tenor=10,
            min_amount=Decimal("100000"),
            max_amount=Decimal("5000000"),
            max_savings_multiple=Decimal("5"),
            penalty_method="per_instalment",
            penalty_flat=Decimal("5000"),
            penalty_grace_days=3,
        ),
    ],
    "primary_opd": [
        dict(
            code="PPG",
            name="Pinjaman pegawai potong gaji",
            description="Pinjaman anggota pegawai, angsuran dipotong dari gaji setiap bulan.",
            method="flat",
            rate_percent=Decimal("1"),
            rate_basis="per_month",
            min_tenor=3,
            max_tenor=24,
            min_amount=Decimal("500000"),
            max_amount=Decimal("50000000"),
            max_savings_multiple=Decimal("10"),
            admin_fee_percent=Decimal("1"),
            penalty_method="per_day",
            penalty_percent=Decimal("0.1"),
            penalty_cap_percent=Decimal("10"),
        ),
    ],
}


def loans_install(*, cooperative) -> LoanSettings:
    """Provisioning hook: the loan settings row and the default product of the cooperative's
    kind (a flat 10 % micro-business loan for RW cooperatives, a payroll loan for OPD ones)."""
    require_tenant_schema()
    loan_settings, _ = LoanSettings.objects.get_or_create(singleton=True)
    for spec in DEFAULT_PRODUCTS.get(getattr(cooperative, "kind", ""), []):
        if not LoanProduct.objects.filter(code=spec["code"]).exists():
            product = LoanProduct(**spec)
            product.full_clean()
            product.save()
    return loan_settings


SETTINGS_FIELDS = (
    "queue_serving",
    "reminder_days_before",
    "dalam_perhatian_khusus_from",
    "kurang_lancar_from",
    "diragukan_from",
    "macet_from",
    "allowance_lancar_percent",
    "allowance_dalam_perhatian_khusus_percent",
    "allowance_kurang_lancar_percent",
    "allowance_diragukan_percent",
    "allowance_macet_percent",
    "allowance_deducts_savings",
    "payroll_account",
    "written_off_blocks_new_loans",
)


@transaction.atomic
def loan_settings_update(*, updated_by_id: int | None, **changes) -> LoanSettings:
    require_tenant_schema()
    require_role(updated_by_id, POLICY_ROLES, field="updated_by_id")
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValidationError({name: "Kolom tidak dikenal." for name in sorted(unknown)})
    obj = _settings_locked()
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


PRODUCT_FIELDS = tuple(
    f.name
    for f in LoanProduct._meta.get_fields()
    if getattr(f, "editable", False) and f.name not in {"id", "created_at"}
)


@transaction.atomic
def loan_product_create(*, created_by_id: int | None, **fields) -> LoanProduct:
    require_tenant_schema()
    require_role(created_by_id, POLICY_ROLES, field="created_by_id")
    unknown = set(fields) - set(PRODUCT_FIELDS)
    if unknown:
        raise ValidationError({name: "Kolom tidak dikenal." for name in sorted(unknown)})
    product = LoanProduct(**fields)
    product.full_clean()
    product.save()
    return product


@transaction.atomic
def loan_product_update(*, product_id: int, updated_by_id: int | None, **changes) -> LoanProduct:
    require_tenant_schema()
    require_role(updated_by_id, POLICY_ROLES, field="updated_by_id")
    unknown = set(changes) - set(PRODUCT_FIELDS)
    if unknown:
        raise ValidationError({name: "Kolom tidak dikenal." for name in sorted(unknown)})
    product = LoanProduct.objects.select_for_update().filter(pk=product_id).first()
    if product is None:
        raise NotFound("Produk pinjaman tidak ditemukan.", field="product_id")
    for name, value in changes.items():
        setattr(product, name, value)
    product.full_clean()
    product.save()
    return product
