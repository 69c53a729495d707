from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sokoguru.platform.core.errors import Conflict
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalLeg, JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance, member_balances
from sokoguru.tenants.ledger.services import (
    Leg,
    account_create,
    transaction_post,
    transaction_post_many,
    transaction_reverse,
)
from tests.ledger.support import raw


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
    # when: the savings module corrects its own journal
    rev = transaction_reverse(
        transaction_id=txn.pk, date=date(2026, 11, 2), idempotency_key="rev:1", module="savings"
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


def batch_entry(key, amount="25000.00", member_id=1):
    return {
        "date": date(2026, 11, 25),
        "description": f"Potongan gaji simpanan wajib {key}",
        "legs": [
            Leg(account=chart.BANK, debit=Decimal(amount)),
            Leg(account=chart.SIMPANAN_WAJIB, credit=Decimal(amount), member_id=member_id),
        ],
        "idempotency_key": key,
        "source_kind": "savings.payroll",
    }


def test_post_many_in_few_queries_and_idempotent(in_coop_a, django_assert_num_queries):
    # given: one posting already there
    first = transaction_post(**batch_entry("payroll:1"))
    entries = [batch_entry(f"payroll:{i}", member_id=i) for i in range(1, 41)]
    # when: savepoint, insert transactions with their legs (one statement), diagnose the one
    # not inserted, fetch it, release
    with django_assert_num_queries(5):
        posted = transaction_post_many(postings=entries)
    # then
    assert len(posted) == 40
    assert posted[0].pk == first.pk
    assert len({t.pk for t in posted}) == 40
    assert member_balances(account=chart.SIMPANAN_WAJIB) == {
        i: Decimal("25000.00") for i in range(1, 41)
    }
    assert transaction_post_many(postings=entries)[5].pk == posted[5].pk


def test_post_many_is_all_or_nothing(in_coop_a):
    entries = [batch_entry("payroll:1"), batch_entry("payroll:2", amount="-5")]
    with pytest.raises(ValidationError) as exc:
        transaction_post_many(postings=entries)
    assert "amount" in exc.value.message_dict
    assert JournalTransaction.objects.count() == 0


def test_post_many_refuses_one_key_with_two_contents(in_coop_a):
    entries = [batch_entry("payroll:1"), batch_entry("payroll:1", amount="30000.00")]
    with pytest.raises(Conflict):
        transaction_post_many(postings=entries)
    assert JournalTransaction.objects.count() == 0


def test_unknown_account_names_the_field(in_coop_a):
    with pytest.raises(ValidationError) as exc:
        post_wajib(
            legs=[
                Leg(account="9999", debit=Decimal("1")),
                Leg(account=chart.CASH, credit=Decimal("1")),
            ]
        )
    assert exc.value.message_dict["account"] == ["Akun tidak dikenal atau tidak aktif: 9999."]
    assert JournalTransaction.objects.count() == 0


@pytest.mark.parametrize(
    "legs, field",
    [
        ([Leg(account=chart.CASH, debit=Decimal("1"))], "legs"),
        ([Leg(account=chart.CASH, debit=Decimal("0")), Leg(account=chart.SALES)], "amount"),
        ([Leg(account=chart.CASH, debit=1.5), Leg(account=chart.SALES, credit=1.5)], "amount"),
        (
            [
                Leg(account=chart.CASH, debit=Decimal("1.005")),
                Leg(account=chart.SALES, credit=Decimal("1.005")),
            ],
            "amount",
        ),
        (
            [
                Leg(account=chart.CASH, debit=Decimal("5"), credit=Decimal("5")),
                Leg(account=chart.SALES, credit=Decimal("5")),
            ],
            "amount",
        ),
        (
            [
                Leg(account=chart.CASH, debit=Decimal("5")),
                Leg(account=chart.SALES, credit=Decimal("5"), member_id=-3),
            ],
            "member_id",
        ),
    ],
)
def test_bad_legs_name_the_field(in_coop_a, legs, field):
    with pytest.raises(ValidationError) as exc:
        post_wajib(legs=legs)
    assert field in exc.value.message_dict
    assert JournalTransaction.objects.count() == 0


def test_datetime_is_not_a_date(in_coop_a):
    from datetime import datetime

    with pytest.raises(ValidationError) as exc:
        post_wajib(date=datetime(2026, 11, 1, 10, 0))  # noqa: DTZ001
    assert "date" in exc.value.message_dict


def test_sub_account_balances_roll_up(in_coop_a):
    # given
    account_create(parent=chart.BANK, code="1102.01", name="Bank BJB")
    account_create(parent=chart.BANK, code="1102.02", name="Bank BRI")
    post_wajib(
        legs=[
            Leg(account="1102.01", debit=Decimal("70000.00")),
            Leg(account=chart.SIMPANAN_WAJIB, credit=Decimal("70000.00")),
        ]
    )
    post_wajib(
        key="k2",
        legs=[
            Leg(account="1102.02", debit=Decimal("30000.00")),
            Leg(account=chart.SIMPANAN_WAJIB, credit=Decimal("30000.00")),
        ],
    )
    # then
    assert account_balance(account=chart.BANK) == Decimal("100000.00")
    assert account_balance(account="1102.02") == Decimal("30000.00")


def test_balance_query_reads_the_account_index(in_coop_a):
    # given: a journal of 1,500 transactions over a year across ten accounts, analyzed
    accounts = [
        chart.BANK,
        chart.INVENTORY,
        chart.FIXED_ASSETS,
        chart.LOANS_RECEIVABLE,
        chart.OTHER_RECEIVABLES,
        chart.OPERATING_EXPENSE,
        chart.RAT_EXPENSE,
        chart.HONORARIUM_EXPENSE,
        chart.COST_OF_GOODS_SOLD,
        chart.OTHER_EXPENSE,
    ]
    transaction_post_many(
        postings=[
            {
                "date": date(2026, 1, 1) + timedelta(days=i % 365),
                "description": f"Transaksi {i}",
                "legs": [
                    Leg(account=accounts[i % 10], debit=Decimal("1000.00")),
                    Leg(account=chart.SIMPANAN_SUKARELA, credit=Decimal("1000.00")),
                ],
                "idempotency_key": f"volume:{i}",
            }
            for i in range(1500)
        ]
    )
    raw("ANALYZE ledger_journalleg")
    with CaptureQueriesContext(connection) as captured:
        balance = account_balance(account=chart.BANK, as_of=date(2026, 12, 31))
    (query,) = captured.captured_queries
    # when: on a table this small a sequential scan is cheapest, so the planner is told to
    # consider index access only (on a real journal it picks the index by itself)
    raw("SET LOCAL enable_seqscan = off")
    plan = "\n".join(row[0] for row in raw("EXPLAIN " + query["sql"]))
    # then: the (account, date) index answers it, not a scan of the whole journal
    assert balance == Decimal("150000.00")
    assert "ledger_leg_account_date_idx" in plan
    assert "Seq Scan on ledger_journalleg" not in plan
