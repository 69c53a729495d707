from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from sokoguru.platform.accounts.permissions import SystemActor, require_actor
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.bylaws.models import BylawsVersion
from sokoguru.tenants.bylaws.permissions import BYLAWS_ROLES

# The first version of every cooperative applies from this date so that history imported from
# paper books is covered.
DEFAULT_EFFECTIVE_FROM = date(2000, 1, 1)

# Defaults per cooperative kind: (simpanan pokok, simpanan wajib per month).
DEFAULT_SAVINGS = {
    "primary_rw": (Decimal("100000.00"), Decimal("20000.00")),
    "primary_opd": (Decimal("250000.00"), Decimal("100000.00")),
    "secondary": (Decimal("5000000.00"), Decimal("1000000.00")),
}
DEFAULT_SAVINGS_OTHER = (Decimal("100000.00"), Decimal("25000.00"))

EDITABLE_FIELDS = tuple(
    f.name
    for f in BylawsVersion._meta.concrete_fields
    if f.name not in {"id", "created_at", "created_by_id"}
)


def bylaws_install(*, cooperative) -> BylawsVersion:
    """Provisioning hook: a new cooperative starts with default by-laws for its kind."""
    require_tenant_schema()
    existing = BylawsVersion.objects.order_by("effective_from").first()
    if existing is not None:
        return existing
    pokok, wajib = DEFAULT_SAVINGS.get(getattr(cooperative, "kind", ""), DEFAULT_SAVINGS_OTHER)
    version = BylawsVersion(
        effective_from=DEFAULT_EFFECTIVE_FROM,
        decided_at="Ketentuan awal Sokoguru (ubah sesuai anggaran dasar koperasi)",
        pokok_amount=pokok,
        wajib_monthly_amount=wajib,
        min_liquidity_reserve=Decimal("1000000.00")
        if getattr(cooperative, "kind", "") == "primary_rw"
        else Decimal("10000000.00"),
        loan_max_amount=Decimal("5000000.00")
        if getattr(cooperative, "kind", "") == "primary_rw"
        else Decimal("0.00"),
        loan_max_savings_multiple=Decimal("3.00"),
        loan_max_term_months=24,
    )
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def bylaws_version_create(
    *, effective_from: date, created_by_id: int | SystemActor, **values
) -> BylawsVersion:
    """Put a new by-laws version in force from ``effective_from``. Parameters not given are
    carried over from the version in force the day before. Past versions stay as they were;
    a new version may not start in the past once a later one exists."""
    created_by_id = require_actor(created_by_id, BYLAWS_ROLES, field="created_by_id")
    require_tenant_schema()
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: "Kolom tidak dikenal. / Unknown field." for name in unknown})
    if effective_from is None:
        raise ValidationError({"effective_from": "Tanggal berlaku wajib diisi. / Required."})
    if BylawsVersion.objects.filter(effective_from=effective_from).exists():
        raise ValidationError(
            {"effective_from": "Sudah ada versi yang berlaku mulai tanggal ini. / Exists."}
        )
    today = cooperative_today()
    if (
        effective_from < today
        and BylawsVersion.objects.filter(effective_from__gt=effective_from).exists()
    ):
        raise ValidationError(
            {
                "effective_from": "Tidak dapat menyisipkan versi di masa lalu sebelum versi yang "
                "lebih baru. / Cannot insert a back-dated version before a newer one."
            }
        )
    base = (
        BylawsVersion.objects.filter(effective_from__lt=effective_from)
        .order_by("-effective_from")
        .first()
    )
    version = BylawsVersion(effective_from=effective_from, created_by_id=created_by_id)
    if base is not None:
        for name in EDITABLE_FIELDS:
            if name not in ("effective_from", "decided_at"):
                setattr(version, name, getattr(base, name))
    for name, value in values.items():
        setattr(version, name, value)
    version.full_clean()
    previous_month = base.fiscal_year_start_month if base is not None else None
    if (
        previous_month is not None
        and version.fiscal_year_start_month != previous_month
        and (effective_from.day != 1 or effective_from.month != version.fiscal_year_start_month)
    ):
        raise ValidationError(
            {
                "fiscal_year_start_month": "Tahun buku baru harus berlaku mulai tanggal 1 bulan "
                "pertamanya (mis. 1 Juli untuk tahun buku Juli–Juni). / A new fiscal year must "
                "take effect on the first day of its first month."
            }
        )
    version.save()
    return version
