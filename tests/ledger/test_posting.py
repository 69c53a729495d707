from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.core.errors import Conflict
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalLeg, JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance, member_balances
from sokoguru.tenants.ledger.services import Leg, transaction_post, transaction_reverse


def post_wajib(key="savings:wajib:1:2026-11", amount="50000.00", member_id=7, **overrides):
    kwargs = dict(
        date=date(2026, 11, 1),
        description="Setoran simpanan wajib November 2026 — Siti Aminah",
        legs=[
            Leg(account=chart.CASH, debit=Decimal(amount)),
            Leg(account=chart.SIMPANAN_WAJIB, credit=Decimal(amount), member_id=member_id),
        ],
        idempotency_key=key,
        source_kind="savings.wajib",
        source_id="1",
    )
    kwargs.update(overrides)
    return transaction_post(**kwargs)


def test_post_writes_balanced_transaction_and_balances(in_coop_a):
    # when
    txn = post_wajib()
    # then
    assert txn.pk is not None
    assert txn.amount == Decimal("50000.00")
    assert [(leg.account_id, leg.debit, leg.credit, leg.member_id) for leg in txn.legs.all()] == [
        (chart.CASH, Decimal("50000.00"), Decimal("0.00"), None),
        (chart.SIMPANAN_WAJIB, Decimal("0.00"), Decimal("50000.00"), 7),
    ]
    assert account_balance(account=chart.CASH) == Decimal("50000.00")
    assert account_balance(account=chart.SIMPANAN_WAJIB) == Decimal("50000.00")
    assert account_balance(account=chart.SIMPANAN_WAJIB, member_id=7) == Decimal("50000.00")
    assert account_balance(account=chart.CASH, as_of=date(2026, 10, 31)) == Decimal("0.00")
    assert member_balances(account=chart.SIMPANAN_WAJIB) == {7: Decimal("50000.00")}


def test_same_key_same_content_returns_first(in_coop_a):
    # given
    first = post_wajib()
    # when
    again = post_wajib()
    # then
    assert again.pk == first.pk
    assert JournalTransaction.objects.count() == 1


def test_same_key_other_content_conflicts(in_coop_a):
    # given
    post_wajib()
    # when / then
    with pytest.raises(Conflict) as exc:
        post_wajib(amount="60000.00")
    assert exc.value.field == "idempotency_key"
    assert JournalTransaction.objects.count() == 1


def test_unbalanced_is_refused_and_nothing_written(in_coop_a):
    with pytest.raises(ValidationError) as exc:
        transaction_post(
            date=date(2026, 11, 1),
            description="Salah",
            legs=[
                Leg(account=chart.CASH, debit=Decimal("100.00")),
                Leg(account=chart.SALES, credit=Decimal("90.00")),
            ],
            idempotency_key="x:1",
        )
    assert "legs" in exc.value.message_dict
    assert JournalLeg.objects.count() == 0


def test_reverse_mirrors_and_links(in_coop_a):
    # given
    txn = post_wajib()
    # when
    rev = transaction_reverse(
        transaction_id=txn.pk, date=date(2026, 11, 2), idempotency_key="rev:1"
    )
    # then
    txn.refresh_from_db()
    assert txn.reversed_by_id == rev.pk
    assert rev.reversal_of_id == txn.pk
    assert account_balance(account=chart.CASH) == Decimal("0.00")
    assert member_balances(account=chart.SIMPANAN_WAJIB) == {7: Decimal("0.00")}


def test_books_changed_marked_on_commit(in_coop_a, django_capture_on_commit_callbacks):
    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post_wajib()
        post_wajib(key="k2")
    # then
    assert len(callbacks) == 1
    assert Cooperative.objects.get(pk=in_coop_a.pk).books_changed_at is not None
