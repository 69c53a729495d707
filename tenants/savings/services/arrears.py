"""Arrears rules of the by-laws: flag / deactivate / reactivate members by unpaid wajib months."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date

from django.db import connection

from sokoguru.platform.accounts.permissions import SystemActor, require_actor
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.models import BylawsVersion
from sokoguru.tenants.bylaws.selectors import (
    bylaws_current,
)
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.members.services import member_status_change, members_status_bulk_change
from sokoguru.tenants.savings.models import (
    SavingsAccount,
)
from sokoguru.tenants.savings.permissions import SAVINGS_CYCLE_ROLES
from sokoguru.tenants.savings.selectors import wajib_arrears_by_member
from sokoguru.tenants.savings.services.posting import (
    FINAL,
)

logger = logging.getLogger("sokoguru.savings")


def _target_status(months: int, bylaws: BylawsVersion) -> str:
    if months >= bylaws.wajib_inactive_after_months:
        return Member.Status.INACTIVE
    if months >= bylaws.wajib_flag_after_months:
        return Member.Status.FLAGGED
    return Member.Status.ACTIVE


def _arrears_reason(months: int) -> str:
    if months:
        return f"Tunggakan simpanan wajib {months} bulan (aturan anggaran dasar)."
    return "Tunggakan simpanan wajib lunas."


def _apply_arrears_rule(*, account: SavingsAccount, on: date, created_by_id=None) -> None:
    """Flag / deactivate / reactivate one member according to the by-laws in force on ``on``."""
    member = account.member
    if member.status in FINAL or account.pokok_paid_on is None:
        return
    months = wajib_arrears_by_member(as_of=on, member_ids=[member.pk]).get(member.pk, 0)
    target = _target_status(months, bylaws_current(as_of=on))
    if target != member.status:
        member_status_change(
            member=member,
            to_status=target,
            on=on,
            reason=_arrears_reason(months),
            created_by_id=created_by_id,
        )


def wajib_arrears_rules_apply(
    *, as_of: date, member_ids: list[int] | None = None, created_by_id: int | SystemActor
) -> dict[str, int]:
    """Apply the by-laws' arrears rules to every member (or those of ``member_ids``) whose
    simpanan pokok is paid: flagged after N unpaid months, inactive after M, back to active once
    paid down. A few queries whatever the number of members."""
    created_by_id = require_actor(created_by_id, SAVINGS_CYCLE_ROLES, field="created_by_id")
    return arrears_rules_apply(as_of=as_of, member_ids=member_ids, created_by_id=created_by_id)


def arrears_rules_apply(
    *, as_of: date, member_ids: list[int] | None, created_by_id: int | None
) -> dict[str, int]:
    """``wajib_arrears_rules_apply`` without its role check: a step of the savings services
    that already checked theirs (a payment, a collection, the monthly billing)."""
    require_tenant_schema()
    bylaws = bylaws_current(as_of=as_of)
    arrears = wajib_arrears_by_member(as_of=as_of, member_ids=member_ids)
    sql = (
        f"SELECT m.id, m.status FROM {Member._meta.db_table} m "  # noqa: S608
        f"JOIN {SavingsAccount._meta.db_table} a ON a.member_id = m.id "
        "WHERE a.pokok_paid_on IS NOT NULL AND m.status IN ('active', 'flagged', 'inactive')"
    )
    params: list = []
    if member_ids is not None:
        sql += " AND m.id = ANY(%s)"
        params.append(list(member_ids))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        members = cursor.fetchall()
    by_reason: dict[int, dict[int, str]] = defaultdict(dict)
    for member_id, status in members:
        months = arrears.get(member_id, 0)
        target = _target_status(months, bylaws)
        if target != status:
            by_reason[months][member_id] = target
    counts = {"flagged": 0, "inactive": 0, "active": 0}
    for months, changes in by_reason.items():
        members_status_bulk_change(
            changes=changes, on=as_of, reason=_arrears_reason(months), created_by_id=created_by_id
        )
        for target in changes.values():
            counts[target] += 1
    return counts
