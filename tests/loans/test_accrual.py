"""Case 9: jasa on loans is income of the month its instalment falls due in (accrual, SAK EP),
whenever it is paid: arrears accrue into piutang jasa at the month end, prepayments wait as
jasa received in advance, and the income statement of each year holds its own jasa."""

from datetime import date
from decimal import Decimal

from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.statements import income_statement
from sokoguru.tenants.loans.models import Instalment, Loan
from sokoguru.tenants.loans.selectors import jasa_accrual_differences, loan_ledger_differences
from sokoguru.tenants.loans.services import (
    loan_repay,
    loan_repayment_reverse,
    loan_write_off_approve,
    loan_write_off_request,
    loans_close_of_business,
)
from sokoguru.tenants.loans.services.accrual import loan_jasa_accrue
from tests.fixtures.loans import flat_product

ZERO = Decimal("0.00")


def _jasa_income(year: int) -> Decimal:
    statement = income_statement(start=date(year, 1, 1), end=date(year, 12, 31))
    return sum(
        (
            line["amount"]
            for line in statement["income_lines"]
            if line["code"] == chart.LOAN_SERVICE_INCOME
        ),
        ZERO,
    )


def _balances():
    return (
        account_balance(account=chart.LOAN_SERVICE_RECEIVABLE),
        account_balance(account=chart.LOAN_SERVICE_UNEARNED),
    )


def _prepay_loan(active_loan):
    """Rp 1.000.000 over 10 months (jasa Rp 10.000 an instalment), first due 10 December 2025;
    payments beyond what is due pay the next instalments."""
    product = flat_product(code="PREPAY", excess_to="prepay")
    return active_loan(
        loan_product=product,
        disbursed_on=date(2025, 11, 10),
        first_due_date=date(2025, 12, 10),
    )


def test_arrears_accrue_in_their_year_and_are_settled_on_receipt(active_loan):
    # given: the December 2025 instalment is unpaid at the year's last close of business
    loan = _prepay_loan(active_loan)
    loans_close_of_business(as_of=date(2025, 12, 31))
    # then: its jasa is 2025 income, held as piutang jasa
    assert _jasa_income(2025) == Decimal("10000.00")
    assert _balances() == (Decimal("10000.00"), ZERO)
    # when: paid on 15 January 2026 with the January and February instalments
    # (Rp 5.000 penalty of December + 3 × Rp 110.000)
    rep = loan_repay(
        loan_id=loan.pk,
        amount=Decimal("335000"),
        date=date(2026, 1, 15),
        idempotency_key="late",
        received_by_id=loan.disbursed_by_id,
    )
    assert (rep.penalty, rep.jasa, rep.principal) == (
        Decimal("5000.00"),
        Decimal("30000.00"),
        Decimal("300000.00"),
    )
    # then: December's jasa settles piutang jasa, January's is income now, February's waits
    assert _balances() == (ZERO, Decimal("10000.00"))
    assert _jasa_income(2025) == Decimal("10000.00")
    assert _jasa_income(2026) == Decimal("10000.00")
    # when: the January and February month ends are closed
    loans_close_of_business(as_of=date(2026, 1, 31))
    assert _jasa_income(2026) == Decimal("10000.00")
    loans_close_of_business(as_of=date(2026, 2, 28))
    # then: February's jasa is income of February; nothing held any more
    assert _jasa_income(2025) == Decimal("10000.00")
    assert _jasa_income(2026) == Decimal("20000.00")
    assert _balances() == (ZERO, ZERO)
    assert jasa_accrual_differences() == {}
    assert loan_ledger_differences() == {}


def test_prepaid_jasa_is_income_of_the_months_it_falls_due(active_loan):
    # given: on 10 December 2025 the member pays four instalments (Rp 440.000): December's
    # and three ahead — cash-basis books took Rp 40.000 of jasa into 2025
    loan = _prepay_loan(active_loan)
    rep = loan_repay(
        loan_id=loan.pk,
        amount=Decimal("440000"),
        date=date(2025, 12, 10),
        idempotency_key="ahead",
        received_by_id=loan.disbursed_by_id,
    )
    assert rep.jasa == Decimal("40000.00")
    loans_close_of_business(as_of=date(2025, 12, 31))
    # then: 2025 holds exactly the Rp 10.000 of December; Rp 30.000 is received in advance
    assert _jasa_income(2025) == Decimal("10000.00")
    assert _balances() == (ZERO, Decimal("30000.00"))
    # when: the month ends of 2026 come
    for month_end in (date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)):
        loans_close_of_business(as_of=month_end)
    # then: the rest is 2026 income and nothing is held
    assert _jasa_income(2025) == Decimal("10000.00")
    assert _jasa_income(2026) == Decimal("30000.00")
    assert _balances() == (ZERO, ZERO)
    assert jasa_accrual_differences() == {}


def test_a_duplicate_accrual_writes_nothing_twice(active_loan):
    # given: December 2025 accrued once
    loan = _prepay_loan(active_loan)
    loans_close_of_business(as_of=date(2025, 12, 31))
    journals = JournalTransaction.objects.count()
    # when: the same month end is closed again, and the accrual is asked for again
    loans_close_of_business(as_of=date(2025, 12, 31))
    again = loan_jasa_accrue(
        Loan.objects.get(pk=loan.pk),
        list(Instalment.objects.filter(loan=loan).order_by("number")),
        date(2025, 12, 31),
    )
    # then: nothing more is written
    assert again == []
    assert JournalTransaction.objects.count() == journals
    assert _balances() == (Decimal("10000.00"), ZERO)
    assert _jasa_income(2025) == Decimal("10000.00")
    # and a day that is not a month end accrues nothing
    loans_close_of_business(as_of=date(2026, 1, 11))
    assert _balances() == (Decimal("10000.00"), ZERO)


def test_a_reversed_receipt_puts_the_accrual_back(active_loan, officers):
    # given: December accrued, then paid in January with January's instalment
    loan = _prepay_loan(active_loan)
    loans_close_of_business(as_of=date(2025, 12, 31))
    rep = loan_repay(
        loan_id=loan.pk,
        amount=Decimal("225000"),
        date=date(2026, 1, 5),
        idempotency_key="jan",
        received_by_id=loan.disbursed_by_id,
    )
    # January's jasa falls due this month: income at receipt
    assert _balances() == (ZERO, ZERO)
    assert _jasa_income(2026) == Decimal("10000.00")
    # when: the payment was entered by mistake
    loan_repayment_reverse(
        repayment_id=rep.pk,
        reversed_by_id=officers["bendahara"].pk,
        date=date(2026, 1, 6),
        reason="Salah input",
    )
    # then: December's jasa is piutang again, January's is not received
    assert _balances() == (Decimal("10000.00"), ZERO)
    assert [i.jasa_accrued for i in Instalment.objects.filter(loan=loan).order_by("number")][
        :2
    ] == [Decimal("10000.00"), ZERO]
    assert _jasa_income(2026) == ZERO
    assert jasa_accrual_differences() == {}


def test_a_write_off_writes_off_its_accrued_jasa(active_loan, officers):
    # given: December and January accrued and unpaid
    loan = _prepay_loan(active_loan)
    loans_close_of_business(as_of=date(2025, 12, 31))
    loans_close_of_business(as_of=date(2026, 1, 31))
    assert _balances() == (Decimal("20000.00"), ZERO)
    expense_before = account_balance(account=chart.LOAN_LOSS_EXPENSE)
    # when: the loan is written off
    loan_write_off_request(
        loan_id=loan.pk,
        requested_by_id=officers["bendahara"].pk,
        reason="Macet",
        on=date(2026, 2, 2),
    )
    loan_write_off_approve(
        loan_id=loan.pk, approved_by_id=officers["ketua"].pk, on=date(2026, 2, 2)
    )
    # then: no piutang jasa is left; the Rp 20.000 accrued is a loss, income stays as accrued
    assert _balances() == (ZERO, ZERO)
    loan.refresh_from_db()
    assert loan.allowance == ZERO
    assert account_balance(
        account=chart.LOAN_LOSS_EXPENSE
    ) - expense_before == loan.written_off_amount + Decimal("20000.00") - _allowance_used(loan)
    assert _jasa_income(2025) == Decimal("10000.00")
    assert _jasa_income(2026) == Decimal("10000.00")
    assert jasa_accrual_differences() == {}


def _allowance_used(loan) -> Decimal:
    """The loss allowance the write-off journal drew for the loan (debit LOAN_LOSS_ALLOWANCE)."""
    from sokoguru.tenants.ledger.models import JournalLeg

    return (
        JournalLeg.objects.filter(
            transaction__source_kind="loans.write_off",
            transaction__source_id=str(loan.pk),
            account__code=chart.LOAN_LOSS_ALLOWANCE,
        )
        .values_list("debit", flat=True)
        .first()
        or ZERO
    )


def test_a_payoff_recognises_what_was_paid_and_clears_the_accrual(active_loan):
    # given: December accrued and unpaid, January paid ahead on 31 December
    loan = _prepay_loan(active_loan)
    loans_close_of_business(as_of=date(2025, 12, 31))
    # when: the loan is paid off on 20 January 2026 at its quote
    from sokoguru.tenants.loans.selectors import loan_payoff_quote
    from sokoguru.tenants.loans.services import loan_pay_off

    quote = loan_payoff_quote(loan_id=loan.pk, on=date(2026, 1, 20))
    rep = loan_pay_off(
        loan_id=loan.pk,
        amount=quote["total"],
        date=date(2026, 1, 20),
        idempotency_key="payoff",
        received_by_id=loan.disbursed_by_id,
    )
    # then: nothing is held; 2026 has the jasa received less December's (2025) accrual
    loan.refresh_from_db()
    assert loan.status == Loan.Status.PAID_OFF
    assert _balances() == (ZERO, ZERO)
    assert _jasa_income(2025) == Decimal("10000.00")
    assert _jasa_income(2026) == rep.jasa - Decimal("10000.00")
    assert jasa_accrual_differences() == {}
