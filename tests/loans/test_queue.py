from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.loans.models import Loan, LoanSettings, Notification
from sokoguru.tenants.loans.selectors import (
    available_funds,
    funding_queue,
    loan_portfolio_summary,
    queue_position,
)
from sokoguru.tenants.loans.services import (
    loan_apply,
    loan_approve,
    loan_cancel,
    loan_disburse,
    loan_queue_serve,
)
from sokoguru.tenants.loans.tasks import loan_queue_serve_task

# Cooperative A's by-laws keep a Rp 1.000.000 liquidity reserve.
RESERVE = Decimal("1000000.00")


def _approved(officers, member, product, amount):
    loan = loan_apply(
        member_id=member.pk,
        product_id=product.pk,
        amount=Decimal(amount),
        tenor=10,
        purpose="Modal bank sampah",
        entered_by_id=officers["kasir"].pk,
        applied_on=date(2025, 1, 10),
    )
    return loan_approve(loan_id=loan.pk, approved_by_id=officers["bendahara"].pk)


def test_available_funds_are_cash_and_bank_less_reserve_and_commitments(
    officers, make_member, fund, product
):
    # given
    member = make_member()  # pokok 100.000 + sukarela 500.000 in cash
    fund(Decimal("2000000"), account=chart.BANK)
    # when
    _approved(officers, member, product, "1000000")
    # then
    assert account_balance(account=chart.CASH) == Decimal("600000.00")
    assert available_funds() == Decimal("600000.00") + Decimal("2000000.00") - RESERVE - Decimal(
        "1000000.00"
    )


def test_short_funds_queue_first_come_first_served(
    officers, make_member, fund, product, django_capture_on_commit_callbacks
):
    # given: members' savings bring Rp 1.800.000 cash → Rp 800.000 available
    a, b, _c = make_member(), make_member(), make_member()
    assert available_funds() == Decimal("800000.00")
    # when
    first = _approved(officers, a, product, "1000000")
    second = _approved(officers, b, product, "500000")  # would fit, but may not jump the queue
    # then
    assert (first.status, second.status) == (Loan.Status.QUEUED, Loan.Status.QUEUED)
    assert [loan.pk for loan in funding_queue()] == [first.pk, second.pk]
    assert (queue_position(loan=first), queue_position(loan=second)) == (1, 2)
    with pytest.raises(ValidationError) as exc:
        loan_disburse(loan_id=first.pk, disbursed_by_id=officers["kasir"].pk)
    assert set(exc.value.message_dict) == {"loan_id"}
    assert loan_portfolio_summary(as_of=date(2025, 1, 31))["queue_length"] == 2
    assert loan_portfolio_summary(as_of=date(2025, 1, 31))["queue_amount"] == Decimal("1500000.00")

    # when: a deposit brings funds to Rp 1.300.000 — enough for the first, not both
    fund(Decimal("500000"))
    with django_capture_on_commit_callbacks(execute=True):
        served = loan_queue_serve(served_by_id=officers["bendahara"].pk)
    # then
    assert [loan.pk for loan in served] == [first.pk]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Loan.Status.APPROVED
    assert second.status == Loan.Status.QUEUED
    assert queue_position(loan=second) == 1
    assert available_funds() == Decimal("300000.00")
    # officers were told (log channel at least)
    assert Notification.objects.filter(kind="queue_served", channel="log").exists()
    assert set(
        Notification.objects.filter(kind="queue_served").values_list("status", flat=True)
    ) == {Notification.Status.SENT}

    # when: the first is disbursed and more money comes in, the task serves the second
    loan_disburse(
        loan_id=first.pk, disbursed_by_id=officers["kasir"].pk, disbursed_on=date(2025, 1, 20)
    )
    fund(Decimal("1000000"))
    loan_queue_serve_task.apply(kwargs={"schema_name": "k_coop_a"})
    # then
    second.refresh_from_db()
    assert second.status == Loan.Status.APPROVED
    assert funding_queue().count() == 0


def test_manual_serving_setting_leaves_the_queue_to_the_bendahara(
    officers, make_member, fund, product
):
    # given
    LoanSettings.objects.update(queue_serving=LoanSettings.QueueServing.MANUAL)
    loan = _approved(officers, make_member(), product, "1000000")
    fund(Decimal("5000000"))
    # when
    result = loan_queue_serve_task.apply(kwargs={"schema_name": "k_coop_a"}).get()
    # then
    assert result == []
    loan.refresh_from_db()
    assert loan.status == Loan.Status.QUEUED


def test_cancelling_a_committed_loan_frees_its_funds(officers, make_member, fund, product):
    # given
    fund(Decimal("2000000"))
    loan = _approved(officers, make_member(), product, "1000000")
    assert loan.status == Loan.Status.APPROVED
    before = available_funds()
    # when
    loan_cancel(loan_id=loan.pk, cancelled_by_id=officers["kasir"].pk, reason="Tidak jadi")
    # then
    assert available_funds() == before + Decimal("1000000.00")


def test_disbursement_refused_when_funds_fell_below_commitments(
    officers, make_member, fund, product
):
    # given: approved while funds sufficed, then cash left (a withdrawal)
    fund(Decimal("2000000"))
    loan = _approved(officers, make_member(), product, "1000000")
    from sokoguru.tenants.ledger.services import Leg, transaction_post

    transaction_post(
        date=date(2025, 1, 11),
        description="Pembayaran beban",
        legs=[
            Leg(account=chart.OPERATING_EXPENSE, debit=Decimal("1500000")),
            Leg(account=chart.CASH, credit=Decimal("1500000")),
        ],
        idempotency_key="test:expense",
    )
    # when / then
    with pytest.raises(ValidationError) as exc:
        loan_disburse(loan_id=loan.pk, disbursed_by_id=officers["kasir"].pk)
    assert set(exc.value.message_dict) == {"loan_id"}
    loan.refresh_from_db()
    assert loan.status == Loan.Status.APPROVED
    assert loan.instalments.count() == 0
