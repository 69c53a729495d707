"""Collective collection: a collector's list posted in one ledger transaction."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet

from sokoguru.platform.accounts.permissions import SystemActor, require_actor
from sokoguru.platform.core.errors import SokoguruError, error_list
from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.calendar import (
    month_start,
)
from sokoguru.tenants.bylaws.selectors import (
    bylaws_current,
)
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.funds import account_funds_require
from sokoguru.tenants.ledger.selectors import member_balances
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.members.services import members_status_bulk_change
from sokoguru.tenants.savings.models import (
    SavingsAccount,
    SavingsKind,
    SavingsMovement,
)
from sokoguru.tenants.savings.permissions import SAVINGS_POST_ROLES
from sokoguru.tenants.savings.services.arrears import (
    arrears_rules_apply,
)
from sokoguru.tenants.savings.services.posting import (
    ZERO,
    _check_date,
    _Entry,
    _post_entries,
    _require_key,
    deposit_check,
)
from sokoguru.tenants.savings.services.wajib import (
    _allocate_wajib_many,
    _insert_bills,
)

logger = logging.getLogger("sokoguru.savings")


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
    created_by_id: int | SystemActor,
) -> QuerySet[SavingsMovement]:
    """Post a collector's list in one ledger transaction (the RT/RW collection day, a
    sekunder's transfers from its member cooperatives): simpanan pokok of new members (who
    become active), wajib (allocated oldest month first), sukarela deposits and withdrawals.
    Every item is checked first; errors name the item (``items``) and nothing is written.
    The same key again returns the movements of the first posting."""
    created_by_id = require_actor(created_by_id, SAVINGS_POST_ROLES, field="created_by_id")
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
        except (InvalidOperation, ValueError, TypeError):
            errors.append(f"{where}: jumlah tidak valid.")
            continue
        try:
            amount = deposit_check(
                member=member,
                kind=item.kind,
                amount=abs(raw),
                day=day,
                pokok_paid=pokok_paid.get(member.pk) is not None or member.pk in pokok_members,
                pokok_amount=bylaws.pokok_amount,
                withdrawal=raw < 0,
            )
        except (ValidationError, SokoguruError) as exc:
            errors.extend(f"{where}: {error['message']}" for error in error_list(exc))
            continue
        if item.kind == SavingsKind.POKOK:
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
                    f"{where}: saldo simpanan sukarela {format_rupiah(balance, cents=None)} "
                    f"tidak cukup untuk penarikan {format_rupiah(amount, cents=None)}."
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
    if errors:
        raise ValidationError({"items": errors})
    paid_out = -sum((e.amount for e in entries), ZERO)
    if paid_out > 0:
        # More withdrawn than collected: the difference leaves the cash or bank account.
        account_funds_require(account_code=counter_account, amount=paid_out, field="items")
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
        arrears_rules_apply(as_of=day, member_ids=list(wajib), created_by_id=created_by_id)
    return SavingsMovement.objects.filter(pk__in=[row[0] for row in rows]).order_by("id")
