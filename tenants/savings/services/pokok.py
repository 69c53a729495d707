"""Simpanan pokok."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

from django.db import transaction

from sokoguru.platform.accounts.permissions import SystemActor, require_actor
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.calendar import (
    month_start,
)
from sokoguru.tenants.bylaws.selectors import (
    bylaws_current,
)
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.members.services import member_status_change
from sokoguru.tenants.savings.models import (
    SavingsKind,
    SavingsMovement,
    WajibBill,
)
from sokoguru.tenants.savings.permissions import SAVINGS_POST_ROLES
from sokoguru.tenants.savings.services.posting import (
    _check_date,
    _existing_movement,
    _lock_account,
    _post_single,
    _require_current,
    _require_key,
    deposit_check,
)

logger = logging.getLogger("sokoguru.savings")


@transaction.atomic
def pokok_pay(
    *,
    member_id: int,
    date: date,
    amount: Decimal | None = None,
    idempotency_key: str | None = None,
    created_by_id: int | SystemActor,
) -> SavingsMovement:
    """The member pays the simpanan pokok of the by-laws in force; the member becomes active
    and the simpanan wajib of that month is billed."""
    created_by_id = require_actor(created_by_id, SAVINGS_POST_ROLES, field="created_by_id")
    require_tenant_schema()
    account = _lock_account(member_id)
    member = account.member
    key = f"pokok:{member.pk}"
    if idempotency_key:
        key = _require_key(idempotency_key)
    existing = _existing_movement(key, member_id=member.pk, kind=SavingsKind.POKOK)
    if existing is not None:
        return existing
    _require_current(member)
    day = _check_date(date, member=member)
    bylaws = bylaws_current(as_of=day)
    required = bylaws.pokok_amount
    deposit_check(
        member=member,
        kind=SavingsKind.POKOK,
        amount=required if amount is None else amount,
        day=day,
        pokok_paid=account.pokok_paid_on is not None,
        pokok_amount=required,
    )
    movement = _post_single(
        member=member,
        kind=SavingsKind.POKOK,
        type=SavingsMovement.Type.DEPOSIT,
        amount=required,
        day=day,
        description=f"Setoran simpanan pokok — {member.full_name} ({member.number})",
        key=key,
        created_by_id=created_by_id,
    )
    account.pokok_paid_on = day
    account.save(update_fields=["pokok_paid_on"])
    member_status_change(
        member=member,
        to_status=Member.Status.ACTIVE,
        on=day,
        reason="Simpanan pokok dibayar.",
        created_by_id=created_by_id,
    )
    WajibBill.objects.get_or_create(
        member=member,
        period=month_start(day),
        defaults={"amount": bylaws.wajib_monthly_amount},
    )
    return movement
