"""Random postings, reversals, idempotent retries and period closes; after every step the books
must still be honest."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from sokoguru.platform.core.errors import Conflict
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalLeg, JournalTransaction
from sokoguru.tenants.ledger.services import (
    Leg,
    period_close_confirm,
    period_close_request,
    transaction_post,
    transaction_reverse,
)
from sokoguru.tenants.ledger.statements import balance_sheet, trial_balance
from tests.ledger.support import raw

ACCOUNTS = [
    chart.CASH,
    chart.BANK,
    chart.LOANS_RECEIVABLE,
    chart.LOAN_LOSS_ALLOWANCE,
    chart.FIXED_ASSETS,
    chart.SIMPANAN_SUKARELA,
    chart.LOAN_FROM_BANK,
    chart.SIMPANAN_POKOK,
    chart.HIBAH,
    chart.LOAN_SERVICE_INCOME,
    chart.SALES,
    chart.OPERATING_EXPENSE,
    chart.COST_OF_GOODS_SOLD,
]
# Two whole fiscal years in the past: a period may only be closed once it has ended.
FIRST_DAY = date(2024, 1, 1)
LAST_DAY = date(2025, 12, 31)

amounts = st.integers(min_value=1, max_value=500_000_000).map(lambda cents: Decimal(cents) / 100)
pairs = st.lists(
    st.tuples(
        st.sampled_from(ACCOUNTS),
        st.sampled_from(ACCOUNTS),
        amounts,
        st.one_of(st.none(), st.integers(min_value=1, max_value=5)),
    ),
    min_size=1,
    max_size=3,
)


def legs_of(drawn) -> list[Leg]:
    legs = []
    for debit_account, credit_account, amount, member_id in drawn:
        legs.append(Leg(account=debit_account, debit=amount, member_id=member_id))
        legs.append(Leg(account=credit_account, credit=amount))
    return legs


def month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


class LedgerMachine(RuleBasedStateMachine):
    postings = Bundle("postings")

    def __init__(self, maker_id: int, checker_id: int):
        super().__init__()
        self.maker_id = maker_id
        self.checker_id = checker_id
        self.closed_until = FIRST_DAY - timedelta(days=1)
        self.content: dict[str, dict] = {}  # idempotency key -> what was posted
        self.counter = 0
        # One savepoint per example: every example starts from empty books.
        self.example = transaction.atomic()
        self.example.__enter__()

    def teardown(self):
        transaction.set_rollback(True)
        self.example.__exit__(None, None, None)

    def next_key(self) -> str:
        self.counter += 1
        return f"hyp:{self.counter}"

    def open_day(self, offset: int) -> date | None:
        first_open = self.closed_until + timedelta(days=1)
        if first_open > LAST_DAY:
            return None
        return min(first_open + timedelta(days=offset), LAST_DAY)

    @initialize()
    def empty_books(self):
        assert JournalTransaction.objects.count() == 0

    @rule(target=postings, drawn=pairs, offset=st.integers(0, 400))
    def post(self, drawn, offset, member_id=None):
        day = self.open_day(offset)
        if day is None:
            return multiple()
        key = self.next_key()
        legs = legs_of(drawn)
        if member_id is not None:  # the credit side on the member's sub-ledger
            legs[1] = Leg(account=legs[1].account, credit=legs[1].credit, member_id=member_id)
        kwargs = {
            "date": day,
            "description": f"Transaksi {key}",
            "legs": legs,
            "idempotency_key": key,
            "source_kind": "ledger.manual",
        }
        txn = transaction_post(**kwargs)
        self.content[key] = kwargs
        return txn.pk

    @rule(
        target=postings,
        member_id=st.integers(min_value=1, max_value=5),
        amount=amounts,
        offset=st.integers(0, 400),
        account=st.sampled_from([chart.SIMPANAN_SUKARELA, chart.SIMPANAN_POKOK]),
    )
    def member_deposit(self, member_id, amount, offset, account):
        return self.post([(chart.CASH, account, amount, None)], offset, member_id=member_id)

    @rule(txn_id=postings, change=st.booleans())
    def retry(self, txn_id, change):
        key = JournalTransaction.objects.get(pk=txn_id).idempotency_key
        kwargs = dict(self.content[key])
        before = JournalTransaction.objects.count()
        if change:
            kwargs["description"] = kwargs["description"] + " (ubah)"
            with pytest.raises(Conflict):
                transaction_post(**kwargs)
        else:
            assert transaction_post(**kwargs).pk == txn_id
        assert JournalTransaction.objects.count() == before

    @rule(txn_id=consumes(postings), offset=st.integers(0, 60))
    def reverse(self, txn_id, offset):
        original = JournalTransaction.objects.get(pk=txn_id)
        day = self.open_day(offset)
        if day is None:
            return
        day = max(day, original.date)
        key = self.next_key()
        reversal = transaction_reverse(transaction_id=txn_id, date=day, idempotency_key=key)
        again = transaction_reverse(transaction_id=txn_id, date=day, idempotency_key=key)
        assert again.pk == reversal.pk
        original.refresh_from_db()
        assert original.reversed_by_id == reversal.pk

    @rule(drawn=pairs, offset=st.integers(0, 400))
    def unbalanced_is_refused(self, drawn, offset):
        day = self.open_day(offset)
        if day is None:
            return
        legs = legs_of(drawn)
        legs[0] = Leg(account=legs[0].account, debit=legs[0].debit + Decimal("0.01"))
        before = JournalLeg.objects.count()
        with pytest.raises(ValidationError):
            transaction_post(
                date=day, description="Salah", legs=legs, idempotency_key=self.next_key()
            )
        assert JournalLeg.objects.count() == before

    @precondition(lambda self: self.closed_until < LAST_DAY)
    @rule(now=st.integers(0, 3))
    def close_next_month(self, now):
        if now:  # closes are rarer than postings
            return
        start = self.closed_until + timedelta(days=1)
        end = month_end(start)
        period = period_close_request(start_date=start, end_date=end, requested_by_id=self.maker_id)
        period_close_confirm(period_id=period.pk, confirmed_by_id=self.checker_id)
        self.closed_until = end

    @precondition(lambda self: self.closed_until >= FIRST_DAY)
    @rule(drawn=pairs, back=st.integers(0, 700))
    def posting_into_closed_period_is_refused(self, drawn, back):
        day = max(self.closed_until - timedelta(days=back), FIRST_DAY)
        before = JournalLeg.objects.count()
        with pytest.raises(ValidationError) as exc:
            transaction_post(
                date=day,
                description="Terlambat",
                legs=legs_of(drawn),
                idempotency_key=self.next_key(),
            )
        assert "date" in exc.value.message_dict
        assert JournalLeg.objects.count() == before

    @invariant()
    def database_checks_pass(self):
        # Fire the deferred balance triggers as a COMMIT would.
        raw("SET CONSTRAINTS ALL IMMEDIATE")
        raw("SET CONSTRAINTS ALL DEFERRED")

    @invariant()
    def every_transaction_balances_and_journal_sums_to_zero(self):
        assert (
            raw(
                "SELECT transaction_id FROM ledger_journalleg GROUP BY transaction_id "
                "HAVING sum(debit) <> sum(credit)"
            )
            == []
        )
        assert raw("SELECT coalesce(sum(debit - credit), 0) FROM ledger_journalleg") == [
            (Decimal("0"),)
        ]

    @invariant()
    def statements_balance(self):
        for day in (self.closed_until, LAST_DAY):
            if day < FIRST_DAY:
                continue
            tb = trial_balance(as_of=day)
            assert tb["debit"] == tb["credit"]
            bs = balance_sheet(as_of=day)
            assert bs["assets"] == bs["liabilities"] + bs["equity"]

    @invariant()
    def reversed_pairs_cancel(self):
        assert (
            raw(
                """SELECT o.id FROM ledger_journaltransaction o
               JOIN ledger_journaltransaction r ON r.id = o.reversed_by_id
               JOIN ledger_journalleg l ON l.transaction_id IN (o.id, r.id)
              WHERE r.reversal_of_id = o.id
              GROUP BY o.id, l.account_code, l.member_id
             HAVING sum(l.debit - l.credit) <> 0"""
            )
            == []
        )


def test_ledger_stays_honest_under_random_operations(in_coop_a, officers):
    maker, checker = officers
    run_state_machine_as_test(
        lambda: LedgerMachine(maker.pk, checker.pk),
        settings=settings(
            max_examples=15,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
            database=None,
        ),
    )
