"""Write-off (hapus buku, maker-checker) and recovery afterwards."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from sokoguru.platform.accounts.permissions import require_other_officer, require_role
from sokoguru.platform.core.errors import Conflict
from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.fiscal import refuse_future
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.services import Leg
from sokoguru.tenants.loans.models import (
    Instalment,
    Loan,
    Repayment,
)
from sokoguru.tenants.loans.permissions import (
    APPROVER_ROLES,
    CASHIER_ROLES,
)
from sokoguru.tenants.loans.selectors import (
    cooperative_today,
)
from sokoguru.tenants.loans.services._common import (
    ZERO,
    _account,
    _loan_locked,
    _member_name,
    _money,
    _post,
    _require_status,
    _same_repayment,
    logger,
)
from sokoguru.tenants.loans.services.accrual import jasa_legs
from sokoguru.tenants.loans.services.queue import schedule_queue_serving

# --- write-off and recovery ---------------------------------------------------------------


@transaction.atomic
def loan_write_off_request(
    *, loan_id: int, requested_by_id: int | None, reason: str, on: date | None = None
) -> Loan:
    require_tenant_schema()
    loan = _loan_locked(loan_id)
    _require_status(loan, Loan.Status.ACTIVE)
    require_role(requested_by_id, APPROVER_ROLES, field="requested_by_id")
    if loan.write_off_requested_on is not None:
        raise Conflict("Hapus buku pinjaman ini sudah diajukan.", field="loan_id")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Alasan hapus buku wajib diisi."})
    loan.write_off_requested_by_id = requested_by_id
    refuse_future(on, field="on")
    loan.write_off_requested_on = on or cooperative_today()
    loan.write_off_reason = reason.strip()[:255]
    loan.full_clean()
    loan.save()
    return loan


@transaction.atomic
def loan_write_off_reject(*, loan_id: int, rejected_by_id: int | None) -> Loan:
    require_tenant_schema()
    loan = _loan_locked(loan_id)
    _require_status(loan, Loan.Status.ACTIVE)
    require_role(rejected_by_id, APPROVER_ROLES, field="rejected_by_id")
    if loan.write_off_requested_on is None:
        raise Conflict("Tidak ada pengajuan hapus buku.", field="loan_id")
    loan.write_off_requested_by_id = None
    loan.write_off_requested_on = None
    loan.write_off_reason = ""
    loan.save()
    return loan


@transaction.atomic
def loan_write_off_approve(
    *, loan_id: int, approved_by_id: int | None, on: date | None = None
) -> Loan:
    """Write the outstanding principal off against the allowance held for this loan
    (``Loan.allowance``); what it does not cover is expensed (LOAN_LOSS_EXPENSE). The allowance
    held for other loans is not touched. Maker-checker: not by the officer who requested it."""
    require_tenant_schema()
    loan = _loan_locked(loan_id)
    _require_status(loan, Loan.Status.ACTIVE)
    if loan.write_off_requested_on is None:
        raise ValidationError({"loan_id": "Hapus buku harus diajukan lebih dahulu."})
    require_role(approved_by_id, APPROVER_ROLES, field="approved_by_id")
    require_other_officer(
        loan.write_off_requested_by_id, approved_by_id, field="approved_by_id", what="Hapus buku"
    )
    on = on or cooperative_today()
    refuse_future(on, field="on")
    if on < loan.write_off_requested_on:
        raise ValidationError({"on": "Tanggal hapus buku sebelum tanggal pengajuannya."})
    instalments = list(loan.instalments.all())
    principal = loan.outstanding_principal
    # The loan's own allowance covers its loss; the rest is this year's expense. Cover held
    # for other loans stays with them.
    # (An allowance above the principal left, after repayments since it was set, is released.)
    allowance = max(account_balance(account=chart.LOAN_LOSS_ALLOWANCE, as_of=on), ZERO)
    from_allowance = min(loan.allowance, allowance)
    expense = principal - from_allowance
    # Its accrued jasa not received is written off with it (a loss); jasa it received in
    # advance is income now (services/accrual.py).
    jasa_changes = [(i.jasa_accrued, i.jasa_paid, i.jasa_paid, i.jasa_paid) for i in instalments]
    txn = _post(
        date=on,
        description=f"Hapus buku pinjaman {loan.number} — {_member_name(loan)}",
        legs=[
            Leg(account=chart.LOAN_LOSS_ALLOWANCE, debit=from_allowance),
            Leg(account=chart.LOAN_LOSS_EXPENSE, debit=max(expense, ZERO)),
            Leg(account=chart.LOAN_LOSS_EXPENSE, credit=max(-expense, ZERO)),
            Leg(account=chart.LOANS_RECEIVABLE, credit=principal, member_id=loan.member_id),
            *jasa_legs(jasa_changes, loss_account=chart.LOAN_LOSS_EXPENSE),
        ],
        idempotency_key=f"loans:write-off:{loan.pk}",
        source_kind="loans.write_off",
        source_id=str(loan.pk),
        created_by_id=approved_by_id,
    )
    logger.info("loan %s written off in transaction %s", loan.number, txn.pk)
    for inst in instalments:
        inst.jasa_accrued = inst.jasa_paid
    Instalment.objects.bulk_update(instalments, ["jasa_accrued"])
    loan.written_off_amount = principal
    loan.written_off_jasa = sum((i.jasa_due + i.penalty_due for i in instalments), ZERO)
    loan.written_off_by_id = approved_by_id
    loan.outstanding_principal = ZERO
    loan.allowance = ZERO
    loan.status = Loan.Status.WRITTEN_OFF
    loan.closed_on = on
    loan.full_clean()
    loan.save()
    return loan


def open_claim(loan: Loan) -> Decimal:
    """What is still claimable on a written-off loan (principal, jasa and penalties written
    off, less what was recovered): written off is not forgiven."""
    if loan.status != Loan.Status.WRITTEN_OFF:
        return ZERO
    return max(loan.written_off_amount + loan.written_off_jasa - loan.recovered_amount, ZERO)


@transaction.atomic
def loan_recover(
    *,
    loan_id: int,
    amount: Decimal,
    date: date,
    idempotency_key: str,
    received_by_id: int | None,
    account: str = "cash",
) -> Repayment:
    """Money received on a written-off loan (recovery income)."""
    require_tenant_schema()
    require_role(received_by_id, CASHIER_ROLES, field="received_by_id")
    refuse_future(date, field="date")
    amount = _money(amount, field="amount", whole=False)
    existing = Repayment.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _same_repayment(
            existing, loan_id=loan_id, amount=amount, on=date, kind=Repayment.Kind.RECOVERY
        )
    _account(account, field="account")
    loan = _loan_locked(loan_id)
    _require_status(loan, Loan.Status.WRITTEN_OFF)
    return _recover(
        loan=loan,
        amount=amount,
        date=date,
        idempotency_key=idempotency_key,
        received_by_id=received_by_id,
        account=account,
    )


def _recover(
    *,
    loan: Loan,
    amount: Decimal,
    date: date,
    idempotency_key: str,
    received_by_id: int | None,
    account: str,
    description: str = "",
    source_kind: str = "loans.recovery",
) -> Repayment:
    """Record and post a recovery on a written-off loan the caller has locked."""
    ledger_account = _account(account, field="account")
    open_amount = open_claim(loan)
    if amount > open_amount:
        raise ValidationError(
            {
                "amount": "Pemulihan melebihi sisa yang dihapusbukukan "
                f"({format_rupiah(open_amount)})."
            }
        )
    repayment = Repayment(
        loan=loan,
        kind=Repayment.Kind.RECOVERY,
        date=date,
        amount=amount,
        recovery=amount,
        account=account,
        idempotency_key=idempotency_key,
        created_by_id=received_by_id,
    )
    repayment.full_clean()
    repayment.save()
    txn = _post(
        date=date,
        description=description
        or f"Pemulihan pinjaman dihapusbukukan {loan.number} — {_member_name(loan)}",
        legs=[
            Leg(account=ledger_account, debit=amount),
            Leg(account=chart.RECOVERY_INCOME, credit=amount),
        ],
        idempotency_key=f"loans:recovery:{idempotency_key}",
        source_kind=source_kind,
        source_id=str(repayment.pk),
        created_by_id=received_by_id,
    )
    repayment.transaction_id = txn.pk
    repayment.save(update_fields=["transaction_id"])
    loan.recovered_amount += amount
    loan.save(update_fields=["recovered_amount", "updated_at"])
    schedule_queue_serving()
    return repayment
