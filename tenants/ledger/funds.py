"""Funds available to pay out: the one check every payout path (sukarela withdrawal, member
exit refund, loan disbursement) makes on the account it pays from, so cash or bank never goes
below zero on the books."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection

from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.ledger.selectors import account_balance


def account_funds_require(*, account_code: str, amount: Decimal, field: str) -> Decimal:
    """Refuse (``ValidationError`` on ``field``, naming the account and the shortfall) unless
    the ledger balance of ``account_code`` covers ``amount``; returns the balance.

    Call inside the payout's ``transaction.atomic`` *before* posting it: the account's row is
    locked (``FOR NO KEY UPDATE``, so ordinary postings into the account are not blocked)
    until commit, so two concurrent payouts from the same account serialise and the second
    reads a balance that includes the first."""
    require_tenant_schema()
    if not connection.in_atomic_block:
        raise RuntimeError("account_funds_require needs the payout's transaction.atomic block")
    amount = Decimal(amount)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM ledger_account WHERE code = %s FOR NO KEY UPDATE", [account_code]
        )
        row = cursor.fetchone()
    if row is None:
        raise NotFound(f"Akun tidak dikenal: {account_code!r}.", field=field)
    balance = account_balance(account=account_code)
    if amount > balance:
        name = row[0]
        raise ValidationError(
            {
                field: f"Saldo {name} ({account_code}) tidak cukup: saldo "
                f"{format_rupiah(balance, cents=None)}, dibutuhkan "
                f"{format_rupiah(amount, cents=None)}, kurang "
                f"{format_rupiah(amount - balance, cents=None)}. / Insufficient funds in "
                f"{name}: short by {format_rupiah(amount - balance, cents=None)}."
            }
        )
    return balance
