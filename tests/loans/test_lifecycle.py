from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.core.errors import Conflict, PermissionDenied
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.loans.models import Instalment, Loan
from sokoguru.tenants.loans.selectors import available_funds, loan_ledger_differences
from sokoguru.tenants.loans.services import loan_apply, loan_approve, loan_disburse, loan_reject


def _apply(officers, member, product, amount="1000000", tenor=10, **kw):
    return loan_apply(
        member_id=member.pk,
        product_id=product.pk,
        amount=Decimal(amount),
        tenor=tenor,
        purpose="Modal warung sembako",
        entered_by_id=officers["kasir"].pk,
        applied_on=date(2025, 1, 10),
        **kw,
    )


def test_apply_approve_disburse_builds_the_schedule_and_posts(officers, make_member, fund, product):
    # given
    fund(Decimal("5000000"))
    member = make_member()
    cash_before = account_balance(account=chart.CASH)
    loan = _apply(officers, member, product)
    # when
    loan = loan_approve(loan_id=loan.pk, approved_by_id=officers["bendahara"].pk)
    assert loan.status == Loan.Status.APPROVED
    loan = loan_disburse(
        loan_id=loan.pk, disbursed_by_id=officers["kasir"].pk, disbursed_on=date(2025, 1, 10)
    )
    # then
    assert loan.status == Loan.Status.ACTIVE
    assert loan.number.startswith("PJ-2025-")
    instalments = list(Instalment.objects.filter(loan=loan).order_by("number"))
    assert [i.principal + i.jasa for i in instalments] == [Decimal("110000.00")] * 10
    assert instalments[0].due_date == date(2025, 2, 10)
    assert loan.maturity_date == date(2025, 11, 10)
    assert loan.total_jasa == Decimal("100000.00")
    assert loan.outstanding_principal == Decimal("1000000.00")
    assert account_balance(account=chart.CASH) == cash_before - Decimal("1000000.00")
    assert account_balance(account=chart.LOANS_RECEIVABLE, member_id=member.pk) == Decimal(
        "1000000.00"
    )
    assert loan_ledger_differences() == {}


def test_maker_cannot_approve_own_entry(officers, make_member, fund, product, make_user, in_coop_a):
    # given: a bendahara enters the application herself
    fund(Decimal("5000000"))
    loan = loan_apply(
        member_id=make_member().pk,
        product_id=product.pk,
        amount=Decimal("1000000"),
        tenor=10,
        purpose="Modal toga",
        entered_by_id=officers["bendahara"].pk,
        applied_on=date(2025, 1, 10),
    )
    # when
    with pytest.raises(PermissionDenied) as exc:
        loan_approve(loan_id=loan.pk, approved_by_id=officers["bendahara"].pk)
    # then
    assert exc.value.code == "maker_checker"
    assert exc.value.field == "approved_by_id"
    assert "maker-checker" in exc.value.message
    loan.refresh_from_db()
    assert loan.status == Loan.Status.SUBMITTED
    assert loan.decided_by_id is None


def test_officer_without_approver_role_is_refused(officers, make_member, product):
    # given
    loan = _apply(officers, make_member(), product)
    # when
    with pytest.raises(PermissionDenied) as exc:
        loan_approve(loan_id=loan.pk, approved_by_id=officers["pengawas"].pk)
    # then
    assert exc.value.code == "role_required"
    loan.refresh_from_db()
    assert loan.status == Loan.Status.SUBMITTED


def test_application_checks_limits_and_writes_nothing(officers, make_member, product):
    # given: savings 100.000 pokok + 100.000 sukarela → by-laws limit 3 × 200.000 = 600.000
    member = make_member(sukarela=Decimal("100000"))
    # when
    with pytest.raises(ValidationError) as exc:
        _apply(officers, member, product, amount="1000000", tenor=13)
    # then
    assert set(exc.value.message_dict) == {"amount", "tenor"}
    assert "Rp 600.000" in exc.value.message_dict["amount"][0]
    assert Loan.objects.count() == 0


def test_amount_must_be_whole_rupiah(officers, make_member, product):
    with pytest.raises(ValidationError) as exc:
        _apply(officers, make_member(), product, amount="100000.50")
    assert set(exc.value.message_dict) == {"amount"}
    assert Loan.objects.count() == 0


def test_guarantor_required_by_product(officers, make_member, product):
    # given
    product.guarantor_required = True
    product.save()
    member = make_member()
    # when / then
    with pytest.raises(ValidationError) as exc:
        _apply(officers, member, product)
    assert set(exc.value.message_dict) == {"guarantor_id"}
    with pytest.raises(ValidationError):
        _apply(officers, member, product, guarantor_id=member.pk)
    guarantor = make_member(name="Budi Santoso")
    loan = _apply(officers, member, product, guarantor_id=guarantor.pk)
    assert loan.guarantor_id == guarantor.pk


def test_one_open_loan_per_member_by_default(officers, make_member, product):
    # given
    member = make_member()
    _apply(officers, member, product, amount="500000")
    # when / then
    with pytest.raises(ValidationError) as exc:
        _apply(officers, member, product, amount="500000")
    assert set(exc.value.message_dict) == {"member_id"}


def test_rejected_application_cannot_be_approved(officers, make_member, product):
    # given
    loan = _apply(officers, make_member(), product)
    loan_reject(loan_id=loan.pk, rejected_by_id=officers["ketua"].pk, reason="Usaha belum jalan")
    # when / then
    with pytest.raises(Conflict):
        loan_approve(loan_id=loan.pk, approved_by_id=officers["bendahara"].pk)


def test_admin_fee_is_withheld_at_disbursement(officers, make_member, fund, product):
    # given
    product.admin_fee_percent = Decimal("1")
    product.admin_fee_flat = Decimal("2500")
    product.save()
    fund(Decimal("5000000"))
    member = make_member()
    cash = account_balance(account=chart.CASH)
    loan = _apply(officers, member, product)
    loan_approve(loan_id=loan.pk, approved_by_id=officers["ketua"].pk)
    # when
    loan = loan_disburse(
        loan_id=loan.pk, disbursed_by_id=officers["kasir"].pk, disbursed_on=date(2025, 1, 10)
    )
    # then
    assert loan.admin_fee == Decimal("12500.00")
    assert account_balance(account=chart.CASH) == cash - Decimal("987500.00")
    assert account_balance(account=chart.LOAN_ADMIN_FEE_INCOME) == Decimal("12500.00")
    assert JournalTransaction.objects.filter(source_kind="loans.disbursement").count() == 1
    assert available_funds() == account_balance(account=chart.CASH) - Decimal("1000000.00")
