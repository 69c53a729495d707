from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.core.errors import Conflict
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.savings.models import ExitSettlement, WajibBill
from sokoguru.tenants.savings.selectors import member_savings_total
from sokoguru.tenants.savings.services import (
    member_exit,
    sukarela_deposit,
    sukarela_withdraw,
    wajib_bills_generate,
    wajib_pay,
)
from tests.savings.loans_stub import lend


@pytest.fixture
def saver(in_coop_a, register_member):
    """Pokok 100,000 + wajib 60,000 + sukarela 250,000 = 410,000."""
    member = register_member(full_name="Siti Aminah", pokok_on=date(2026, 1, 5))
    wajib_pay(member_id=member.pk, amount="60000", date=date(2026, 1, 10), idempotency_key="w")
    sukarela_deposit(
        member_id=member.pk, amount="250000", date=date(2026, 1, 10), idempotency_key="s"
    )
    return member


def test_exit_refunds_all_savings(saver, settings):
    # given
    settings.PAYROLL_LOAN_REPAYMENT = None
    # when
    settlement = member_exit(member_id=saver.pk, date=date(2026, 3, 1))
    # then
    saver.refresh_from_db()
    assert (saver.status, saver.exited_on) == (Member.Status.EXITED, date(2026, 3, 1))
    assert (settlement.pokok, settlement.wajib, settlement.sukarela) == (
        Decimal("100000.00"),
        Decimal("60000.00"),
        Decimal("250000.00"),
    )
    assert settlement.loans_outstanding == Decimal("0.00")
    assert settlement.refund == Decimal("410000.00")
    assert member_savings_total(member_id=saver.pk) == Decimal("0.00")
    assert account_balance(account=chart.CASH) == Decimal("0.00")
    txn = JournalTransaction.objects.get(pk=settlement.journal_transaction_id)
    assert txn.source_kind == "savings.exit_settlement"


def test_exit_offsets_loans_owed_without_loans_app(saver, settings):
    # given a loan of 300,000 of which 300,000 is still owed
    settings.PAYROLL_LOAN_REPAYMENT = None
    lend(member_id=saver.pk, amount="300000", date=date(2026, 2, 1), key="loan-1")
    # when
    settlement = member_exit(member_id=saver.pk, date=date(2026, 3, 1))
    # then
    assert settlement.loans_outstanding == Decimal("300000.00")
    assert settlement.refund == Decimal("110000.00")
    assert account_balance(account=chart.LOANS_RECEIVABLE, member_id=saver.pk) == Decimal("0.00")
    assert member_savings_total(member_id=saver.pk) == Decimal("0.00")
    # cash: 410,000 in − 300,000 lent − 110,000 refunded
    assert account_balance(account=chart.CASH) == Decimal("0.00")


def test_exit_offsets_loans_through_the_loans_app_hook(saver, settings):
    # given
    settings.PAYROLL_LOAN_REPAYMENT = "tests.savings.loans_stub.repay"
    lend(member_id=saver.pk, amount="300000", date=date(2026, 2, 1), key="loan-1")
    # when
    settlement = member_exit(member_id=saver.pk, date=date(2026, 3, 1))
    # then
    assert (settlement.loans_outstanding, settlement.refund) == (
        Decimal("300000.00"),
        Decimal("110000.00"),
    )
    assert account_balance(account=chart.LOANS_RECEIVABLE, member_id=saver.pk) == Decimal("0.00")
    assert account_balance(account=chart.CASH) == Decimal("0.00")


def test_exit_refused_when_loans_exceed_savings(saver, settings):
    # given
    settings.PAYROLL_LOAN_REPAYMENT = None
    lend(member_id=saver.pk, amount="500000", date=date(2026, 2, 1), key="loan-1")
    # when
    with pytest.raises(ValidationError) as excinfo:
        member_exit(member_id=saver.pk, date=date(2026, 3, 1))
    # then
    assert "member_id" in excinfo.value.message_dict
    saver.refresh_from_db()
    assert saver.status == Member.Status.ACTIVE
    assert ExitSettlement.objects.count() == 0
    assert member_savings_total(member_id=saver.pk) == Decimal("410000.00")


def test_deceased_member_settled_and_arrears_waived(in_coop_a, register_member, settings):
    # given a member with unpaid February and March wajib
    settings.PAYROLL_LOAN_REPAYMENT = None
    member = register_member(pokok_on=date(2026, 1, 5))
    wajib_pay(member_id=member.pk, amount="20000", date=date(2026, 1, 10), idempotency_key="w")
    wajib_bills_generate(period=date(2026, 2, 1))
    wajib_bills_generate(period=date(2026, 3, 1))
    # when
    settlement = member_exit(member_id=member.pk, date=date(2026, 3, 20), reason="deceased")
    # then
    member.refresh_from_db()
    assert member.status == Member.Status.DECEASED
    assert settlement.refund == Decimal("120000.00")
    assert settlement.waived_wajib == Decimal("40000.00")
    assert WajibBill.objects.filter(member=member, waived_on=date(2026, 3, 20)).count() == 2


def test_no_movements_after_exit(saver, settings):
    settings.PAYROLL_LOAN_REPAYMENT = None
    member_exit(member_id=saver.pk, date=date(2026, 3, 1))
    with pytest.raises(Conflict):
        sukarela_deposit(
            member_id=saver.pk, amount="1000", date=date(2026, 3, 2), idempotency_key="late"
        )
    with pytest.raises(Conflict):
        sukarela_withdraw(
            member_id=saver.pk, amount="1000", date=date(2026, 3, 2), idempotency_key="late-2"
        )
    with pytest.raises(Conflict):
        member_exit(member_id=saver.pk, date=date(2026, 3, 2))
