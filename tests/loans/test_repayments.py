from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.core.errors import Conflict
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.loans.models import Loan, LoanProduct, Repayment, RepaymentLine
from sokoguru.tenants.loans.selectors import loan_ledger_differences, loan_payoff_quote
from sokoguru.tenants.loans.services import (
    loan_pay_off,
    loan_repay,
    loan_repay_from_payroll,
    loans_close_of_business,
)


def _lines(repayment):
    return [
        (line.instalment.number, line.penalty, line.jasa, line.principal)
        for line in RepaymentLine.objects.filter(repayment=repayment)
        .select_related("instalment")
        .order_by("instalment__number")
    ]


def test_regular_instalment_pays_jasa_and_principal(active_loan):
    # given
    loan = active_loan()
    # when
    rep = loan_repay(
        loan_id=loan.pk,
        received_by_id=loan.disbursed_by_id,
        amount=Decimal("110000"),
        date=date(2025, 2, 10),
        idempotency_key="r1",
    )
    # then
    assert (rep.penalty, rep.jasa, rep.principal, rep.to_savings) == (
        Decimal("0.00"),
        Decimal("10000.00"),
        Decimal("100000.00"),
        Decimal("0.00"),
    )
    loan.refresh_from_db()
    assert loan.outstanding_principal == Decimal("900000.00")
    assert account_balance(account=chart.LOAN_SERVICE_INCOME) == Decimal("10000.00")
    assert loan_ledger_differences() == {}


def test_allocation_penalty_jasa_principal_oldest_instalment_first(active_loan):
    # given: instalments 1 and 2 overdue, each with a Rp 5.000 penalty
    loan = active_loan()
    loans_close_of_business(as_of=date(2025, 3, 20))
    # when: Rp 130.000 covers instalment 1 (5.000 + 10.000 + 100.000) and part of 2
    rep = loan_repay(
        loan_id=loan.pk,
        received_by_id=loan.disbursed_by_id,
        amount=Decimal("130000"),
        date=date(2025, 3, 20),
        idempotency_key="r1",
    )
    # then
    assert _lines(rep) == [
        (1, Decimal("5000.00"), Decimal("10000.00"), Decimal("100000.00")),
        (2, Decimal("5000.00"), Decimal("10000.00"), Decimal("0.00")),
    ]
    assert (rep.penalty, rep.jasa, rep.principal) == (
        Decimal("10000.00"),
        Decimal("20000.00"),
        Decimal("100000.00"),
    )
    assert account_balance(account=chart.PENALTY_INCOME) == Decimal("10000.00")
    loan.refresh_from_db()
    assert loan.days_past_due == 10  # instalment 2 (due 10 March) still unpaid
    assert loan.bucket == "dalam_perhatian_khusus"
    assert loan_ledger_differences() == {}


def test_partial_payment_stays_inside_the_jasa(active_loan):
    # given
    loan = active_loan()
    # when
    rep = loan_repay(
        loan_id=loan.pk,
        received_by_id=loan.disbursed_by_id,
        amount=Decimal("4000"),
        date=date(2025, 2, 10),
        idempotency_key="r1",
    )
    # then
    assert _lines(rep) == [(1, Decimal("0.00"), Decimal("4000.00"), Decimal("0.00"))]
    loan.refresh_from_db()
    assert loan.outstanding_principal == Decimal("1000000.00")


def test_excess_goes_to_simpanan_sukarela(active_loan, make_member):
    # given
    member = make_member(sukarela=Decimal("500000"))
    loan = active_loan(member=member)
    # when
    rep = loan_repay(
        loan_id=loan.pk,
        received_by_id=loan.disbursed_by_id,
        amount=Decimal("150000"),
        date=date(2025, 2, 10),
        idempotency_key="r1",
    )
    # then
    assert rep.to_savings == Decimal("40000.00")
    assert account_balance(account=chart.SIMPANAN_SUKARELA, member_id=member.pk) == Decimal(
        "540000.00"
    )
    assert loan_ledger_differences() == {}


def test_excess_prepays_next_instalments_when_the_product_says_so(active_loan, product):
    # given
    product.excess_to = LoanProduct.ExcessTo.PREPAY
    product.save()
    loan = active_loan()
    # when
    rep = loan_repay(
        loan_id=loan.pk,
        received_by_id=loan.disbursed_by_id,
        amount=Decimal("150000"),
        date=date(2025, 2, 10),
        idempotency_key="r1",
    )
    # then: instalment 2 gets its jasa and 30.000 of principal
    assert _lines(rep) == [
        (1, Decimal("0.00"), Decimal("10000.00"), Decimal("100000.00")),
        (2, Decimal("0.00"), Decimal("10000.00"), Decimal("30000.00")),
    ]
    assert rep.to_savings == Decimal("0.00")


@pytest.mark.parametrize(
    ("rule", "quote", "waived"),
    [
        ("full", Decimal("990000.00"), Decimal("0.00")),
        ("next", Decimal("910000.00"), Decimal("80000.00")),
        ("none", Decimal("900000.00"), Decimal("90000.00")),
        # 10 of the 28 days from 10 February to 10 March: 10.000 × 10/28 = 3.571
        ("pro_rata", Decimal("903571.00"), Decimal("86429.00")),
    ],
)
def test_early_payoff_charges_jasa_per_product_rule(active_loan, product, rule, quote, waived):
    # given: instalment 1 paid; payoff on 20 February (before instalment 2 is due)
    product.early_payoff_jasa = rule
    product.save()
    loan = active_loan()
    loan_repay(
        loan_id=loan.pk,
        received_by_id=loan.disbursed_by_id,
        amount=Decimal("110000"),
        date=date(2025, 2, 10),
        idempotency_key="r1",
    )
    # when
    assert loan_payoff_quote(loan_id=loan.pk, on=date(2025, 2, 20))["total"] == quote
    rep = loan_pay_off(
        loan_id=loan.pk,
        received_by_id=loan.disbursed_by_id,
        amount=quote,
        date=date(2025, 2, 20),
        idempotency_key="payoff",
    )
    # then
    loan.refresh_from_db()
    assert loan.status == Loan.Status.PAID_OFF
    assert loan.closed_on == date(2025, 2, 20)
    assert loan.outstanding_principal == Decimal("0.00")
    assert rep.jasa_waived == waived
    assert rep.principal == Decimal("900000.00")
    assert rep.jasa == quote - Decimal("900000.00")
    assert loan_ledger_differences() == {}


def test_payoff_below_the_quote_is_refused_and_writes_nothing(active_loan):
    # given
    loan = active_loan()
    count = JournalTransaction.objects.count()
    # when / then
    with pytest.raises(ValidationError) as exc:
        loan_pay_off(
            loan_id=loan.pk,
            received_by_id=loan.disbursed_by_id,
            amount=Decimal("500000"),
            date=date(2025, 2, 1),
            idempotency_key="p",
        )
    assert set(exc.value.message_dict) == {"amount"}
    assert Repayment.objects.count() == 0
    assert JournalTransaction.objects.count() == count


def test_same_key_same_payment_returns_the_first_and_other_content_conflicts(active_loan):
    # given
    loan = active_loan()
    first = loan_repay(
        loan_id=loan.pk,
        received_by_id=loan.disbursed_by_id,
        amount=Decimal("110000"),
        date=date(2025, 2, 10),
        idempotency_key="k",
    )
    # when
    again = loan_repay(
        loan_id=loan.pk,
        received_by_id=loan.disbursed_by_id,
        amount=Decimal("110000"),
        date=date(2025, 2, 10),
        idempotency_key="k",
    )
    # then
    assert again.pk == first.pk
    assert Repayment.objects.count() == 1
    with pytest.raises(Conflict):
        loan_repay(
            loan_id=loan.pk,
            received_by_id=loan.disbursed_by_id,
            amount=Decimal("120000"),
            date=date(2025, 2, 10),
            idempotency_key="k",
        )


def test_paying_every_instalment_closes_the_loan(active_loan):
    # given
    loan = active_loan(amount=Decimal("300000"), tenor=3)
    # when
    for n, day in enumerate([date(2025, 2, 10), date(2025, 3, 10), date(2025, 4, 10)]):
        loan_repay(
            loan_id=loan.pk,
            received_by_id=loan.disbursed_by_id,
            amount=Decimal("110000"),
            date=day,
            idempotency_key=f"r{n}",
        )
    # then
    loan.refresh_from_db()
    assert loan.status == Loan.Status.PAID_OFF
    assert loan.outstanding_principal == Decimal("0.00")
    assert account_balance(account=chart.LOAN_SERVICE_INCOME) == Decimal("30000.00")


def test_payroll_instalment_lands_on_the_oldest_loan(active_loan):
    # given
    loan = active_loan()
    repay = loan_repay_from_payroll
    bank = account_balance(account=chart.BANK)
    # when
    rep = repay(
        member_id=loan.member_id,
        amount=Decimal("110000"),
        date=date(2025, 2, 25),
        idempotency_key="payroll:1:7",
        created_by_id=None,
    )
    # then
    assert rep.kind == Repayment.Kind.PAYROLL
    assert rep.loan_id == loan.pk
    assert account_balance(account=chart.BANK) == bank + Decimal("110000.00")
    loan.refresh_from_db()
    assert loan.outstanding_principal == Decimal("900000.00")


def test_payroll_instalment_for_member_without_loan_is_refused(make_member):
    with pytest.raises(ValidationError) as exc:
        loan_repay_from_payroll(
            member_id=make_member().pk,
            amount=Decimal("110000"),
            date=date(2025, 2, 25),
            idempotency_key="payroll:1:8",
        )
    assert set(exc.value.message_dict) == {"member_id"}
