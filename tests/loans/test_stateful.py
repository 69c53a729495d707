"""A random sequence of loan-book operations — disbursements, payments (some back-dated behind
the close of business), early payoffs, reversals, write-offs, recoveries, penalty waivers and
member exits — after which the ledger, the savings book and the loan book always agree, and the
allowance account is the sum of the loans' allowances."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.core.errors import SokoguruError
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance, member_balances
from sokoguru.tenants.ledger.statements import trial_balance
from sokoguru.tenants.loans.models import Loan, PenaltyCharge, Repayment
from sokoguru.tenants.loans.selectors import (
    jasa_accrual_differences,
    loan_ledger_differences,
    loan_payoff_quote,
)
from sokoguru.tenants.loans.services import (
    loan_pay_off,
    loan_recover,
    loan_repay,
    loan_repayment_reverse,
    loan_write_off_approve,
    loan_write_off_request,
    loans_close_of_business,
    penalty_waiver_approve,
    penalty_waiver_request,
)
from sokoguru.tenants.loans.services.accrual import month_end
from sokoguru.tenants.savings.models import SavingsMovement
from sokoguru.tenants.workflows.member_exit import member_exit
from tests.fixtures.loans import loan_disbursed

START = date(2025, 1, 10)
SAVINGS_ACCOUNTS = (chart.SIMPANAN_POKOK, chart.SIMPANAN_WAJIB, chart.SIMPANAN_SUKARELA)


class LoanBookMachine(RuleBasedStateMachine):
    def __init__(self, officers, make_member, product):
        super().__init__()
        self.officers = officers
        self.make_member = make_member
        self.product = product
        self.day = START
        self.loans: list[int] = []
        self.members: list[int] = []
        self.key = 0
        self.example = transaction.atomic()
        self.example.__enter__()

    def teardown(self):
        transaction.set_rollback(True)
        self.example.__exit__(None, None, None)

    def next_key(self) -> str:
        self.key += 1
        return f"sm-{self.key}"

    def loan(self, index: int) -> Loan | None:
        if not self.loans:
            return None
        return Loan.objects.get(pk=self.loans[index % len(self.loans)])

    @property
    def kasir(self) -> int:
        return self.officers["kasir"].pk

    @rule(amount=st.integers(3, 15), tenor=st.integers(2, 10))
    def open_loan(self, amount, tenor):
        member = self.make_member(sukarela=Decimal("400000"))
        loan = loan_disbursed(
            member=member,
            product=self.product,
            officers=self.officers,
            amount=Decimal(amount * 100000),
            tenor=tenor,
            disbursed_on=self.day,
        )
        self.loans.append(loan.pk)
        self.members.append(member.pk)

    @rule(days=st.integers(1, 45))
    def close_of_business(self, days):
        self.day = min(self.day + timedelta(days=days), cooperative_today())
        loans_close_of_business(as_of=self.day)

    @rule()
    def month_end_close(self):
        """The close of business of the current month's last day (the jasa accrual)."""
        end = month_end(self.day)
        if end <= cooperative_today():
            self.day = end
            loans_close_of_business(as_of=self.day)

    @rule(index=st.integers(0, 20), amount=st.integers(1, 300), back=st.integers(0, 10))
    def repay(self, index, amount, back):
        loan = self.loan(index)
        if loan is None or loan.status != Loan.Status.ACTIVE:
            return
        on = max(self.day - timedelta(days=back), loan.disbursed_on)
        before = Repayment.objects.count(), PenaltyCharge.objects.count()
        try:
            with transaction.atomic():
                loan_repay(
                    loan_id=loan.pk,
                    amount=Decimal(amount * 1000),
                    date=on,
                    idempotency_key=self.next_key(),
                    received_by_id=self.kasir,
                )
        except ValidationError as exc:
            # back-dated behind a later-dated payment: refused, nothing written
            assert "date" in exc.message_dict
            assert (Repayment.objects.count(), PenaltyCharge.objects.count()) == before

    @rule(index=st.integers(0, 20), amount=st.integers(1, 20))
    def waive_penalty(self, index, amount):
        loan = self.loan(index)
        if loan is None or loan.status != Loan.Status.ACTIVE:
            return
        due = sum((i.penalty_due for i in loan.instalments.all()), Decimal("0.00"))
        if due <= 0:
            return
        waiver = penalty_waiver_request(
            loan_id=loan.pk,
            amount=min(due, Decimal(amount * 1000)),
            reason="Keringanan",
            requested_by_id=self.officers["bendahara"].pk,
            on=self.day,
        )
        penalty_waiver_approve(
            waiver_id=waiver.pk, approved_by_id=self.officers["ketua"].pk, on=self.day
        )

    @rule(index=st.integers(0, 20))
    def pay_off(self, index):
        loan = self.loan(index)
        if loan is None or loan.status != Loan.Status.ACTIVE:
            return
        quote = loan_payoff_quote(loan_id=loan.pk, on=self.day)["total"]
        loan_pay_off(
            loan_id=loan.pk,
            amount=quote,
            date=self.day,
            idempotency_key=self.next_key(),
            received_by_id=self.kasir,
        )

    @rule(index=st.integers(0, 20))
    def reverse_latest_repayment(self, index):
        candidates = []
        for loan in Loan.objects.filter(
            pk__in=self.loans, status__in=[Loan.Status.ACTIVE, Loan.Status.PAID_OFF]
        ):
            latest = (
                Repayment.objects.filter(loan=loan, reversed_on__isnull=True)
                .exclude(kind=Repayment.Kind.RECOVERY)
                .order_by("-date", "-id")
                .first()
            )
            if latest is not None and latest.to_savings == 0:
                candidates.append(latest)
        if not candidates:
            return
        latest = candidates[index % len(candidates)]
        loan_repayment_reverse(
            repayment_id=latest.pk,
            reversed_by_id=self.officers["bendahara"].pk,
            date=self.day,
            reason="Salah input",
        )

    @rule(index=st.integers(0, 20))
    def write_off(self, index):
        loan = self.loan(index)
        if loan is None or loan.status != Loan.Status.ACTIVE:
            return
        loan_write_off_request(
            loan_id=loan.pk,
            requested_by_id=self.officers["bendahara"].pk,
            reason="Macet",
            on=self.day,
        )
        loan_write_off_approve(
            loan_id=loan.pk, approved_by_id=self.officers["ketua"].pk, on=self.day
        )

    @rule(index=st.integers(0, 20), amount=st.integers(1, 200))
    def recover(self, index, amount):
        loan = self.loan(index)
        if loan is None or loan.status != Loan.Status.WRITTEN_OFF:
            return
        left = loan.written_off_amount + loan.written_off_jasa - loan.recovered_amount
        take = min(Decimal(amount * 1000), left)
        if take <= 0:
            return
        loan_recover(
            loan_id=loan.pk,
            amount=take,
            date=self.day,
            idempotency_key=self.next_key(),
            received_by_id=self.kasir,
        )

    @rule(index=st.integers(0, 20))
    def member_exits(self, index):
        if not self.members:
            return
        member_id = self.members[index % len(self.members)]
        before = SavingsMovement.objects.count(), Repayment.objects.count()
        try:
            with transaction.atomic():
                member_exit(member_id=member_id, date=self.day, created_by_id=SYSTEM)
        except (ValidationError, SokoguruError):
            # refused (loans above the savings, already settled): nothing written
            assert (SavingsMovement.objects.count(), Repayment.objects.count()) == before

    @invariant()
    def loan_book_equals_ledger(self):
        assert loan_ledger_differences() == {}
        assert jasa_accrual_differences() == {}

    @invariant()
    def savings_book_equals_ledger(self):
        ledger: dict[int, Decimal] = {}
        for account in SAVINGS_ACCOUNTS:
            for member_id, amount in member_balances(account=account).items():
                ledger[member_id] = ledger.get(member_id, Decimal("0.00")) + amount
        book = {
            row["member_id"]: row["s"]
            for row in SavingsMovement.objects.values("member_id").annotate(s=Sum("amount"))
        }
        for member_id in self.members:
            assert ledger.get(member_id, Decimal("0.00")) == book.get(member_id, Decimal("0"))

    @invariant()
    def recoveries_equal_their_payments(self):
        for loan in Loan.objects.filter(pk__in=self.loans, status=Loan.Status.WRITTEN_OFF):
            received = Repayment.objects.filter(loan=loan, kind=Repayment.Kind.RECOVERY).aggregate(
                s=Sum("recovery")
            )["s"] or Decimal("0.00")
            assert loan.recovered_amount == received

    @invariant()
    def allowance_is_the_sum_of_the_loans_allowances(self):
        held = Loan.objects.aggregate(s=Sum("allowance"))["s"] or Decimal("0.00")
        assert account_balance(account=chart.LOAN_LOSS_ALLOWANCE) == held

    @invariant()
    def books_balance(self):
        tb = trial_balance(as_of=self.day)
        assert tb["debit"] == tb["credit"]


def test_ledger_savings_and_loan_book_agree_under_random_operations(
    officers, make_member, product, fund
):
    # given: Rp 100 juta to lend; an excess pays the next instalments (reversible in the loan
    # book) rather than going to savings
    fund(Decimal("100000000"))
    product.excess_to = "prepay"
    product.save()
    run_state_machine_as_test(
        lambda: LoanBookMachine(officers, make_member, product),
        settings=settings(
            max_examples=8,
            stateful_step_count=18,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
            database=None,
        ),
    )
