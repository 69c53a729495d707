"""The money rules of issue "books that hold up", each with exact rupiah and nothing else
written (cases numbered as in the issue)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.loans.models import Loan, LoanProduct
from sokoguru.tenants.loans.selectors import loan_ledger_differences, loan_payoff_quote
from sokoguru.tenants.loans.services import DEFAULT_PRODUCTS, loan_pay_off
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
