"""Money received on a loan only by a cashier (ketua, bendahara, kasir): refused in the service
with nothing written, whoever calls it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sokoguru.platform.core.errors import PermissionDenied
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.loans.models import Loan, Repayment
from sokoguru.tenants.loans.services import (
    loan_pay_off,
    loan_recover,
    loan_repay,
    loan_write_off_approve,
    loan_write_off_reject,
    loan_write_off_request,
)


def _nothing_written(count):
    assert Repayment.objects.count() == 0
    assert JournalTransaction.objects.count() == count


@pytest.mark.parametrize("service", [loan_repay, loan_pay_off])
@pytest.mark.parametrize("who", ["pengawas", "nobody"])
def test_repay_and_pay_off_need_a_cashier(active_loan, officers, service, who):
    # given
    loan = active_loan()
    user_id = officers["pengawas"].pk if who == "pengawas" else None
    count = JournalTransaction.objects.count()
    # when / then
    with pytest.raises(PermissionDenied) as exc:
        service(
            loan_id=loan.pk,
            amount=Decimal("1100000"),
            date=date(2025, 2, 10),
            idempotency_key="p",
            received_by_id=user_id,
        )
    assert exc.value.field == "received_by_id"
    _nothing_written(count)


def test_recovery_needs_a_cashier(active_loan, officers):
    # given: a written-off loan
    loan = active_loan()
    loan_write_off_request(
        loan_id=loan.pk,
        requested_by_id=officers["bendahara"].pk,
        reason="Macet",
        on=date(2025, 6, 1),
    )
    loan_write_off_approve(
        loan_id=loan.pk, approved_by_id=officers["ketua"].pk, on=date(2025, 6, 1)
    )
    count = JournalTransaction.objects.count()
    # when / then
    with pytest.raises(PermissionDenied):
        loan_recover(
            loan_id=loan.pk,
            amount=Decimal("1000"),
            date=date(2025, 7, 1),
            idempotency_key="rec",
            received_by_id=officers["pengawas"].pk,
        )
    _nothing_written(count)


def test_a_rejected_write_off_leaves_the_loan_active_and_claimable(active_loan, officers):
    # given
    loan = active_loan()
    loan_write_off_request(
        loan_id=loan.pk,
        requested_by_id=officers["bendahara"].pk,
        reason="Macet",
        on=date(2025, 6, 1),
    )
    count = JournalTransaction.objects.count()
    # when
    loan_write_off_reject(loan_id=loan.pk, rejected_by_id=officers["ketua"].pk)
    # then
    loan.refresh_from_db()
    assert (loan.status, loan.write_off_requested_on) == (Loan.Status.ACTIVE, None)
    assert loan.outstanding_principal == Decimal("1000000.00")
    assert JournalTransaction.objects.count() == count
