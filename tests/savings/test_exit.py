from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.core.errors import Conflict
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.services import Leg, transaction_post
from sokoguru.tenants.loans.models import Loan, Repayment
from sokoguru.tenants.loans.selectors import loan_ledger_differences
from sokoguru.tenants.loans.services import loan_apply, loan_approve
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.savings.models import ExitSettlement, WajibBill
from sokoguru.tenants.savings.selectors import member_savings_total
from sokoguru.tenants.savings.services import (
    savings_exit_settle,
    sukarela_deposit,
    sukarela_withdraw,
    wajib_bills_generate,
    wajib_pay,
)
from sokoguru.tenants.workflows.member_exit import member_exit
from tests.fixtures.loans import cooperative_fund, flat_product, loan_disbursed, loan_officers


@pytest.fixture
def saver(in_coop_a, register_member):
    """Pokok 100,000 + wajib 60,000 + sukarela 250,000 = 410,000."""
    member = register_member(full_name="Siti Aminah", pokok_on=date(2026, 1, 5))
    wajib_pay(
        member_id=member.pk,
        amount="60000",
        date=date(2026, 1, 10),
        idempotency_key="w",
        created_by_id=SYSTEM,
    )
    sukarela_deposit(
        member_id=member.pk,
        amount="250000",
        date=date(2026, 1, 10),
        idempotency_key="s",
        created_by_id=SYSTEM,
    )
    return member


def test_exit_refunds_all_savings(saver):
    # when
    settlement = member_exit(member_id=saver.pk, date=date(2026, 3, 1), created_by_id=SYSTEM)
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


@pytest.fixture
def loan_to(in_coop_a, make_user):
    """``loan_to(member, amount=..., tenor=...)``: a real loan of the flat 10 % product, entered
    by the kasir, approved by the bendahara and disbursed in cash on 1 February 2026 (first
    instalment due 1 March); the cooperative has Rp 5.000.000 of grant money in cash."""
    officers = loan_officers(make_user, in_coop_a)
    product = flat_product(early_payoff_jasa="full")
    cooperative_fund(Decimal("5000000"), on=date(2026, 1, 2))

    def make(member, *, amount: str, tenor: int):
        return loan_disbursed(
            member=member,
            product=product,
            officers=officers,
            amount=Decimal(amount),
            tenor=tenor,
            disbursed_on=date(2026, 2, 1),
        )

    return make


def test_exit_pays_the_loan_off_through_the_loans_app(saver, loan_to):
    # given a loan of 300,000 over 3 months (100,000 principal + 10,000 jasa a month)
    loan = loan_to(saver, amount="300000", tenor=3)
    # when the member leaves the day the first instalment falls due
    settlement = member_exit(member_id=saver.pk, date=date(2026, 3, 1), created_by_id=SYSTEM)
    # then instalment 1 (110,000) and the early payoff (200,000 principal + 20,000 jasa, the
    # product charges the full jasa) come out of the 410,000 savings; 80,000 is refunded
    assert (settlement.loans_outstanding, settlement.refund) == (
        Decimal("330000.00"),
        Decimal("80000.00"),
    )
    loan.refresh_from_db()
    assert (loan.status, loan.closed_on, loan.outstanding_principal) == (
        Loan.Status.PAID_OFF,
        date(2026, 3, 1),
        Decimal("0.00"),
    )
    assert list(
        loan.instalments.order_by("number").values_list(
            "number", "jasa_paid", "principal_paid", "paid_on"
        )
    ) == [
        (1, Decimal("10000.00"), Decimal("100000.00"), date(2026, 3, 1)),
        (2, Decimal("10000.00"), Decimal("100000.00"), date(2026, 3, 1)),
        (3, Decimal("10000.00"), Decimal("100000.00"), date(2026, 3, 1)),
    ]
    repayment = Repayment.objects.get(loan=loan)
    assert (repayment.kind, repayment.amount, repayment.jasa, repayment.principal) == (
        Repayment.Kind.PAYOFF,
        Decimal("330000.00"),
        Decimal("30000.00"),
        Decimal("300000.00"),
    )
    assert repayment.to_savings == Decimal("0.00")
    assert account_balance(account=chart.LOANS_RECEIVABLE, member_id=saver.pk) == Decimal("0.00")
    assert account_balance(account=chart.LOAN_SERVICE_INCOME) == Decimal("30000.00")
    assert member_savings_total(member_id=saver.pk) == Decimal("0.00")
    # cash: 5,000,000 grant + 410,000 savings − 300,000 lent − 80,000 refunded
    assert account_balance(account=chart.CASH) == Decimal("5030000.00")
    assert account_balance(account=chart.BANK) == Decimal("0.00")
    assert loan_ledger_differences() == {}


def test_exit_cancels_the_members_open_loan_applications(saver, in_coop_a, make_user):
    # given an approved application whose funds are reserved, not yet disbursed
    officers = loan_officers(make_user, in_coop_a)
    cooperative_fund(Decimal("5000000"), on=date(2026, 1, 2))
    loan = loan_apply(
        member_id=saver.pk,
        product_id=flat_product().pk,
        amount=Decimal("300000"),
        tenor=3,
        purpose="Modal warung",
        entered_by_id=officers["kasir"].pk,
        applied_on=date(2026, 2, 1),
    )
    loan_approve(loan_id=loan.pk, approved_by_id=officers["bendahara"].pk)
    # when
    settlement = member_exit(member_id=saver.pk, date=date(2026, 3, 1), created_by_id=SYSTEM)
    # then
    assert (settlement.loans_outstanding, settlement.refund) == (
        Decimal("0.00"),
        Decimal("410000.00"),
    )
    loan.refresh_from_db()
    assert (loan.status, loan.committed_at) == (Loan.Status.CANCELLED, None)
    assert loan.decision_note == "Anggota keluar dari koperasi."


@pytest.mark.parametrize(
    ("amount", "tenor", "message"),
    [
        # principal alone (500,000) is more than the savings
        ("500000", 5, "Sisa pinjaman Rp 500.000 melebihi simpanan Rp 410.000"),
        # principal 400,000 fits, with the jasa the payoff is 110,000 + 300,000 + 30,000
        ("400000", 4, "Pelunasan pinjaman Rp 440.000 melebihi simpanan Rp 410.000"),
    ],
)
def test_exit_refused_when_the_loan_payoff_exceeds_savings(saver, loan_to, amount, tenor, message):
    # given
    loan = loan_to(saver, amount=amount, tenor=tenor)
    transactions = JournalTransaction.objects.count()
    # when
    with pytest.raises(ValidationError) as excinfo:
        member_exit(member_id=saver.pk, date=date(2026, 3, 1), created_by_id=SYSTEM)
    # then
    assert excinfo.value.message_dict["member_id"][0].startswith(message)
    saver.refresh_from_db()
    assert saver.status == Member.Status.ACTIVE
    assert ExitSettlement.objects.count() == 0
    assert member_savings_total(member_id=saver.pk) == Decimal("410000.00")
    loan.refresh_from_db()
    assert (loan.status, loan.outstanding_principal) == (Loan.Status.ACTIVE, Decimal(amount))
    assert Repayment.objects.count() == 0
    assert JournalTransaction.objects.count() == transactions
    assert account_balance(account=chart.LOANS_RECEIVABLE, member_id=saver.pk) == Decimal(amount)


def test_savings_exit_offsets_loans_held_only_in_the_ledger(saver):
    # given a receivable of 300,000 in the books only (no loan of the loans app to settle)
    transaction_post(
        date=date(2026, 2, 1),
        description="Saldo awal piutang pinjaman",
        legs=[
            Leg(account=chart.LOANS_RECEIVABLE, debit=Decimal("300000"), member_id=saver.pk),
            Leg(account=chart.CASH, credit=Decimal("300000")),
        ],
        idempotency_key="opening-loan",
    )
    # when
    settlement = savings_exit_settle(
        member_id=saver.pk, date=date(2026, 3, 1), created_by_id=SYSTEM
    )
    # then
    assert (settlement.loans_outstanding, settlement.refund) == (
        Decimal("300000.00"),
        Decimal("110000.00"),
    )
    assert account_balance(account=chart.LOANS_RECEIVABLE, member_id=saver.pk) == Decimal("0.00")
    assert member_savings_total(member_id=saver.pk) == Decimal("0.00")
    # cash: 410,000 in − 300,000 lent − 110,000 refunded
    assert account_balance(account=chart.CASH) == Decimal("0.00")


def test_deceased_member_settled_and_arrears_waived(in_coop_a, register_member):
    # given a member with unpaid February and March wajib
    member = register_member(pokok_on=date(2026, 1, 5))
    wajib_pay(
        member_id=member.pk,
        amount="20000",
        date=date(2026, 1, 10),
        idempotency_key="w",
        created_by_id=SYSTEM,
    )
    wajib_bills_generate(period=date(2026, 2, 1), created_by_id=SYSTEM)
    wajib_bills_generate(period=date(2026, 3, 1), created_by_id=SYSTEM)
    # when
    settlement = member_exit(
        member_id=member.pk, date=date(2026, 3, 20), reason="deceased", created_by_id=SYSTEM
    )
    # then
    member.refresh_from_db()
    assert member.status == Member.Status.DECEASED
    assert settlement.refund == Decimal("120000.00")
    assert settlement.waived_wajib == Decimal("40000.00")
    assert WajibBill.objects.filter(member=member, waived_on=date(2026, 3, 20)).count() == 2


def test_no_movements_after_exit(saver):
    member_exit(member_id=saver.pk, date=date(2026, 3, 1), created_by_id=SYSTEM)
    with pytest.raises(Conflict):
        sukarela_deposit(
            member_id=saver.pk,
            amount="1000",
            date=date(2026, 3, 2),
            idempotency_key="late",
            created_by_id=SYSTEM,
        )
    with pytest.raises(Conflict):
        sukarela_withdraw(
            member_id=saver.pk,
            amount="1000",
            date=date(2026, 3, 2),
            idempotency_key="late-2",
            created_by_id=SYSTEM,
        )
    with pytest.raises(Conflict):
        member_exit(member_id=saver.pk, date=date(2026, 3, 2), created_by_id=SYSTEM)
