"""Case 6 of "books that hold up": the allowance (cadangan kerugian piutang) is tracked per
loan; a write-off uses that loan's own allowance and expenses the rest."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.loans.models import Loan
from sokoguru.tenants.loans.services import (
    loan_settings_update,
    loan_write_off_approve,
    loan_write_off_request,
    loans_close_of_business,
)

AS_OF = date(2025, 7, 1)


def test_a_write_off_uses_its_own_allowance_and_expenses_the_rest(active_loan, officers):
    # given: kurang lancar at 10 % and macet at 100 %: Rp 1.100.000 held for two loans
    loan_settings_update(
        updated_by_id=officers["ketua"].pk, allowance_kurang_lancar_percent=Decimal("10")
    )
    weak = active_loan(disbursed_on=date(2025, 2, 23))  # first due 23 March: 100 days late
    bad = active_loan(disbursed_on=date(2024, 12, 1))  # first due 1 January: 181 days late
    loans_close_of_business(as_of=AS_OF)
    weak.refresh_from_db()
    bad.refresh_from_db()
    assert (weak.bucket, weak.allowance) == ("kurang_lancar", Decimal("100000.00"))
    assert (bad.bucket, bad.allowance) == ("macet", Decimal("1000000.00"))
    assert account_balance(account=chart.LOAN_LOSS_ALLOWANCE) == Decimal("1100000.00")
    assert account_balance(account=chart.LOAN_LOSS_EXPENSE) == Decimal("1100000.00")
    # when: the kurang lancar loan (Rp 1.000.000 outstanding) is written off
    loan_write_off_request(
        loan_id=weak.pk, requested_by_id=officers["bendahara"].pk, reason="Pindah", on=AS_OF
    )
    loan_write_off_approve(loan_id=weak.pk, approved_by_id=officers["ketua"].pk, on=AS_OF)
    # then: its own Rp 100.000 is used, Rp 900.000 is this year's loss (before: the whole
    # Rp 1.000.000 came out of the allowance, consuming the macet loan's cover, expense 0)
    assert account_balance(account=chart.LOAN_LOSS_EXPENSE) == Decimal("2000000.00")
    assert account_balance(account=chart.LOAN_LOSS_ALLOWANCE) == Decimal("1000000.00")
    weak.refresh_from_db()
    assert (weak.status, weak.allowance) == (Loan.Status.WRITTEN_OFF, Decimal("0.00"))
    assert Loan.objects.get(pk=bad.pk).allowance == Decimal("1000000.00")
    # and the next close of business finds nothing to top up
    run = loans_close_of_business(as_of=date(2025, 7, 2))
    assert run.allowance_postings == 0
    assert account_balance(account=chart.LOAN_LOSS_EXPENSE) == Decimal("2000000.00")


def test_the_allowance_may_deduct_the_savings_held(active_loan, officers, make_member):
    # given: a macet loan of a member with Rp 500.000 sukarela + Rp 100.000 pokok held
    loan_settings_update(updated_by_id=officers["ketua"].pk, allowance_deducts_savings=True)
    member = make_member(sukarela=Decimal("500000"))
    loan = active_loan(member=member, disbursed_on=date(2024, 12, 1))
    # when
    loans_close_of_business(as_of=AS_OF)
    # then: 100 % of (1.000.000 − the savings held)
    from sokoguru.tenants.savings.selectors import member_savings_total

    held = member_savings_total(member_id=member.pk, as_of=AS_OF)
    loan.refresh_from_db()
    assert loan.allowance == Decimal("1000000.00") - held
    assert account_balance(account=chart.LOAN_LOSS_ALLOWANCE) == loan.allowance


def test_the_year_end_is_closed_only_with_a_fresh_allowance(active_loan, officers):
    # given: a loan 30 days late on 31 December; the close of business ran until the 30th
    import pytest
    from django.core.exceptions import ValidationError

    from sokoguru.tenants.ledger.models import FiscalPeriod, JournalTransaction
    from sokoguru.tenants.ledger.services import period_close_confirm, period_close_request

    loan = active_loan(disbursed_on=date(2025, 11, 1))  # first due 1 December
    loans_close_of_business(as_of=date(2025, 12, 30))
    period = period_close_request(
        start_date=date(2025, 1, 1),
        end_date=date(2025, 12, 31),
        requested_by_id=officers["bendahara"].pk,
    )
    journals = JournalTransaction.objects.count()
    # when / then: refused, nothing written
    with pytest.raises(ValidationError) as exc:
        period_close_confirm(period_id=period.pk, confirmed_by_id=officers["ketua"].pk)
    assert "31-12-2025" in " ".join(exc.value.message_dict["period_id"])
    assert JournalTransaction.objects.count() == journals
    assert FiscalPeriod.objects.get(pk=period.pk).status == FiscalPeriod.Status.REQUESTED
    # when: the year's last close of business ran (30 days late: 5 % of Rp 1.000.000), then
    # instalment 1 with its Rp 5.000 penalty, paid on 31 December, is entered
    loans_close_of_business(as_of=date(2025, 12, 31))
    loan.refresh_from_db()
    assert loan.allowance == Decimal("50000.00")
    from sokoguru.tenants.loans.services import loan_repay

    loan_repay(
        loan_id=loan.pk,
        amount=Decimal("115000"),
        date=date(2025, 12, 31),
        idempotency_key="akhir-tahun",
        received_by_id=loan.disbursed_by_id,
    )
    period_close_confirm(period_id=period.pk, confirmed_by_id=officers["ketua"].pk)
    # then: the allowance was recomputed on 31 December before the closing entry: lancar,
    # 0,5 % × Rp 900.000 = Rp 4.500, and the year's expense is that
    loan.refresh_from_db()
    assert loan.allowance == Decimal("4500.00")
    assert account_balance(account=chart.LOAN_LOSS_ALLOWANCE) == Decimal("4500.00")
    closing = FiscalPeriod.objects.get(pk=period.pk).closing_transaction
    legs = {leg.account_id: leg.debit - leg.credit for leg in closing.legs.all()}
    assert legs[chart.LOAN_LOSS_EXPENSE] == Decimal("-4500.00")
