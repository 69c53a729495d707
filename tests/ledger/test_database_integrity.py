"""PostgreSQL itself refuses what would corrupt the books, whatever writes the SQL."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalLeg, JournalTransaction
from tests.ledger.support import INSERT_LEG, INSERT_TXN, post, raw


def test_unbalanced_raw_transaction_is_refused_when_constraints_fire(in_coop_a):
    # given
    day = date(2026, 3, 1)
    # when / then
    with pytest.raises(IntegrityError, match="tidak seimbang"):
        with transaction.atomic():
            ((txn_id,),) = raw(INSERT_TXN, [day, "raw:unbalanced", Decimal("100.00")])
            raw(INSERT_LEG, [txn_id, chart.CASH, day, Decimal("100.00"), 0])
            raw(INSERT_LEG, [txn_id, chart.SALES, day, 0, Decimal("90.00")])
            raw("SET CONSTRAINTS ALL IMMEDIATE")
    assert JournalTransaction.objects.count() == 0
    assert JournalLeg.objects.count() == 0


def test_transaction_without_legs_is_refused(in_coop_a):
    with pytest.raises(IntegrityError, match="tidak seimbang"):
        with transaction.atomic():
            raw(INSERT_TXN, [date(2026, 3, 1), "raw:empty", Decimal("100.00")])
            raw("SET CONSTRAINTS ALL IMMEDIATE")
    assert JournalTransaction.objects.count() == 0


def test_balanced_raw_transaction_is_accepted(in_coop_a):
    # given
    day = date(2026, 3, 1)
    # when
    with transaction.atomic():
        ((txn_id,),) = raw(INSERT_TXN, [day, "raw:balanced", Decimal("100.00")])
        raw(INSERT_LEG, [txn_id, chart.CASH, day, Decimal("100.00"), 0])
        raw(INSERT_LEG, [txn_id, chart.SALES, day, 0, Decimal("100.00")])
        raw("SET CONSTRAINTS ALL IMMEDIATE")
    # then
    assert JournalLeg.objects.filter(transaction_id=txn_id).count() == 2


def test_legs_added_later_to_a_posted_transaction_are_refused(in_coop_a):
    # given
    txn = post(date(2026, 3, 1), "100.00", chart.CASH, chart.SALES, "k:1")
    raw("SET CONSTRAINTS ALL IMMEDIATE")
    # when / then: a balanced pair still changes what was posted
    with pytest.raises(IntegrityError, match="tidak seimbang"):
        with transaction.atomic():
            raw(INSERT_LEG, [txn.pk, chart.CASH, txn.date, Decimal("5.00"), 0])
            raw(INSERT_LEG, [txn.pk, chart.SALES, txn.date, 0, Decimal("5.00")])
            raw("SET CONSTRAINTS ALL IMMEDIATE")
    assert JournalLeg.objects.filter(transaction=txn).count() == 2


def test_leg_date_must_equal_transaction_date(in_coop_a):
    with pytest.raises(IntegrityError, match="harus sama"):
        with transaction.atomic():
            ((txn_id,),) = raw(INSERT_TXN, [date(2026, 3, 1), "raw:date", Decimal("100.00")])
            raw(INSERT_LEG, [txn_id, chart.CASH, date(2026, 3, 2), Decimal("100.00"), 0])


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE ledger_journalleg SET debit = debit + 1 WHERE transaction_id = %s",
        "UPDATE ledger_journalleg SET member_id = 5 WHERE transaction_id = %s",
        "DELETE FROM ledger_journalleg WHERE transaction_id = %s",
        "UPDATE ledger_journaltransaction SET description = 'diubah' WHERE id = %s",
        "UPDATE ledger_journaltransaction SET date = '2026-03-02' WHERE id = %s",
        "DELETE FROM ledger_journaltransaction WHERE id = %s",
    ],
)
def test_posted_rows_cannot_be_updated_or_deleted(in_coop_a, sql):
    # given
    txn = post(date(2026, 3, 1), "100.00", chart.CASH, chart.SALES, "k:1")
    # when / then
    with pytest.raises(IntegrityError, match="tidak dapat diubah"):
        with transaction.atomic():
            raw(sql, [txn.pk])
    assert [(leg.debit, leg.credit) for leg in JournalLeg.objects.filter(transaction=txn)] == [
        (Decimal("100.00"), Decimal("0.00")),
        (Decimal("0.00"), Decimal("100.00")),
    ]
    assert JournalTransaction.objects.get(pk=txn.pk).description == "Transaksi uji"


@pytest.mark.parametrize("table", ["ledger_journalleg", "ledger_journaltransaction"])
def test_journal_cannot_be_truncated(in_coop_a, table):
    post(date(2026, 3, 1), "100.00", chart.CASH, chart.SALES, "k:1")
    raw("SET CONSTRAINTS ALL IMMEDIATE")  # fire the deferred checks so TRUNCATE may run
    with pytest.raises(IntegrityError, match="tidak dapat diubah"):
        with transaction.atomic():
            raw(f"TRUNCATE {table} CASCADE")
    assert JournalLeg.objects.count() == 2


def test_reversal_link_can_only_point_to_a_real_reversal(in_coop_a):
    # given
    first = post(date(2026, 3, 1), "100.00", chart.CASH, chart.SALES, "k:1")
    other = post(date(2026, 3, 1), "100.00", chart.CASH, chart.SALES, "k:2")
    # when / then
    with pytest.raises(IntegrityError, match="tidak dapat diubah"):
        with transaction.atomic():
            raw(
                "UPDATE ledger_journaltransaction SET reversed_by_id = %s WHERE id = %s",
                [other.pk, first.pk],
            )
    assert JournalTransaction.objects.get(pk=first.pk).reversed_by_id is None


def test_raw_insert_dated_in_closed_period_is_refused(in_coop_a, close_period):
    # given
    close_period(date(2026, 1, 1), date(2026, 1, 31))
    # when / then
    with pytest.raises(IntegrityError, match="sudah ditutup"):
        with transaction.atomic():
            raw(INSERT_TXN, [date(2026, 1, 15), "raw:closed", Decimal("100.00")])
    assert JournalTransaction.objects.count() == 0


def test_raw_leg_into_old_transaction_in_closed_period_is_refused(in_coop_a, close_period):
    # given
    txn = post(date(2026, 1, 10), "100.00", chart.CASH, chart.SALES, "k:1")
    close_period(date(2026, 1, 1), date(2026, 1, 31))
    # when / then
    with pytest.raises(IntegrityError, match="sudah ditutup"):
        with transaction.atomic():
            raw(INSERT_LEG, [txn.pk, chart.CASH, txn.date, Decimal("5.00"), 0])
    assert JournalLeg.objects.filter(transaction=txn).count() == 2


def test_closed_period_cannot_be_reopened(in_coop_a, close_period):
    # given
    period = close_period(date(2026, 1, 1), date(2026, 1, 31))
    # when / then
    for sql in (
        "UPDATE ledger_fiscalperiod SET status = 'cancelled' WHERE id = %s",
        "UPDATE ledger_fiscalperiod SET end_date = '2026-01-15' WHERE id = %s",
        "DELETE FROM ledger_fiscalperiod WHERE id = %s",
    ):
        with pytest.raises(IntegrityError):
            with transaction.atomic():
                raw(sql, [period.pk])
    assert raw("SELECT status FROM ledger_fiscalperiod WHERE id = %s", [period.pk]) == [("closed",)]


def test_period_cannot_be_inserted_already_closed(in_coop_a, officers):
    bendahara, ketua = officers
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            raw(
                "INSERT INTO ledger_fiscalperiod (start_date, end_date, status, note, "
                "requested_by_id, requested_at, confirmed_by_id, confirmed_at) VALUES "
                "('2026-01-01', '2026-01-31', 'closed', '', %s, now(), %s, now())",
                [bendahara.pk, ketua.pk],
            )


def test_triggers_exist_in_every_cooperative_schema(in_coop_b):
    # given: cooperative B's own schema
    assert connection.schema_name == "k_coop_b"
    txn = post(date(2026, 3, 1), "100.00", chart.CASH, chart.SALES, "k:b")
    # when / then
    with pytest.raises(IntegrityError, match="tidak dapat diubah"):
        with transaction.atomic():
            raw("DELETE FROM ledger_journalleg WHERE transaction_id = %s", [txn.pk])
    functions = raw(
        "SELECT n.nspname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE p.proname = 'ledger_assert_balanced' ORDER BY 1"
    )
    assert ("k_coop_a",) in functions and ("k_coop_b",) in functions


@pytest.mark.django_db(transaction=True)
def test_unbalanced_transaction_is_refused_at_commit(coop_a):
    # given: a real COMMIT, with the deferred trigger left deferred
    connection.set_tenant(coop_a)
    day = date(2026, 3, 1)
    # when / then
    with pytest.raises(IntegrityError, match="tidak seimbang"):
        with transaction.atomic():
            ((txn_id,),) = raw(INSERT_TXN, [day, "raw:commit", Decimal("100.00")])
            raw(INSERT_LEG, [txn_id, chart.CASH, day, Decimal("100.00"), 0])
            raw(INSERT_LEG, [txn_id, chart.SALES, day, 0, Decimal("60.00")])
            # still inside: the deferred check has not fired yet
            assert raw(
                "SELECT count(*) FROM ledger_journalleg WHERE transaction_id = %s", [txn_id]
            ) == [(2,)]
    assert raw(
        "SELECT count(*) FROM ledger_journaltransaction WHERE idempotency_key = %s", ["raw:commit"]
    ) == [(0,)]
