"""Simpanan sukarela: deposits and withdrawals."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from sokoguru.platform.accounts.permissions import SystemActor, require_actor
from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.funds import account_funds_require
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.savings.models import (
    SavingsKind,
    SavingsMovement,
)
from sokoguru.tenants.savings.permissions import SAVINGS_POST_ROLES
from sokoguru.tenants.savings.services.posting import (
    _existing_movement,
    _lock_account,
    _money,
    _post_single,
    _require_key,
    deposit_check,
)

logger = logging.getLogger("sokoguru.savings")


@transaction.atomic
def sukarela_deposit(
    *,
    member_id: int,
    amount: Decimal,
    date: date,
    idempotency_key: str,
    description: str = "",
    created_by_id: int | SystemActor,
) -> SavingsMovement:
    """Deposit into the member's simpanan sukarela (CASH debit / SIMPANAN_SUKARELA credit on
    the member's sub-ledger). ``created_by_id`` is the officer (``SAVINGS_POST_ROLES``) or
    ``SYSTEM`` for background work and deposits another module makes for the member; no actor
    at all is refused."""
    created_by_id = require_actor(created_by_id, SAVINGS_POST_ROLES, field="created_by_id")
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
    created_by_id: int | SystemActor,
) -> SavingsMovement:
    """Withdraw from the member's simpanan sukarela; refused when the amount exceeds the
    balance. The member's account row is locked first, so concurrent withdrawals serialise."""
    created_by_id = require_actor(created_by_id, SAVINGS_POST_ROLES, field="created_by_id")
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
    key = _require_key(idempotency_key)
    amount = _money(amount)
    account = _lock_account(member_id)
    member = account.member
    withdrawal = type == SavingsMovement.Type.WITHDRAWAL
    signed = -amount if withdrawal else amount
    existing = _existing_movement(
        key, member_id=member.pk, kind=SavingsKind.SUKARELA, type=type, amount=signed
    )
    if existing is not None:
        return existing
    day = date
    deposit_check(
        member=member,
        kind=SavingsKind.SUKARELA,
        amount=amount,
        day=day,
        pokok_paid=account.pokok_paid_on is not None,
        withdrawal=withdrawal,
    )
    if withdrawal:
        # Read after the lock: a withdrawal that committed meanwhile is included.
        balance = Decimal(account_balance(account=chart.SIMPANAN_SUKARELA, member_id=member.pk))
        if amount > balance:
            raise ValidationError(
                {
                    "amount": "Saldo simpanan sukarela tidak cukup: saldo "
                    f"{format_rupiah(balance, cents=None)}, diminta "
                    f"{format_rupiah(amount, cents=None)}. / Insufficient sukarela balance."
                }
            )
        # Paid out in cash: the cash account must hold it (locked until commit).
        account_funds_require(account_code=chart.CASH, amount=amount, field="amount")
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
