"""Simpanan wajib: monthly bills, oldest-month allocation, payments."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from sokoguru.platform.accounts.permissions import SystemActor, require_actor
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.calendar import (
    add_months,
    month_end,
    month_label,
    month_start,
    parse_period,
)
from sokoguru.tenants.bylaws.selectors import (
    bylaws_current,
    bylaws_for_day,
    bylaws_versions_between,
)
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.savings.models import (
    SavingsKind,
    SavingsMovement,
    WajibBill,
)
from sokoguru.tenants.savings.permissions import SAVINGS_CYCLE_ROLES, SAVINGS_POST_ROLES
from sokoguru.tenants.savings.services.arrears import (
    _apply_arrears_rule,
    arrears_rules_apply,
)
from sokoguru.tenants.savings.services.posting import (
    FINAL,
    MAX_WAJIB_MONTHS_AHEAD,
    ZERO,
    _existing_movement,
    _insert,
    _lock_account,
    _money,
    _post_single,
    _require_key,
    deposit_check,
)

logger = logging.getLogger("sokoguru.savings")


BILL_COLUMNS = [
    "member_id",
    "period",
    "amount",
    "paid_amount",
    "paid_on",
    "waived_on",
    "created_at",
]


def _insert_bills(bills: list[tuple]) -> None:
    """(member id, period, amount, paid amount, paid on) rows; existing member-months skipped."""
    now = timezone.now()
    _insert(
        WajibBill,
        BILL_COLUMNS,
        [
            (m, period, amount, paid, paid_on, None, now)
            for m, period, amount, paid, paid_on in bills
        ],
        suffix="ON CONFLICT (member_id, period) DO NOTHING",
    )


def _update_bills(bills: list[WajibBill]) -> None:
    """Write the bills' paid amounts in one UPDATE … FROM (VALUES …) per 1000 bills."""
    table = WajibBill._meta.db_table
    for start in range(0, len(bills), 1000):
        chunk = bills[start : start + 1000]
        values = ", ".join(["(%s, %s::numeric, %s::date)"] * len(chunk))
        params: list = []
        for bill in chunk:
            params.extend([bill.pk, bill.paid_amount, bill.paid_on])
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS b SET paid_amount = v.paid, paid_on = v.paid_on "  # noqa: S608
                f"FROM (VALUES {values}) AS v(id, paid, paid_on) WHERE b.id = v.id",
                params,
            )


def _allocate_wajib_many(*, payments: list[tuple[int, Decimal]], day: date) -> list[WajibBill]:
    """Fill each member's oldest unpaid bills with the amount paid; what is left pays the
    months ahead (bills created for them). A handful of queries for any number of members.
    ``payments``: (member id, amount), at most one per member. Returns the bills touched."""
    if not payments:
        return []
    member_ids = [member_id for member_id, _amount in payments]
    open_bills: dict[int, list[WajibBill]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, member_id, period, amount, paid_amount, paid_on "  # noqa: S608
            f"FROM {WajibBill._meta.db_table} WHERE member_id = ANY(%s) AND waived_on IS NULL "
            "AND paid_amount < amount ORDER BY member_id, period",
            [member_ids],
        )
        for pk, member_id, period, amount, paid_amount, paid_on in cursor.fetchall():
            open_bills[member_id].append(
                WajibBill(
                    pk=pk,
                    member_id=member_id,
                    period=period,
                    amount=amount,
                    paid_amount=paid_amount,
                    paid_on=paid_on,
                )
            )
    touched: list[WajibBill] = []
    leftovers: dict[int, Decimal] = {}
    for member_id, amount in payments:
        remaining = amount
        for bill in open_bills.get(member_id, []):
            if remaining <= 0:
                break
            take = min(bill.amount - bill.paid_amount, remaining)
            bill.paid_amount += take
            remaining -= take
            if bill.paid_amount == bill.amount:
                bill.paid_on = day
            touched.append(bill)
        if remaining > 0:
            leftovers[member_id] = remaining
    _update_bills(touched)
    if not leftovers:
        return touched
    last_periods = dict(
        WajibBill.objects.filter(member_id__in=list(leftovers))
        .values("member_id")
        .annotate(last=Max("period"))
        .values_list("member_id", "last")
    )
    limit = add_months(month_start(day), MAX_WAJIB_MONTHS_AHEAD)
    earliest = min([month_start(day), *last_periods.values()])
    versions = bylaws_versions_between(start=earliest, end=limit)
    ahead: list[WajibBill] = []
    for member_id, remaining in leftovers.items():
        last = last_periods.get(member_id)
        period = add_months(last, 1) if last else month_start(day)
        while remaining > 0:
            if period > limit:
                raise ValidationError(
                    {
                        "amount": f"Pembayaran melebihi tagihan {MAX_WAJIB_MONTHS_AHEAD} bulan ke "
                        "depan. / Payment covers too many months ahead."
                    }
                )
            due = bylaws_for_day(versions, period).wajib_monthly_amount
            take = min(due, remaining)
            ahead.append(
                WajibBill(
                    member_id=member_id,
                    period=period,
                    amount=due,
                    paid_amount=take,
                    paid_on=day if take == due else None,
                )
            )
            remaining -= take
            period = add_months(period, 1)
    WajibBill.objects.bulk_create(ahead, batch_size=2000)
    return touched + ahead


def _allocate_wajib(*, member: Member, amount: Decimal, day: date) -> list[WajibBill]:
    return _allocate_wajib_many(payments=[(member.pk, amount)], day=day)


@transaction.atomic
def wajib_pay(
    *,
    member_id: int,
    amount: Decimal,
    date: date,
    idempotency_key: str,
    description: str = "",
    created_by_id: int | SystemActor,
) -> SavingsMovement:
    """A simpanan wajib payment: allocated to the oldest unpaid months (then months ahead);
    the arrears rules of the by-laws are applied afterwards (a flagged or inactive member who
    pays down the arrears becomes active again)."""
    created_by_id = require_actor(created_by_id, SAVINGS_POST_ROLES, field="created_by_id")
    require_tenant_schema()
    amount = _money(amount)
    key = _require_key(idempotency_key)
    account = _lock_account(member_id)
    member = account.member
    existing = _existing_movement(key, member_id=member.pk, kind=SavingsKind.WAJIB, amount=amount)
    if existing is not None:
        return existing
    day = date
    deposit_check(
        member=member,
        kind=SavingsKind.WAJIB,
        amount=amount,
        day=day,
        pokok_paid=account.pokok_paid_on is not None,
    )
    bills = _allocate_wajib(member=member, amount=amount, day=day)
    months = sorted({b.period for b in bills})
    span = (
        month_label(months[0])
        if len(months) == 1
        else f"{month_label(months[0])} – {month_label(months[-1])}"
    )
    movement = _post_single(
        member=member,
        kind=SavingsKind.WAJIB,
        type=SavingsMovement.Type.DEPOSIT,
        amount=amount,
        day=day,
        description=description or f"Setoran simpanan wajib {span} — {member.full_name}",
        key=key,
        created_by_id=created_by_id,
    )
    _apply_arrears_rule(account=account, on=day, created_by_id=created_by_id)
    return movement


@transaction.atomic
def wajib_bills_generate(*, created_by_id: int | SystemActor, period: date | str) -> dict[str, int]:
    """Bill the simpanan wajib of ``period`` to every member whose pokok is paid and who has not
    left — whatever the status: a flagged or deactivated member still owes every month of
    membership until exit (one bill per member-month: running it again creates nothing), then
    apply the arrears rules as of the first of the month. Returns {"created", "flagged",
    "inactive", "active"}."""
    created_by_id = require_actor(created_by_id, SAVINGS_CYCLE_ROLES, field="created_by_id")
    require_tenant_schema()
    period = parse_period(period)
    bylaws = bylaws_current(as_of=period)
    eligible = set(
        Member.objects.exclude(status__in=FINAL)
        .filter(
            joined_on__lte=month_end(period),
            savings_account__pokok_paid_on__lte=month_end(period),
        )
        .values_list("pk", flat=True)
    )
    billed = set(
        WajibBill.objects.filter(period=period, member_id__in=eligible).values_list(
            "member_id", flat=True
        )
    )
    new = [
        (member_id, period, bylaws.wajib_monthly_amount, ZERO, None)
        for member_id in sorted(eligible - billed)
    ]
    _insert_bills(new)
    counts = arrears_rules_apply(as_of=period, member_ids=None, created_by_id=created_by_id)
    return {"created": len(new), **counts}
