"""Writes for savings. Every rupiah goes through the ledger (``transaction_post``) in the same
database transaction as its source document (movement, bill, batch, settlement). A member's
movements lock that member's ``SavingsAccount`` row first, so concurrent withdrawals serialise
and a withdrawal never takes the sukarela balance below zero."""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Max, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from sokoguru.platform.core.errors import Conflict, NotFound, SokoguruError, error_list
from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.calendar import (
    add_months,
    cooperative_today,
    month_end,
    month_label,
    month_start,
    parse_period,
)
from sokoguru.tenants.bylaws.models import BylawsVersion
from sokoguru.tenants.bylaws.selectors import (
    bylaws_current,
    bylaws_for_day,
    bylaws_versions_between,
)
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance, member_balances
from sokoguru.tenants.ledger.services import Leg, transaction_post
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.members.selectors import member_get
from sokoguru.tenants.members.services import member_status_change, members_status_bulk_change
from sokoguru.tenants.savings.models import (
    KIND_ACCOUNTS,
    ExitSettlement,
    JasaRun,
    PayrollBatch,
    PayrollRow,
    SavingsAccount,
    SavingsKind,
    SavingsMovement,
    WajibBill,
)
from sokoguru.tenants.savings.payroll import PayrollImportError, RowError, parse_payroll_file
from sokoguru.tenants.savings.selectors import wajib_arrears_by_member

logger = logging.getLogger("sokoguru.savings")

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
# A wajib payment may cover months ahead, but not more than this many.
MAX_WAJIB_MONTHS_AHEAD = 36
FINAL = (Member.Status.EXITED, Member.Status.DECEASED)


# --- Helpers ----------------------------------------------------------------------------------


def _rp(value) -> str:
    """Rupiah for messages: "Rp 1.250.000" (with ",50" when there are cents)."""
    amount = Decimal(value)
    return format_rupiah(amount, cents=amount != amount.to_integral_value())


def _money(value, *, field: str = "amount") -> Decimal:
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: "Jumlah tidak valid. / Invalid amount."})
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({field: "Jumlah harus lebih dari 0. / Must be positive."})
    if amount != amount.quantize(CENT):
        raise ValidationError({field: "Paling banyak dua angka desimal. / At most 2 decimals."})
    return amount.quantize(CENT)


def _check_date(day: date, *, member: Member | None = None, field: str = "date") -> date:
    if not isinstance(day, date):
        raise ValidationError({field: "Tanggal wajib diisi. / Date required."})
    if day > cooperative_today():
        raise ValidationError({field: "Tanggal tidak boleh di masa depan. / Not in the future."})
    if member is not None and day < member.joined_on:
        raise ValidationError({field: "Tanggal sebelum anggota masuk. / Before the member joined."})
    return day


def _require_key(key: str | None) -> str:
    key = (key or "").strip()
    if not key:
        raise ValidationError({"idempotency_key": "Kunci idempotensi wajib diisi. / Required."})
    if len(key) > 150:
        raise ValidationError({"idempotency_key": "Terlalu panjang (maks. 150). / Too long."})
    return key


def _lock_account(member_id: int) -> SavingsAccount:
    """The member's savings account row, created if needed and locked until commit."""
    member = member_get(member_id=member_id)
    SavingsAccount.objects.bulk_create([SavingsAccount(member=member)], ignore_conflicts=True)
    return (
        SavingsAccount.objects.select_for_update(of=("self",))
        .select_related("member")
        .get(member_id=member.pk)
    )


def _require_current(member: Member) -> None:
    if member.status in FINAL:
        raise Conflict(
            "Anggota sudah keluar atau meninggal dunia. / The member has left.", field="member_id"
        )


def _existing_movement(key: str, **expected) -> SavingsMovement | None:
    """The movement already recorded under ``key`` (a retry): returned when it matches,
    ``Conflict`` when the same key was used for something else."""
    movement = SavingsMovement.objects.filter(idempotency_key=key).first()
    if movement is None:
        return None
    for name, value in expected.items():
        if getattr(movement, name) != value:
            raise Conflict(
                "Kunci idempotensi sudah dipakai untuk transaksi lain. / "
                "Idempotency key already used for a different transaction.",
                field="idempotency_key",
            )
    return movement


@dataclass
class _Entry:
    member_id: int
    kind: str
    type: str
    amount: Decimal  # signed: + into the savings, − out of it
    description: str
    key: str


def _savings_legs(entries: list[_Entry]) -> list[Leg]:
    legs = []
    for e in entries:
        account = KIND_ACCOUNTS[e.kind]
        if e.amount > 0:
            legs.append(Leg(account=account, credit=e.amount, member_id=e.member_id))
        else:
            legs.append(Leg(account=account, debit=-e.amount, member_id=e.member_id))
    return legs


def _balance_with(legs: list[Leg], account: str) -> list[Leg]:
    """Add the one leg on ``account`` that balances ``legs``."""
    debit = sum((Decimal(leg.debit or 0) for leg in legs), ZERO)
    credit = sum((Decimal(leg.credit or 0) for leg in legs), ZERO)
    if credit > debit:
        return [Leg(account=account, debit=credit - debit), *legs]
    if debit > credit:
        return [*legs, Leg(account=account, credit=debit - credit)]
    return legs


MOVEMENT_COLUMNS = [
    "id",
    "member_id",
    "kind",
    "type",
    "date",
    "amount",
    "description",
    "journal_transaction_id",
    "idempotency_key",
    "payroll_batch_id",
    "created_by_id",
    "created_at",
]


def _post_entries(
    *,
    entries: list[_Entry],
    day: date,
    description: str,
    idempotency_key: str,
    source_kind: str,
    source_id: str | None = None,
    counter_account: str | None = chart.CASH,
    extra_legs: list[Leg] | None = None,
    created_by_id: int | None = None,
    payroll_batch: PayrollBatch | None = None,
):
    """Post one balanced ledger transaction and write its movements (same atomic block);
    returns the transaction and the movements' rows (``MOVEMENT_COLUMNS``). ``source_id``
    defaults to the id of the (first) movement, reserved before posting."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('savings_savingsmovement', 'id')) "
            "FROM generate_series(1, %s)",
            [len(entries)],
        )
        reserved = [row[0] for row in cursor.fetchall()]
    if source_id is None:
        source_id = str(reserved[0])
    legs = _savings_legs(entries) + list(extra_legs or [])
    if counter_account:
        legs = _balance_with(legs, counter_account)
    txn = transaction_post(
        date=day,
        description=description[:255],
        legs=legs,
        idempotency_key=idempotency_key,
        source_kind=source_kind,
        source_id=source_id,
        created_by_id=created_by_id,
    )
    now = timezone.now()
    batch_id = payroll_batch.pk if payroll_batch is not None else None
    rows = [
        (
            pk,
            e.member_id,
            str(e.kind),
            str(e.type),
            day,
            e.amount,
            e.description[:255],
            txn.pk,
            e.key,
            batch_id,
            created_by_id,
            now,
        )
        for pk, e in zip(reserved, entries, strict=True)
    ]
    _insert(SavingsMovement, MOVEMENT_COLUMNS, rows)
    return txn, rows


def _post_single(
    *,
    member: Member,
    kind: str,
    type: str,
    amount: Decimal,
    day: date,
    description: str,
    key: str,
    created_by_id: int | None,
    counter_account: str = chart.CASH,
) -> SavingsMovement:
    entry = _Entry(member.pk, kind, type, amount, description, key)
    _txn, rows = _post_entries(
        entries=[entry],
        day=day,
        description=description,
        idempotency_key=f"savings:{key}",
        source_kind=f"savings.{kind}_{type}",
        counter_account=counter_account,
        created_by_id=created_by_id,
    )
    movement = SavingsMovement(**dict(zip(MOVEMENT_COLUMNS, rows[0], strict=True)))
    movement._state.adding = False
    movement._state.db = "default"
    movement.member = member
    return movement


# --- Arrears rules ----------------------------------------------------------------------------


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
    *, as_of: date, member_ids: list[int] | None = None, created_by_id: int | None = None
) -> dict[str, int]:
    """Apply the by-laws' arrears rules to every member (or those of ``member_ids``) whose
    simpanan pokok is paid: flagged after N unpaid months, inactive after M, back to active once
    paid down. A few queries whatever the number of members."""
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


# --- Pokok ------------------------------------------------------------------------------------


@transaction.atomic
def pokok_pay(
    *,
    member_id: int,
    date: date,
    amount: Decimal | None = None,
    idempotency_key: str | None = None,
    created_by_id: int | None = None,
) -> SavingsMovement:
    """The member pays the simpanan pokok of the by-laws in force; the member becomes active
    and the simpanan wajib of that month is billed."""
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
    if account.pokok_paid_on is not None:
        raise Conflict(
            "Simpanan pokok anggota ini sudah dibayar. / Simpanan pokok already paid.",
            field="member_id",
        )
    day = _check_date(date, member=member)
    bylaws = bylaws_current(as_of=day)
    required = bylaws.pokok_amount
    if amount is not None and _money(amount) != required:
        raise ValidationError(
            {"amount": f"Simpanan pokok harus {_rp(required)}. / Must equal the by-laws."}
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


# --- Wajib ------------------------------------------------------------------------------------


def _insert(model, columns: list[str], rows: list[tuple], *, suffix: str = "") -> None:
    """Multi-row INSERT of plain tuples (the bulk paths: thousands of movements, bills and
    payroll rows without building a model instance per row)."""
    if not rows:
        return
    table = model._meta.db_table
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    for start in range(0, len(rows), 1000):
        chunk = rows[start : start + 1000]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
                f"VALUES {', '.join([placeholders] * len(chunk))} {suffix}",
                [value for row in chunk for value in row],
            )


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
    created_by_id: int | None = None,
) -> SavingsMovement:
    """A simpanan wajib payment: allocated to the oldest unpaid months (then months ahead);
    the arrears rules of the by-laws are applied afterwards (a flagged or inactive member who
    pays down the arrears becomes active again)."""
    require_tenant_schema()
    amount = _money(amount)
    key = _require_key(idempotency_key)
    account = _lock_account(member_id)
    member = account.member
    existing = _existing_movement(key, member_id=member.pk, kind=SavingsKind.WAJIB, amount=amount)
    if existing is not None:
        return existing
    _require_current(member)
    if account.pokok_paid_on is None:
        raise ValidationError(
            {"member_id": "Simpanan pokok belum dibayar. / Pay the simpanan pokok first."}
        )
    day = _check_date(date, member=member)
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
def wajib_bills_generate(*, period: date | str) -> dict[str, int]:
    """Bill the simpanan wajib of ``period`` to every active or flagged member whose pokok is
    paid (one bill per member-month: running it again creates nothing), then apply the arrears
    rules as of the first of the month. Returns {"created", "flagged", "inactive", "active"}."""
    require_tenant_schema()
    period = parse_period(period)
    bylaws = bylaws_current(as_of=period)
    eligible = set(
        Member.objects.filter(
            status__in=[Member.Status.ACTIVE, Member.Status.FLAGGED],
            joined_on__lte=month_end(period),
            savings_account__pokok_paid_on__lte=month_end(period),
        ).values_list("pk", flat=True)
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
    counts = wajib_arrears_rules_apply(as_of=period)
    return {"created": len(new), **counts}


# --- Sukarela ---------------------------------------------------------------------------------


@transaction.atomic
def sukarela_deposit(
    *,
    member_id: int,
    amount: Decimal,
    date: date,
    idempotency_key: str,
    description: str = "",
    created_by_id: int | None = None,
) -> SavingsMovement:
    """Deposit into the member's simpanan sukarela (CASH debit / SIMPANAN_SUKARELA credit on
    the member's sub-ledger)."""
    return _sukarela_post(
        type=SavingsMovement.Type.DEPOSIT,
        member_id=member_id,
        amount=amount,
        date=date,
        idempotency_key=idempotency_key,
        description=description,
        created_by_id=created_by_id,
    )


@transaction.atomic
def sukarela_withdraw(
    *,
    member_id: int,
    amount: Decimal,
    date: date,
    idempotency_key: str,
    description: str = "",
    created_by_id: int | None = None,
) -> SavingsMovement:
    """Withdraw from the member's simpanan sukarela; refused when the amount exceeds the
    balance. The member's account row is locked first, so concurrent withdrawals serialise."""
    return _sukarela_post(
        type=SavingsMovement.Type.WITHDRAWAL,
        member_id=member_id,
        amount=amount,
        date=date,
        idempotency_key=idempotency_key,
        description=description,
        created_by_id=created_by_id,
    )


def _sukarela_post(
    *,
    type: str,
    member_id: int,
    amount: Decimal,
    date: date,
    idempotency_key: str,
    description: str,
    created_by_id: int | None,
) -> SavingsMovement:
    """One sukarela deposit or withdrawal under the member's account lock: the first movement
    of the same key is returned again; a withdrawal must not exceed the balance."""
    require_tenant_schema()
    amount = _money(amount)
    key = _require_key(idempotency_key)
    account = _lock_account(member_id)
    member = account.member
    withdrawal = type == SavingsMovement.Type.WITHDRAWAL
    signed = -amount if withdrawal else amount
    existing = _existing_movement(
        key, member_id=member.pk, kind=SavingsKind.SUKARELA, type=type, amount=signed
    )
    if existing is not None:
        return existing
    _require_current(member)
    day = _check_date(date, member=member)
    if withdrawal:
        # Read after the lock: a withdrawal that committed meanwhile is included.
        balance = Decimal(account_balance(account=chart.SIMPANAN_SUKARELA, member_id=member.pk))
        if amount > balance:
            raise ValidationError(
                {
                    "amount": f"Saldo simpanan sukarela tidak cukup: saldo {_rp(balance)}, "
                    f"diminta {_rp(amount)}. / Insufficient sukarela balance."
                }
            )
    action = "Penarikan" if withdrawal else "Setoran"
    return _post_single(
        member=member,
        kind=SavingsKind.SUKARELA,
        type=type,
        amount=signed,
        day=day,
        description=description or f"{action} simpanan sukarela — {member.full_name}",
        key=key,
        created_by_id=created_by_id,
    )


def _round_rupiah(value: Decimal) -> Decimal:
    from decimal import ROUND_HALF_UP

    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP).quantize(CENT)


@transaction.atomic
def sukarela_jasa_post(*, period: date | str, created_by_id: int | None = None) -> JasaRun | None:
    """Post the month's jasa simpanan on sukarela: rate of the by-laws in force at the month's
    end × each member's balance at the month's end, rounded to whole rupiah, credited to the
    member (SAVINGS_SERVICE_EXPENSE debit). Once per month; nothing when the rate is 0."""
    require_tenant_schema()
    period = parse_period(period)
    end = month_end(period)
    if end >= cooperative_today():
        raise ValidationError({"period": "Bulan ini belum berakhir. / The month has not ended."})
    existing = JasaRun.objects.filter(period=period).first()
    if existing is not None:
        return existing
    bylaws = bylaws_current(as_of=end)
    rate = bylaws.sukarela_monthly_rate
    if rate <= 0:
        return None
    current = set(Member.objects.exclude(status__in=FINAL).values_list("pk", flat=True))
    balances = member_balances(account=chart.SIMPANAN_SUKARELA, as_of=end)
    entries = []
    for member_id, balance in sorted(balances.items()):
        if member_id not in current or Decimal(balance) <= 0:
            continue
        jasa = _round_rupiah(Decimal(balance) * rate / Decimal("100"))
        if jasa > 0:
            entries.append(
                _Entry(
                    member_id,
                    SavingsKind.SUKARELA,
                    SavingsMovement.Type.INTEREST,
                    jasa,
                    f"Jasa simpanan sukarela {month_label(period)} ({rate}%)",
                    f"jasa:{period:%Y-%m}:{member_id}",
                )
            )
    run = JasaRun.objects.create(
        period=period,
        rate=rate,
        member_count=len(entries),
        total=sum((e.amount for e in entries), ZERO),
    )
    if entries:
        txn, _ = _post_entries(
            entries=entries,
            day=end,
            description=f"Jasa simpanan sukarela {month_label(period)} ({rate}% per bulan)",
            idempotency_key=f"savings:jasa:{period:%Y-%m}",
            source_kind="savings.jasa_run",
            source_id=str(run.pk),
            counter_account=chart.SAVINGS_SERVICE_EXPENSE,
            created_by_id=created_by_id,
        )
        run.journal_transaction_id = txn.pk
        run.save(update_fields=["journal_transaction_id"])
    return run


# --- Collective collection ------------------------------------------------------------------


class _CollectionMember(NamedTuple):
    pk: int
    number: str
    full_name: str
    status: str
    joined_on: date


@dataclass
class CollectionItem:
    member_id: int
    kind: str  # "pokok" | "wajib" | "sukarela"
    amount: Decimal  # for sukarela: negative = withdrawal


@transaction.atomic
def savings_collection_post(
    *,
    date: date,
    items: list[CollectionItem],
    idempotency_key: str,
    description: str,
    counter_account: str = chart.CASH,
    created_by_id: int | None = None,
) -> QuerySet[SavingsMovement]:
    """Post a collector's list in one ledger transaction (the RT/RW collection day, a
    sekunder's transfers from its member cooperatives): simpanan pokok of new members (who
    become active), wajib (allocated oldest month first), sukarela deposits and withdrawals.
    Every item is checked first; errors name the item (``items``) and nothing is written.
    The same key again returns the movements of the first posting."""
    require_tenant_schema()
    key = _require_key(idempotency_key)
    if counter_account not in (chart.CASH, chart.BANK):
        raise ValidationError({"counter_account": "Kas atau bank. / Cash or bank."})
    existing = SavingsMovement.objects.filter(
        idempotency_key__startswith=f"collection:{key}:"
    ).order_by("id")
    if existing.exists():
        return existing
    day = _check_date(date)
    if not items:
        raise ValidationError({"items": "Daftar setoran kosong. / Nothing to post."})
    member_ids = sorted({item.member_id for item in items})
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, number, full_name, status, joined_on "  # noqa: S608
            f"FROM {Member._meta.db_table} WHERE id = ANY(%s)",
            [member_ids],
        )
        members = {row[0]: _CollectionMember(*row) for row in cursor.fetchall()}
    SavingsAccount.objects.bulk_create(
        [SavingsAccount(member_id=pk) for pk in members], ignore_conflicts=True
    )
    # Lock the members' accounts (in id order) until commit; note who has paid pokok.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT member_id, pokok_paid_on FROM {SavingsAccount._meta.db_table} "  # noqa: S608
            "WHERE member_id = ANY(%s) ORDER BY member_id FOR UPDATE",
            [list(members)],
        )
        pokok_paid = dict(cursor.fetchall())
    bylaws = bylaws_current(as_of=day)
    sukarela = member_balances(account=chart.SIMPANAN_SUKARELA)
    errors: list[str] = []
    pokok_members: list[int] = []
    wajib: dict[int, Decimal] = defaultdict(lambda: ZERO)
    entries: list[_Entry] = []
    for index, item in enumerate(items, start=1):
        member = members.get(item.member_id)
        where = f"Baris {index}"
        if member is None:
            errors.append(f"{where}: anggota tidak ditemukan.")
            continue
        where = f"Baris {index} ({member.number})"
        try:
            raw = item.amount if isinstance(item.amount, Decimal) else Decimal(str(item.amount))
            amount = _money(abs(raw))
        except (ValidationError, InvalidOperation):
            errors.append(f"{where}: jumlah tidak valid.")
            continue
        if member.status in FINAL:
            errors.append(f"{where}: anggota sudah keluar.")
            continue
        if day < member.joined_on:
            errors.append(f"{where}: tanggal sebelum anggota masuk.")
            continue
        if item.kind == SavingsKind.POKOK:
            if pokok_paid.get(member.pk) is not None or member.pk in pokok_members:
                errors.append(f"{where}: simpanan pokok sudah dibayar.")
                continue
            if amount != bylaws.pokok_amount:
                errors.append(f"{where}: simpanan pokok harus {_rp(bylaws.pokok_amount)}.")
                continue
            pokok_members.append(member.pk)
            entries.append(
                _Entry(
                    member.pk,
                    SavingsKind.POKOK,
                    SavingsMovement.Type.DEPOSIT,
                    amount,
                    f"Setoran simpanan pokok — {member.full_name}",
                    f"collection:{key}:{index}",
                )
            )
        elif item.kind == SavingsKind.WAJIB:
            if raw < 0:
                errors.append(f"{where}: simpanan wajib tidak dapat ditarik.")
                continue
            if pokok_paid.get(member.pk) is None and member.pk not in pokok_members:
                errors.append(f"{where}: simpanan pokok belum dibayar.")
                continue
            wajib[member.pk] += amount
            entries.append(
                _Entry(
                    member.pk,
                    SavingsKind.WAJIB,
                    SavingsMovement.Type.DEPOSIT,
                    amount,
                    f"Setoran simpanan wajib — {member.full_name}",
                    f"collection:{key}:{index}",
                )
            )
        elif item.kind == SavingsKind.SUKARELA:
            balance = sukarela.get(member.pk, ZERO)
            if raw < 0 and amount > balance:
                errors.append(
                    f"{where}: saldo simpanan sukarela {_rp(balance)} tidak cukup untuk "
                    f"penarikan {_rp(amount)}."
                )
                continue
            signed = amount if raw > 0 else -amount
            sukarela[member.pk] = balance + signed
            entries.append(
                _Entry(
                    member.pk,
                    SavingsKind.SUKARELA,
                    SavingsMovement.Type.DEPOSIT if signed > 0 else SavingsMovement.Type.WITHDRAWAL,
                    signed,
                    f"{'Setoran' if signed > 0 else 'Penarikan'} simpanan sukarela — "
                    f"{member.full_name}",
                    f"collection:{key}:{index}",
                )
            )
        else:
            errors.append(f"{where}: jenis simpanan tidak dikenal.")
    if errors:
        raise ValidationError({"items": errors})
    if pokok_members:
        SavingsAccount.objects.filter(member_id__in=pokok_members).update(pokok_paid_on=day)
        members_status_bulk_change(
            changes=dict.fromkeys(pokok_members, Member.Status.ACTIVE),
            on=day,
            reason="Simpanan pokok dibayar.",
            created_by_id=created_by_id,
        )
        _insert_bills(
            [(m, month_start(day), bylaws.wajib_monthly_amount, ZERO, None) for m in pokok_members]
        )
    _allocate_wajib_many(payments=list(wajib.items()), day=day)
    _txn, rows = _post_entries(
        entries=entries,
        day=day,
        description=description,
        idempotency_key=f"savings:collection:{key}",
        source_kind="savings.collection",
        source_id=key[:64],
        counter_account=counter_account,
        created_by_id=created_by_id,
    )
    if wajib:
        wajib_arrears_rules_apply(as_of=day, member_ids=list(wajib), created_by_id=created_by_id)
    return SavingsMovement.objects.filter(pk__in=[row[0] for row in rows]).order_by("id")


# --- Loans hook -------------------------------------------------------------------------------


def _loans_hook(setting: str):
    path = getattr(settings, setting, None)
    if not path:
        return None
    try:
        return import_string(path)
    except ImportError:
        logger.warning("%s %r cannot be imported; loans are not offset", setting, path)
        return None


def loan_repayment_hook():
    """The loans app's repayment function named in settings.PAYROLL_LOAN_REPAYMENT, or None
    when it is not set or not installed (savings never imports loans)."""
    return _loans_hook("PAYROLL_LOAN_REPAYMENT")


def loan_exit_settlement_hook():
    """The loans app's function named in settings.MEMBER_EXIT_LOAN_SETTLEMENT that pays off a
    leaving member's loans from the savings refunded, or None when it is not set or not
    installed."""
    return _loans_hook("MEMBER_EXIT_LOAN_SETTLEMENT")


# --- Exit settlement --------------------------------------------------------------------------


@transaction.atomic
def member_exit(
    *,
    member_id: int,
    date: date,
    reason: str = ExitSettlement.Reason.EXITED,
    note: str = "",
    paid_from: str = chart.CASH,
    created_by_id: int | None = None,
) -> ExitSettlement:
    """A member leaves (or has died): the simpanan pokok, wajib and sukarela are refunded minus
    the loans still owed, and a settlement statement is kept. Unpaid wajib months are waived.

    The loans app (settings.MEMBER_EXIT_LOAN_SETTLEMENT) pays the member's loans off at their
    payoff quote (due instalments with penalties, remaining principal, jasa per the product)
    and cancels open applications; a LOANS_RECEIVABLE balance the loans app does not hold (or
    all of it, without the loans app) is offset in the settlement posting. Refused, with
    nothing written, when the loans owed exceed the savings."""
    require_tenant_schema()
    if reason not in ExitSettlement.Reason.values:
        raise ValidationError({"reason": "Alasan keluar tidak dikenal. / Unknown reason."})
    if paid_from not in (chart.CASH, chart.BANK):
        raise ValidationError({"paid_from": "Dibayar dari kas atau bank. / Cash or bank."})
    account = _lock_account(member_id)
    member = account.member
    if ExitSettlement.objects.filter(member=member).exists() or member.status in FINAL:
        raise Conflict(
            "Anggota ini sudah keluar dan diselesaikan. / Already settled.", field="member_id"
        )
    day = _check_date(date, member=member)

    def balances() -> dict[str, Decimal]:
        return {
            kind: Decimal(account_balance(account=acc, member_id=member.pk))
            for kind, acc in KIND_ACCOUNTS.items()
        }

    savings = balances()
    total = sum(savings.values(), ZERO)
    owed = Decimal(account_balance(account=chart.LOANS_RECEIVABLE, member_id=member.pk))
    owed = max(owed, ZERO)
    if owed > total:
        raise ValidationError(
            {
                "member_id": f"Sisa pinjaman {_rp(owed)} melebihi simpanan {_rp(total)}; "
                "lunasi selisihnya dahulu. / Loans owed exceed the savings."
            }
        )
    settled_through_loans = ZERO
    settle = loan_exit_settlement_hook()
    if settle is not None:
        # The loans app pays the loans off (jasa and penalties included) and posts it into
        # ``paid_from``; the settlement below pays the savings out of the same account, so
        # only the refund leaves it.
        settled_through_loans = Decimal(
            settle(
                member_id=member.pk,
                date=day,
                limit=total,
                paid_from=paid_from,
                idempotency_key=f"savings:exit:{member.pk}:loans",
                created_by_id=created_by_id,
            )
        )
        savings = balances()
        total = sum(savings.values(), ZERO)
    remaining_owed = max(
        Decimal(account_balance(account=chart.LOANS_RECEIVABLE, member_id=member.pk)), ZERO
    )
    loans_outstanding = settled_through_loans + remaining_owed
    refund = total - loans_outstanding
    if refund < 0:
        raise ValidationError(
            {
                "member_id": f"Kewajiban pinjaman {_rp(loans_outstanding)} melebihi simpanan "
                f"{_rp(total)}. / Loans owed exceed the savings."
            }
        )
    label = "meninggal dunia" if reason == ExitSettlement.Reason.DECEASED else "keluar"
    settlement = ExitSettlement(
        member=member,
        reason=reason,
        settled_on=day,
        pokok=savings[SavingsKind.POKOK],
        wajib=savings[SavingsKind.WAJIB],
        sukarela=savings[SavingsKind.SUKARELA],
        loans_outstanding=loans_outstanding,
        refund=refund,
        paid_from=paid_from,
        note=(note or "").strip()[:255],
        created_by_id=created_by_id,
    )
    entries = [
        _Entry(
            member.pk,
            kind,
            SavingsMovement.Type.SETTLEMENT,
            -balance,
            f"Pengembalian {SavingsKind(kind).label.lower()} — anggota {label}",
            f"exit:{member.pk}:{kind}",
        )
        for kind, balance in savings.items()
        if balance > 0
    ]
    if entries or remaining_owed > 0:
        extra = (
            [Leg(account=chart.LOANS_RECEIVABLE, credit=remaining_owed, member_id=member.pk)]
            if remaining_owed > 0
            else []
        )
        if not entries:
            raise ValidationError(
                {"member_id": "Tidak ada simpanan untuk diperhitungkan. / No savings to offset."}
            )
        txn, _ = _post_entries(
            entries=entries,
            day=day,
            description=f"Penyelesaian simpanan anggota {label} — {member.full_name} "
            f"({member.number})",
            idempotency_key=f"savings:exit:{member.pk}",
            source_kind="savings.exit_settlement",
            source_id=str(member.pk),
            counter_account=paid_from,
            extra_legs=extra,
            created_by_id=created_by_id,
        )
        settlement.journal_transaction_id = txn.pk
    unpaid = list(
        WajibBill.objects.filter(member=member, waived_on__isnull=True, paid_amount__lt=F("amount"))
    )
    settlement.waived_wajib = sum((b.amount - b.paid_amount for b in unpaid), ZERO)
    WajibBill.objects.filter(pk__in=[b.pk for b in unpaid]).update(waived_on=day)
    settlement.full_clean(exclude=["member"])
    settlement.save()
    member_status_change(
        member=member,
        to_status=reason,
        on=day,
        reason=f"Anggota {label}; simpanan diselesaikan {_rp(refund)}.",
        created_by_id=created_by_id,
    )
    return settlement


# --- Payroll deduction ------------------------------------------------------------------------


@dataclass
class PayrollImportResult:
    batch: PayrollBatch
    created: bool


class _MemberRef(NamedTuple):
    pk: int
    number: str
    nip: str
    status: str
    pokok_paid_on: date | None


def _resolve_members(identifiers: list[str]) -> dict[str, _MemberRef]:
    """identifier (NIP or member number) → member, in one query (no model instances)."""
    nips = [i for i in identifiers if i.isdigit()]
    numbers = [i.upper() for i in identifiers]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m.id, m.number, m.nip, m.status, a.pokok_paid_on "  # noqa: S608
            f"FROM {Member._meta.db_table} m "
            f"LEFT JOIN {SavingsAccount._meta.db_table} a ON a.member_id = m.id "
            "WHERE m.nip = ANY(%s) OR m.number = ANY(%s)",
            [nips, numbers],
        )
        refs = [_MemberRef(*row) for row in cursor.fetchall()]
    found: dict[str, _MemberRef] = {ref.nip: ref for ref in refs if ref.nip in nips}
    for ref in refs:
        found.setdefault(ref.number, ref)
    return found


def payroll_batch_import(
    *,
    period: date | str,
    filename: str,
    content: bytes,
    received_on: date | None = None,
    created_by_id: int | None = None,
) -> PayrollImportResult:
    """Import an office treasurer's payroll-deduction file (CSV or XLSX; columns: NIP or
    nomor anggota, wajib, angsuran pinjaman, lainnya). Every row is checked first and all
    errors are reported with their row numbers (``PayrollImportError``); if any row is bad
    nothing is posted. The same file for the same month again posts nothing (returns the first
    batch with ``created=False``).

    Postings (one atomic block): wajib and "lainnya" (to simpanan sukarela) in one transaction
    BANK debit / member credits; each loan instalment through settings.PAYROLL_LOAN_REPAYMENT."""
    require_tenant_schema()
    period = parse_period(period)
    if not content:
        raise ValidationError({"file": "Berkas kosong. / The file is empty."})
    received_on = received_on or cooperative_today()
    _check_date(received_on, field="received_on")
    digest = hashlib.sha256(period.isoformat().encode() + b"\n" + content).hexdigest()
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Two imports of the same file wait for each other (the second finds the first).
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"payroll:{digest}"])
        existing = PayrollBatch.objects.filter(content_hash=digest).first()
        if existing is not None:
            return PayrollImportResult(batch=existing, created=False)
        return PayrollImportResult(
            batch=_payroll_post(
                period=period,
                filename=filename,
                content=content,
                received_on=received_on,
                digest=digest,
                created_by_id=created_by_id,
            ),
            created=True,
        )


def _payroll_post(*, period, filename, content, received_on, digest, created_by_id):
    rows = parse_payroll_file(filename=filename, content=content)
    errors: list[RowError] = []
    members = _resolve_members([r.identifier for r in rows if r.identifier])
    hook = None
    if any(r.loan_instalment > 0 for r in rows):
        hook = loan_repayment_hook()
    seen: dict[int, int] = {}
    resolved: list[tuple] = []
    for row in rows:
        row_errors = list(row.errors)
        member = members.get(row.identifier) or members.get(row.identifier.upper())
        if row.identifier and member is None:
            row_errors.append(
                RowError(row.number, "nip", f"NIP/nomor anggota {row.identifier} tidak dikenal.")
            )
        if member is not None:
            if member.status in FINAL:
                row_errors.append(
                    RowError(row.number, "nip", f"{member.number} sudah keluar dari koperasi.")
                )
            elif member.pk in seen:
                row_errors.append(
                    RowError(
                        row.number,
                        "nip",
                        f"{member.number} sudah ada di baris {seen[member.pk]}.",
                    )
                )
            else:
                seen[member.pk] = row.number
            if row.wajib > 0 and member.pokok_paid_on is None:
                row_errors.append(
                    RowError(row.number, "wajib", "Simpanan pokok anggota belum dibayar.")
                )
        if row.loan_instalment > 0 and hook is None:
            row_errors.append(
                RowError(
                    row.number,
                    "angsuran",
                    "Angsuran pinjaman tidak dapat diproses: layanan pinjaman belum terpasang "
                    "(PAYROLL_LOAN_REPAYMENT). / Loan repayment is not available.",
                )
            )
        errors.extend(row_errors)
        if not row_errors and member is not None:
            resolved.append((row, member))
    if not rows:
        errors.append(RowError(1, "file", "Berkas tidak berisi baris potongan."))
    if errors:
        if hook is not None:
            # The file is refused anyway: let the loans app check the good rows' instalments
            # too (its postings roll back with the refusal), so every error is reported at once.
            errors.extend(
                _payroll_loan_instalments(
                    hook=hook,
                    resolved=resolved,
                    day=received_on,
                    key_prefix=f"savings:payroll:check:{digest}",
                    created_by_id=created_by_id,
                )
            )
        raise PayrollImportError(errors)

    wajib_total = sum((r.wajib for r, _m in resolved), ZERO)
    loan_total = sum((r.loan_instalment for r, _m in resolved), ZERO)
    other_total = sum((r.other for r, _m in resolved), ZERO)
    batch = PayrollBatch.objects.create(
        period=period,
        received_on=received_on,
        filename=(filename or "potongan-gaji")[:200],
        content_hash=digest,
        row_count=len(resolved),
        wajib_total=wajib_total,
        loan_total=loan_total,
        other_total=other_total,
        created_by_id=created_by_id,
    )
    _insert(
        PayrollRow,
        ["batch_id", "row_number", "identifier", "member_id", "wajib", "loan_instalment", "other"],
        [
            (batch.pk, r.number, r.identifier, m.pk, r.wajib, r.loan_instalment, r.other)
            for r, m in resolved
        ],
    )
    label = month_label(period)
    # Lock the members' accounts in id order (no deadlock with single postings).
    member_ids = sorted(m.pk for _r, m in resolved)
    SavingsAccount.objects.bulk_create(
        [SavingsAccount(member_id=pk) for pk in member_ids], ignore_conflicts=True
    )
    list(
        SavingsAccount.objects.select_for_update()
        .filter(member_id__in=member_ids)
        .order_by("member_id")
        .values_list("member_id", flat=True)
    )
    _allocate_wajib_many(
        payments=[(member.pk, row.wajib) for row, member in resolved if row.wajib > 0],
        day=received_on,
    )
    entries: list[_Entry] = []
    for row, member in resolved:
        if row.wajib > 0:
            entries.append(
                _Entry(
                    member.pk,
                    SavingsKind.WAJIB,
                    SavingsMovement.Type.DEPOSIT,
                    row.wajib,
                    f"Potongan gaji {label}: simpanan wajib",
                    f"payroll:{batch.pk}:{row.number}:wajib",
                )
            )
        if row.other > 0:
            entries.append(
                _Entry(
                    member.pk,
                    SavingsKind.SUKARELA,
                    SavingsMovement.Type.DEPOSIT,
                    row.other,
                    f"Potongan gaji {label}: lainnya (simpanan sukarela)",
                    f"payroll:{batch.pk}:{row.number}:other",
                )
            )
    if entries:
        txn, _ = _post_entries(
            entries=entries,
            day=received_on,
            description=f"Potongan gaji {label} — {batch.filename}",
            idempotency_key=f"savings:payroll:{digest}",
            source_kind="savings.payroll_batch",
            source_id=str(batch.pk),
            counter_account=chart.BANK,
            created_by_id=created_by_id,
            payroll_batch=batch,
        )
        batch.journal_transaction_id = txn.pk
        batch.save(update_fields=["journal_transaction_id"])
    loan_errors = _payroll_loan_instalments(
        hook=hook,
        resolved=resolved,
        day=received_on,
        key_prefix=f"savings:payroll:{batch.pk}",
        created_by_id=created_by_id,
    )
    if loan_errors:
        raise PayrollImportError(loan_errors)
    wajib_arrears_rules_apply(as_of=received_on, member_ids=member_ids, created_by_id=created_by_id)
    return batch


def _payroll_loan_instalments(
    *, hook, resolved: list[tuple], day: date, key_prefix: str, created_by_id: int | None
) -> list[RowError]:
    """Each row's loan instalment through the loans app's repayment; the errors, by row. The
    caller refuses the whole file (rolling these postings back) when any row is bad."""
    errors: list[RowError] = []
    for row, member in resolved:
        if row.loan_instalment <= 0:
            continue
        try:
            with transaction.atomic():
                hook(
                    member_id=member.pk,
                    amount=row.loan_instalment,
                    date=day,
                    idempotency_key=f"{key_prefix}:{row.number}:loan",
                    created_by_id=created_by_id,
                )
        except (ValidationError, SokoguruError) as exc:
            errors.extend(
                RowError(row.number, "angsuran", err["message"]) for err in error_list(exc)
            )
    return errors


def payroll_batch_get(*, batch_id: int) -> PayrollBatch:
    require_tenant_schema()
    batch = PayrollBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise NotFound("Potongan gaji tidak ditemukan. / Batch not found.", field="batch_id")
    return batch
