"""Shared posting helpers: amounts, dates, idempotency keys, the member account lock and the
one ledger posting every savings movement goes through."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from sokoguru.platform.core.errors import Conflict
from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.tenancy.today import require_not_future
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.services import Leg, transaction_post
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.members.selectors import member_get
from sokoguru.tenants.savings.models import (
    KIND_ACCOUNTS,
    PayrollBatch,
    SavingsAccount,
    SavingsKind,
    SavingsMovement,
)

logger = logging.getLogger("sokoguru.savings")


ZERO = Decimal("0.00")
CENT = Decimal("0.01")
# A wajib payment may cover months ahead, but not more than this many.
MAX_WAJIB_MONTHS_AHEAD = 36
FINAL = (Member.Status.EXITED, Member.Status.DECEASED)


# --- Helpers ----------------------------------------------------------------------------------


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
    require_not_future(day, field=field)
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


def savings_account_lock(*, member_id: int) -> SavingsAccount:
    """Lock the member's savings account row until commit (created if needed): what another
    app calls before it locks its own rows of the member (lock order: see
    ``sokoguru.tenants.loans.services._common``)."""
    return _lock_account(member_id)


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


def _round_rupiah(value: Decimal) -> Decimal:
    from decimal import ROUND_HALF_UP

    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP).quantize(CENT)


# --- The one deposit rule ----------------------------------------------------------------------


def deposit_check(
    *,
    member,
    kind: str,
    amount,
    day: date,
    pokok_paid: bool,
    pokok_amount: Decimal | None = None,
    withdrawal: bool = False,
    date_field: str = "date",
) -> Decimal:
    """The rules every savings deposit (and sukarela withdrawal) obeys, whichever path posts it
    — counter, collective collection or payroll: a positive amount of at most two decimals, a
    current member, a date not in the future and not before the member joined, simpanan pokok
    once and at the by-laws' amount, wajib only once the pokok is paid; only sukarela can be
    withdrawn. ``member`` needs ``status`` and ``joined_on``. Returns the amount (2 places);
    raises ``ValidationError``/``Conflict`` naming the field."""
    if withdrawal and kind != SavingsKind.SUKARELA:
        raise ValidationError(
            {"amount": "Hanya simpanan sukarela yang dapat ditarik. / Only sukarela is withdrawn."}
        )
    _require_current(member)
    _check_date(day, member=member, field=date_field)
    amount = _money(amount)
    if kind == SavingsKind.POKOK:
        if pokok_paid:
            raise Conflict(
                "Simpanan pokok anggota ini sudah dibayar. / Simpanan pokok already paid.",
                field="member_id",
            )
        if pokok_amount is not None and amount != pokok_amount:
            raise ValidationError(
                {
                    "amount": f"Simpanan pokok harus {format_rupiah(pokok_amount, cents=None)}. "
                    "/ Must equal the by-laws."
                }
            )
    elif kind == SavingsKind.WAJIB:
        if not pokok_paid:
            raise ValidationError(
                {"member_id": "Simpanan pokok belum dibayar. / Pay the simpanan pokok first."}
            )
    elif kind != SavingsKind.SUKARELA:
        raise ValidationError({"kind": "Jenis simpanan tidak dikenal. / Unknown kind."})
    return amount
