"""Paying out an approved loan: its schedule and the disbursement posting."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from sokoguru.platform.accounts.permissions import require_role
from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.fiscal import refuse_future
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.services import Leg
from sokoguru.tenants.loans import schedule
from sokoguru.tenants.loans.models import (
    Instalment,
    Loan,
)
from sokoguru.tenants.loans.permissions import (
    DISBURSE_ROLES,
)
from sokoguru.tenants.loans.selectors import (
    available_funds,
    cooperative_today,
)
from sokoguru.tenants.loans.services._common import (
    ZERO,
    _account,
    _loan_locked,
    _member_name,
    _post,
    _require_status,
    _settings_locked,
)

# --- disbursement -------------------------------------------------------------------------


@transaction.atomic
def loan_disburse(
    *,
    loan_id: int,
    disbursed_by_id: int | None,
    disbursed_on: date | None = None,
    paid_from: str = "cash",
    first_due_date: date | None = None,
) -> Loan:
    """Pay out an approved loan whose funds are reserved: the schedule is generated and the
    disbursement posted. Refused while the loan waits in the funding queue or when the
    cooperative's funds no longer cover it."""
    require_tenant_schema()
    loan = _loan_locked(loan_id)
    if loan.status == Loan.Status.QUEUED:
        raise ValidationError(
            {
                "loan_id": (
                    "Pinjaman masih dalam antrean pendanaan: dana koperasi belum cukup. "
                    "/ The loan is still waiting in the funding queue."
                )
            }
        )
    _require_status(loan, Loan.Status.APPROVED)
    require_role(disbursed_by_id, DISBURSE_ROLES, field="disbursed_by_id")
    account = _account(paid_from, field="paid_from")
    disbursed_on = disbursed_on or cooperative_today()
    refuse_future(disbursed_on, field="disbursed_on")
    if disbursed_on < loan.applied_on:
        raise ValidationError({"disbursed_on": "Tanggal pencairan sebelum tanggal pengajuan."})
    first_due_date = first_due_date or schedule.add_months(disbursed_on, 1)
    if first_due_date <= disbursed_on:
        raise ValidationError({"first_due_date": "Jatuh tempo pertama harus setelah pencairan."})
    _settings_locked()
    # Its own reservation counts for it: funds must still cover every reserved loan.
    if available_funds() < ZERO:
        raise ValidationError(
            {
                "loan_id": (
                    "Dana tersedia (kas + bank − cadangan likuiditas − pinjaman disetujui) tidak "
                    "mencukupi. / Available funds do not cover this loan."
                )
            }
        )
    cash_out = loan.amount - loan.admin_fee
    if account_balance(account=account) < cash_out:
        raise ValidationError(
            {
                "paid_from": f"Saldo {paid_from} tidak cukup untuk mencairkan "
                f"{format_rupiah(cash_out)}."
            }
        )
    plan = schedule.build_schedule(
        amount=loan.amount,
        rate_percent=loan.rate_percent,
        rate_basis=loan.rate_basis,
        tenor=loan.tenor,
        method=loan.method,
        first_due_date=first_due_date,
    )
    Instalment.objects.bulk_create(
        [
            Instalment(
                loan=loan,
                number=line.number,
                due_date=line.due_date,
                principal=line.principal,
                jasa=line.jasa,
            )
            for line in plan.lines
        ]
    )
    txn = _post(
        date=disbursed_on,
        description=f"Pencairan pinjaman {loan.number} — {_member_name(loan)}",
        legs=[
            Leg(account=chart.LOANS_RECEIVABLE, debit=loan.amount, member_id=loan.member_id),
            Leg(account=account, credit=cash_out),
            Leg(account=chart.LOAN_ADMIN_FEE_INCOME, credit=loan.admin_fee),
        ],
        idempotency_key=f"loans:disburse:{loan.pk}",
        source_kind="loans.disbursement",
        source_id=str(loan.pk),
        created_by_id=disbursed_by_id,
    )
    loan.status = Loan.Status.ACTIVE
    loan.disbursed_on = disbursed_on
    loan.disbursed_by_id = disbursed_by_id
    loan.disbursement_transaction_id = txn.pk
    loan.first_due_date = plan.lines[0].due_date
    loan.maturity_date = plan.lines[-1].due_date
    loan.total_jasa = plan.total_jasa
    loan.outstanding_principal = loan.amount
    loan.full_clean()
    loan.save()
    return loan
