"""Helpers the loan services share: amounts, accounts, locks and posting.

Lock order (the one rule for every path that locks rows of savings and loans in one
transaction, so two of them never wait on each other):

1. the member's savings account row (``savings_account_lock`` / the savings services),
2. then the member's loan rows (``_loan_locked``, oldest loan first when several),
3. then the loan's instalments, and last the loan settings row and the day's close-of-business
   run.

Member exit (savings checked and locked, then the loans paid off) and the payroll import
(savings accounts, then the instalment) follow it naturally; a payment at the counter, whose
excess may go to simpanan sukarela, locks the savings account before the loan
(``_loan_locked_with_savings``)."""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from sokoguru.platform.core.errors import Conflict, NotFound
from sokoguru.platform.core.money import to_money
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.services import transaction_post
from sokoguru.tenants.loans.models import (
    Loan,
    LoanSettings,
    Repayment,
)

logger = logging.getLogger("sokoguru.loans")

ZERO = Decimal("0.00")
CENTS = Decimal("0.01")
ACCOUNTS = {"cash": chart.CASH, "bank": chart.BANK}


# --- helpers ------------------------------------------------------------------------------


def _money(value, *, field: str, whole: bool = True, allow_zero: bool = False) -> Decimal:
    """Check an amount that is already a number (``Decimal``, ``int`` or a plain decimal
    string such as ``"100000.50"``; "Rp 1.000.000" text is parsed by the interface with the
    shared rupiah parser). Floats are refused: they cannot hold rupiah exactly."""
    if isinstance(value, bool | float) or not isinstance(value, Decimal | int | str):
        raise ValidationError({field: "Jumlah tidak valid. / Invalid amount."})
    try:
        amount = value if isinstance(value, Decimal) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: "Jumlah tidak valid. / Invalid amount."}) from None
    if not amount.is_finite() or amount < 0 or (amount == 0 and not allow_zero):
        raise ValidationError({field: "Jumlah harus lebih dari nol. / Amount must be positive."})
    if whole and amount != amount.to_integral_value():
        raise ValidationError({field: "Jumlah harus rupiah bulat. / Whole rupiah only."})
    if amount != amount.quantize(CENTS):
        raise ValidationError({field: "Paling banyak dua angka desimal. / At most two decimals."})
    return to_money(amount)


def _account(name: str, *, field: str) -> str:
    if name not in ACCOUNTS:
        raise ValidationError({field: "Pilih 'cash' (kas) atau 'bank'."})
    return ACCOUNTS[name]


def _settings_locked() -> LoanSettings:
    """The cooperative's loan settings row, locked: serialises numbering and every funding
    decision (approval, queue, disbursement) inside one cooperative."""
    LoanSettings.objects.get_or_create(singleton=True)
    return LoanSettings.objects.select_for_update().get(singleton=True)


def _loan_locked(loan_id) -> Loan:
    loan = (
        Loan.objects.select_for_update(of=("self",))
        .select_related("product", "member")
        .filter(pk=loan_id)
        .first()
    )
    if loan is None:
        raise NotFound("Pinjaman tidak ditemukan. / Loan not found.", field="loan_id")
    return loan


def _loan_locked_with_savings(loan_id) -> Loan:
    """The loan locked after its member's savings account (the lock order above): for every
    payment on a loan, which may put an excess into simpanan sukarela."""
    from sokoguru.tenants.savings.services import savings_account_lock

    member_id = Loan.objects.filter(pk=loan_id).values_list("member_id", flat=True).first()
    if member_id is None:
        raise NotFound("Pinjaman tidak ditemukan. / Loan not found.", field="loan_id")
    savings_account_lock(member_id=member_id)
    return _loan_locked(loan_id)


def _require_status(loan: Loan, *statuses: str) -> None:
    if loan.status not in statuses:
        raise Conflict(
            f"Pinjaman {loan.number} berstatus '{loan.get_status_display()}'; tindakan ini "
            f"tidak dapat dilakukan. / Loan is {loan.status}.",
            field="loan_id",
            code="wrong_status",
        )


def _post(**kwargs):
    legs = [leg for leg in kwargs.pop("legs") if (leg.debit or leg.credit)]
    return transaction_post(legs=legs, **kwargs)


def _member_name(loan: Loan) -> str:
    return f"{loan.member.full_name} ({loan.member.number})"


def _same_repayment(existing: Repayment, *, loan_id, amount, on, kind) -> Repayment:
    if (existing.loan_id, existing.amount, existing.date, existing.kind) != (
        loan_id,
        amount,
        on,
        kind,
    ):
        raise Conflict(
            "Kunci idempotensi sudah dipakai untuk pembayaran lain. "
            "/ Idempotency key already used for another payment.",
            field="idempotency_key",
        )
    return existing
