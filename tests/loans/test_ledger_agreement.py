import random
from datetime import date, timedelta
from decimal import Decimal

from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance, member_balances
from sokoguru.tenants.loans.models import Instalment, Loan, LoanProduct
from sokoguru.tenants.loans.selectors import loan_ledger_differences, loan_payoff_quote
from sokoguru.tenants.loans.services import (
    allowance_required,
    loan_pay_off,
    loan_repay,
    loan_write_off_approve,
    loan_write_off_request,
    loans_close_of_business,
)


def test_ledger_balances_equal_loan_balances_for_every_loan(active_loan, officers, product):
    # given: eight loans over the three methods, then a seeded random mix of partial payments,
    # overpayments, closes of business, early payoffs and a write-off
    rng = random.Random(20261122)
    product.penalty_method = LoanProduct.PenaltyMethod.PER_DAY
    product.penalty_percent = Decimal("0.2")
    product.penalty_cap_percent = Decimal("10")
    product.save()
    methods = [
        LoanProduct(
            code=f"M{m}",
            name=m,
            method=m,
            rate_percent=Decimal("1.75"),
            rate_basis="per_month",
            min_tenor=1,
            max_tenor=24,
            excess_to=rng.choice(["sukarela", "prepay"]),
            early_payoff_jasa=rng.choice(["full", "next", "none"]),
        )
        for m in ("flat", "declining", "annuity")
    ]
    for p in methods:
        p.full_clean()
        p.save()
    loans = [
        active_loan(
            amount=Decimal(rng.randrange(300000, 1500000, 1000)),
            tenor=rng.randint(3, 12),
            disbursed_on=date(2025, 1, 1) + timedelta(days=rng.randint(0, 60)),
            loan_product=rng.choice([product, *methods]),
        )
        for _ in range(8)
    ]
    day = date(2025, 3, 15)
    key = 0
    for _ in range(12):
        day += timedelta(days=rng.randint(5, 25))
        loans_close_of_business(as_of=day)
        for loan in loans:
            loan.refresh_from_db()
            if loan.status != Loan.Status.ACTIVE or rng.random() < 0.3:
                continue
            key += 1
            if rng.random() < 0.08:
                quote = loan_payoff_quote(loan_id=loan.pk, on=day)["total"]
                loan_pay_off(
                    loan_id=loan.pk,
                    received_by_id=loan.disbursed_by_id,
                    amount=quote,
                    date=day,
                    idempotency_key=f"k{key}",
                )
            else:
                amount = Decimal(rng.randrange(1000, 300000, 500))
                loan_repay(
                    loan_id=loan.pk,
                    received_by_id=loan.disbursed_by_id,
                    amount=amount,
                    date=day,
                    idempotency_key=f"k{key}",
                )
    victim = next(loan for loan in loans if Loan.objects.get(pk=loan.pk).status == "active")
    loan_write_off_request(
        loan_id=victim.pk, requested_by_id=officers["bendahara"].pk, reason="Macet", on=day
    )
    loan_write_off_approve(loan_id=victim.pk, approved_by_id=officers["ketua"].pk, on=day)
    loans_close_of_business(as_of=day + timedelta(days=1))
    # then: every member's LOANS_RECEIVABLE sub-ledger equals the loan book's outstanding
    # principal, which equals the schedule's unpaid principal
    assert loan_ledger_differences() == {}
    ledger = member_balances(account=chart.LOANS_RECEIVABLE)
    for loan in Loan.objects.all():
        unpaid = sum(
            (i.principal - i.principal_paid for i in Instalment.objects.filter(loan=loan)),
            Decimal("0.00"),
        )
        expected = Decimal("0.00") if loan.status == "written_off" else unpaid
        assert loan.outstanding_principal == expected
        assert ledger.get(loan.member_id, Decimal("0.00")) == loan.outstanding_principal
    assert account_balance(account=chart.LOANS_RECEIVABLE) == sum(
        (loan.outstanding_principal for loan in Loan.objects.all()), Decimal("0.00")
    )
    # and the allowance account equals the required allowance
    rates = {
        "lancar": Decimal("0.005"),
        "dalam_perhatian_khusus": Decimal("0.05"),
        "kurang_lancar": Decimal("0.15"),
        "diragukan": Decimal("0.5"),
        "macet": Decimal("1"),
    }
    assert account_balance(account=chart.LOAN_LOSS_ALLOWANCE) == allowance_required(rates=rates)
    # and income equals what the repayments say
    jasa = sum((r.jasa for x in Loan.objects.all() for r in x.repayments.all()), Decimal(0))
    assert account_balance(account=chart.LOAN_SERVICE_INCOME) == jasa
