"""The money rules of issue "books that hold up", each with exact rupiah and nothing else
written (cases numbered as in the issue)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import FiscalPeriod, JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.services import (
    Leg,
    period_close_confirm,
    period_close_request,
    transaction_post,
    transaction_reverse,
)
from sokoguru.tenants.loans.models import Instalment, Loan, LoanProduct, Repayment
from sokoguru.tenants.loans.selectors import loan_ledger_differences, loan_payoff_quote
from sokoguru.tenants.loans.services import (
    DEFAULT_PRODUCTS,
    loan_apply,
    loan_pay_off,
    loan_repay,
    loan_repayment_reverse,
    loan_settings_update,
    loan_write_off_approve,
    loan_write_off_request,
    loans_member_exit_settle,
)
from sokoguru.tenants.savings.selectors import member_savings_total
from sokoguru.tenants.workflows.member_exit import member_exit
from tests.fixtures.loans import loan_disbursed

# --- case 11: early payoff ---------------------------------------------------------------


def test_early_payoff_charges_jasa_up_to_the_payoff_date_by_default(active_loan, product):
    # given: Rp 1.000.000 at flat 10 % over 10 months (jasa Rp 10.000 a month), disbursed
    # 10 January, first due 10 February; the product keeps the default rule
    assert product.early_payoff_jasa == LoanProduct.EarlyPayoffJasa.PRO_RATA
    loan = active_loan()
    journals = JournalTransaction.objects.count()
    # when: the member pays it off 10 days later (10 of the 31 days of the first period)
    quote = loan_payoff_quote(loan_id=loan.pk, on=date(2025, 1, 20))
    rep = loan_pay_off(
        loan_id=loan.pk,
        amount=quote["total"],
        date=date(2025, 1, 20),
        idempotency_key="payoff",
        received_by_id=loan.disbursed_by_id,
    )
    # then: jasa 10.000 × 10/31 = 3.225 (rounded down), not the full Rp 100.000
    assert quote["total"] == Decimal("1003225.00")
    assert (rep.principal, rep.jasa, rep.jasa_waived, rep.to_savings) == (
        Decimal("1000000.00"),
        Decimal("3225.00"),
        Decimal("96775.00"),
        Decimal("0.00"),
    )
    loan.refresh_from_db()
    assert loan.status == Loan.Status.PAID_OFF
    assert account_balance(account=chart.LOAN_SERVICE_INCOME) == Decimal("3225.00")
    assert JournalTransaction.objects.count() == journals + 1
    assert loan_ledger_differences() == {}


def test_the_full_jasa_rule_stays_available_per_product(active_loan, product):
    # given
    product.early_payoff_jasa = LoanProduct.EarlyPayoffJasa.FULL
    product.save()
    loan = active_loan()
    # when
    quote = loan_payoff_quote(loan_id=loan.pk, on=date(2025, 1, 20))
    # then
    assert quote["total"] == Decimal("1100000.00")


# --- case 13: the RW product's rate is per month ----------------------------------------


def test_the_default_rw_product_charges_per_month(officers, make_member, fund):
    # given: the product an RW cooperative (cooperative A) got at provisioning
    fund(Decimal("20000000"))
    product = LoanProduct.objects.get(code=DEFAULT_PRODUCTS["primary_rw"][0]["code"])
    # when: a 1-month and a 10-month loan of Rp 1.000.000
    one = loan_disbursed(
        member=make_member(), product=product, officers=officers, amount=Decimal("1000000"), tenor=1
    )
    ten = loan_disbursed(
        member=make_member(),
        product=product,
        officers=officers,
        amount=Decimal("1000000"),
        tenor=10,
    )
    # then: 1 % a month — Rp 10.000 for one month (not 10 %), the field report's 10 % over 10
    assert (product.rate_percent, product.rate_basis) == (Decimal("1"), "per_month")
    assert one.total_jasa == Decimal("10000.00")
    assert ten.total_jasa == Decimal("100000.00")
    assert [i.principal + i.jasa for i in ten.instalments.all()] == [Decimal("110000.00")] * 10


# --- case 14: officer-entered dates are never in the future ---------------------------------


def test_a_repayment_dated_tomorrow_is_refused_and_writes_nothing(active_loan):
    # given

    loan = active_loan()
    journals = JournalTransaction.objects.count()
    # when / then
    with pytest.raises(ValidationError) as exc:
        loan_repay(
            loan_id=loan.pk,
            amount=Decimal("110000"),
            date=cooperative_today() + timedelta(days=1),
            idempotency_key="besok",
            received_by_id=loan.disbursed_by_id,
        )
    assert set(exc.value.message_dict) == {"date"}
    assert Repayment.objects.count() == 0
    assert JournalTransaction.objects.count() == journals


def test_a_loan_applied_for_tomorrow_is_refused(officers, make_member, product):

    # given
    member = make_member()
    # when / then
    with pytest.raises(ValidationError) as exc:
        loan_apply(
            member_id=member.pk,
            product_id=product.pk,
            amount=Decimal("500000"),
            tenor=5,
            purpose="Warung",
            entered_by_id=officers["kasir"].pk,
            applied_on=cooperative_today() + timedelta(days=1),
        )
    assert set(exc.value.message_dict) == {"applied_on"}
    assert Loan.objects.count() == 0


def test_a_period_close_ending_in_the_future_is_refused(in_coop_a, officers):

    # given
    today = cooperative_today()
    # when / then
    with pytest.raises(ValidationError) as exc:
        period_close_request(
            start_date=today.replace(day=1),
            end_date=date(today.year + 1, 1, 31),
            requested_by_id=officers["bendahara"].pk,
        )
    assert set(exc.value.message_dict) == {"end_date"}
    assert FiscalPeriod.objects.count() == 0


# --- case 7: module journals are corrected through their module ---------------------------


def test_the_generic_reversal_refuses_a_loan_repayment_journal(active_loan):
    # given

    loan = active_loan()
    rep = loan_repay(
        loan_id=loan.pk,
        amount=Decimal("110000"),
        date=date(2025, 2, 10),
        idempotency_key="r1",
        received_by_id=loan.disbursed_by_id,
    )
    journals = JournalTransaction.objects.count()
    # when / then
    with pytest.raises(ValidationError) as exc:
        transaction_reverse(
            transaction_id=rep.transaction_id, date=date(2025, 2, 11), idempotency_key="rev"
        )
    assert "modul loans" in exc.value.message_dict["transaction_id"][0]
    assert JournalTransaction.objects.count() == journals
    loan.refresh_from_db()
    assert loan.outstanding_principal == Decimal("900000.00")
    assert loan_ledger_differences() == {}


def test_the_generic_reversal_refuses_the_closing_entry(in_coop_a, officers):
    # given: a year closed with Rp 40.000 of jasa income

    transaction_post(
        date=date(2024, 6, 1),
        description="Jasa",
        legs=[
            Leg(account=chart.CASH, debit=Decimal("40000")),
            Leg(account=chart.LOAN_SERVICE_INCOME, credit=Decimal("40000")),
        ],
        idempotency_key="jasa",
    )
    period = period_close_request(
        start_date=date(2024, 1, 1),
        end_date=date(2024, 12, 31),
        requested_by_id=officers["bendahara"].pk,
    )
    period = period_close_confirm(period_id=period.pk, confirmed_by_id=officers["ketua"].pk)
    journals = JournalTransaction.objects.count()
    # when / then
    with pytest.raises(ValidationError) as exc:
        transaction_reverse(
            transaction_id=period.closing_transaction_id,
            date=date(2025, 1, 2),
            idempotency_key="rev-closing",
        )
    assert "modul ledger" in exc.value.message_dict["transaction_id"][0]
    assert JournalTransaction.objects.count() == journals
    assert account_balance(account=chart.SHU_UNDISTRIBUTED) == Decimal("40000.00")


def test_a_repayment_reversal_restores_the_loan_book_and_the_ledger(active_loan, officers):
    # given: instalment 1 paid (Rp 110.000), then an early payoff that waived later jasa

    loan = active_loan()
    loan_repay(
        loan_id=loan.pk,
        amount=Decimal("110000"),
        date=date(2025, 2, 10),
        idempotency_key="r1",
        received_by_id=loan.disbursed_by_id,
    )
    quote = loan_payoff_quote(loan_id=loan.pk, on=date(2025, 2, 20))["total"]
    payoff = loan_pay_off(
        loan_id=loan.pk,
        amount=quote,
        date=date(2025, 2, 20),
        idempotency_key="p",
        received_by_id=loan.disbursed_by_id,
    )
    cash_before = account_balance(account=chart.CASH)
    # when: the payoff was entered by mistake
    loan_repayment_reverse(
        repayment_id=payoff.pk,
        reversed_by_id=officers["bendahara"].pk,
        date=date(2025, 2, 21),
        reason="Salah input",
    )
    # then: the loan is active again with Rp 900.000 outstanding, the waived jasa is owed again
    loan.refresh_from_db()
    assert (loan.status, loan.outstanding_principal, loan.closed_on) == (
        Loan.Status.ACTIVE,
        Decimal("900000.00"),
        None,
    )
    insts = Instalment.objects.filter(loan=loan).order_by("number")
    assert sum(i.jasa_waived for i in insts) == Decimal("0.00")
    assert [i.paid_on is not None for i in insts] == [True] + [False] * 9
    assert account_balance(account=chart.CASH) == cash_before - quote
    assert account_balance(account=chart.LOAN_SERVICE_INCOME) == Decimal("10000.00")
    assert loan_ledger_differences() == {}
    # and the loan can be paid off again at the same quote
    assert loan_payoff_quote(loan_id=loan.pk, on=date(2025, 2, 21))["total"] == quote + Decimal(
        "357.00"
    )


# --- case 3: written off is not forgiven (hapus buku ≠ hapus tagih) -------------------------


def _written_off(active_loan, officers, member):
    loan = active_loan(member=member)
    loan_write_off_request(
        loan_id=loan.pk,
        requested_by_id=officers["bendahara"].pk,
        reason="Macet",
        on=date(2025, 6, 1),
    )
    return loan_write_off_approve(
        loan_id=loan.pk, approved_by_id=officers["ketua"].pk, on=date(2025, 6, 1)
    )


def test_a_written_off_balance_blocks_a_new_loan(active_loan, officers, make_member, product):
    # given: Rp 1.000.000 + Rp 100.000 jasa written off, nothing recovered
    member = make_member()
    _written_off(active_loan, officers, member)
    loans = Loan.objects.count()
    # when / then
    with pytest.raises(ValidationError) as exc:
        loan_apply(
            member_id=member.pk,
            product_id=product.pk,
            amount=Decimal("500000"),
            tenor=5,
            purpose="Warung",
            entered_by_id=officers["kasir"].pk,
            applied_on=date(2025, 7, 1),
        )
    assert "Rp 1.100.000" in exc.value.message_dict["member_id"][0]
    assert Loan.objects.count() == loans


def test_the_block_is_a_loan_setting(active_loan, officers, make_member, product):
    # given: a cooperative whose policy lets such members borrow again
    member = make_member()
    _written_off(active_loan, officers, member)
    loan_settings_update(updated_by_id=officers["ketua"].pk, written_off_blocks_new_loans=False)
    # when
    loan = loan_apply(
        member_id=member.pk,
        product_id=product.pk,
        amount=Decimal("500000"),
        tenor=5,
        purpose="Warung",
        entered_by_id=officers["kasir"].pk,
        applied_on=date(2025, 7, 1),
    )
    # then
    assert loan.status == Loan.Status.SUBMITTED


def test_on_exit_the_written_off_balance_is_recovered_from_savings(
    active_loan, officers, make_member
):
    # given: savings (pokok + Rp 500.000 sukarela) below the Rp 1.100.000 still claimable
    member = make_member(sukarela=Decimal("500000"))
    loan = _written_off(active_loan, officers, member)
    savings = member_savings_total(member_id=member.pk, as_of=date(2025, 7, 1))
    cash = account_balance(account=chart.CASH)
    # when
    settlement = member_exit(member_id=member.pk, date=date(2025, 7, 1), created_by_id=SYSTEM)
    # then: every rupiah of savings is recovery income, nothing is paid out
    assert savings == Decimal("600000.00")
    assert account_balance(account=chart.RECOVERY_INCOME) == Decimal("600000.00")
    assert (settlement.loans_outstanding, settlement.refund) == (
        Decimal("600000.00"),
        Decimal("0.00"),
    )
    loan.refresh_from_db()
    assert loan.recovered_amount == Decimal("600000.00")
    assert account_balance(account=chart.CASH) == cash
    assert member_savings_total(member_id=member.pk, as_of=date(2025, 7, 1)) == Decimal("0.00")
    assert Repayment.objects.filter(loan=loan, kind=Repayment.Kind.RECOVERY).count() == 1


def test_the_exit_settlement_shows_payoff_and_recovery(active_loan, officers, make_member):
    # given: Rp 5.000.000 of sukarela and a written-off loan (Rp 1.100.000 claimable)
    member = make_member(sukarela=Decimal("5000000"))
    _written_off(active_loan, officers, member)
    # when: the exit step of the loans
    result = loans_member_exit_settle(
        member_id=member.pk,
        date=date(2025, 7, 1),
        limit=Decimal("5100000"),
        paid_from=chart.CASH,
        idempotency_key="exit",
        created_by_id=officers["bendahara"].pk,
        details=True,
    )
    # then
    assert (result.paid_off, result.recovered, result.total) == (
        Decimal("0.00"),
        Decimal("1100000.00"),
        Decimal("1100000.00"),
    )
    assert account_balance(account=chart.RECOVERY_INCOME) == Decimal("1100000.00")
