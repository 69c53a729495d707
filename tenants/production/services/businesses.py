"""Members' micro-businesses and their weekly/monthly output records."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sokoguru.platform.accounts.permissions import require_role
from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.production.models import Business, OutputRecord, Period, Unit
from sokoguru.tenants.production.permissions import OUTPUT_ROLES
from sokoguru.tenants.production.services._common import (
    mark_catalogue_changed,
    money_value,
    period_bounds,
    quantity_value,
)

# An entry made more than this many days after its period ended is marked late.
LATE_AFTER_DAYS = 7
CURRENT_MEMBER_STATUSES = ("active", "flagged", "inactive")


def _owners(owner_ids) -> list[Member]:
    ids = sorted({int(i) for i in owner_ids or []})
    if not ids:
        raise ValidationError({"owner_ids": "Usaha harus dimiliki sedikitnya satu anggota."})
    members = list(Member.objects.filter(pk__in=ids, status__in=CURRENT_MEMBER_STATUSES))
    if len(members) != len(ids):
        missing = sorted(set(ids) - {m.pk for m in members})
        raise ValidationError({"owner_ids": f"Anggota tidak dikenal atau sudah keluar: {missing}."})
    return members


@transaction.atomic
def business_create(
    *,
    name: str,
    kind: str,
    owner_ids: list[int],
    started_on: date,
    created_by_id: int | None,
    description: str = "",
) -> Business:
    """Register a member's micro-business (usaha anggota)."""
    require_tenant_schema()
    require_role(created_by_id, OUTPUT_ROLES, field="created_by_id")
    owners = _owners(owner_ids)
    business = Business(
        name=(name or "").strip(),
        kind=kind,
        started_on=started_on,
        description=description or "",
        created_by_id=created_by_id,
    )
    business.full_clean()
    business.save()
    business.owners.set(owners)
    return business


@transaction.atomic
def business_update(
    *,
    business_id: int,
    updated_by_id: int | None,
    name: str | None = None,
    status: str | None = None,
    closed_on: date | None = None,
    owner_ids: list[int] | None = None,
    description: str | None = None,
) -> Business:
    require_tenant_schema()
    require_role(updated_by_id, OUTPUT_ROLES, field="updated_by_id")
    business = Business.objects.select_for_update().filter(pk=business_id).first()
    if business is None:
        raise NotFound("Usaha tidak ditemukan.", field="business_id")
    if name is not None:
        business.name = name.strip()
    if description is not None:
        business.description = description
    if status is not None:
        business.status = status
        if status == Business.Status.ACTIVE:
            business.closed_on = None
        else:
            business.closed_on = closed_on or cooperative_today()
    business.full_clean()
    business.save()
    if owner_ids is not None:
        business.owners.set(_owners(owner_ids))
    mark_catalogue_changed()  # a closed business's products leave the public catalogue
    return business


@transaction.atomic
def output_record(
    *,
    business_id: int,
    period: str,
    day: date,
    product_name: str,
    quantity,
    unit: str,
    recorded_by_id: int | None,
    value=None,
    note: str = "",
) -> OutputRecord:
    """Record what a business produced of one product in the week (or month) holding ``day``.
    A second entry for the same period, product and unit replaces the first (a correction);
    who entered it and when are kept, and an entry made more than a week after the period ended
    is marked late."""
    require_tenant_schema()
    require_role(recorded_by_id, OUTPUT_ROLES, field="recorded_by_id")
    if period not in Period.values:
        raise ValidationError({"period": f"Periode harus mingguan atau bulanan, bukan {period!r}."})
    if day is None:
        raise ValidationError({"day": "Tanggal periode wajib diisi."})
    if unit not in Unit.values:
        raise ValidationError({"unit": f"Satuan tidak dikenal: {unit!r}."})
    qty = quantity_value(quantity, positive=False)
    if qty < 0:
        raise ValidationError({"quantity": "Jumlah tidak boleh negatif."})
    amount = None if value in (None, "") else money_value(value, field="value")
    name = (product_name or "").strip()
    if not name:
        raise ValidationError({"product_name": "Nama produk wajib diisi."})
    business = Business.objects.filter(pk=business_id).first()
    if business is None:
        raise NotFound("Usaha tidak ditemukan.", field="business_id")
    start, end = period_bounds(period, day)
    today = cooperative_today()
    if start > today:
        raise ValidationError(
            {"day": "Hasil produksi tidak dapat dicatat untuk periode mendatang."}
        )
    if end < business.started_on:
        raise ValidationError({"day": "Periode ini sebelum usaha dimulai."})
    record = (
        OutputRecord.objects.select_for_update()
        .filter(business=business, period=period, period_start=start, product_name=name, unit=unit)
        .first()
    ) or OutputRecord(
        business=business, period=period, period_start=start, product_name=name, unit=unit
    )
    record.quantity = qty
    record.value = amount
    record.note = note or ""
    record.recorded_at = timezone.now()
    record.recorded_by_id = recorded_by_id
    record.is_late = today > end + timedelta(days=LATE_AFTER_DAYS)
    record.full_clean(validate_constraints=False, validate_unique=False)
    record.save()
    return record
