"""Concurrent postings from separate database connections (real commits)."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.services import Leg, transaction_post
from tests.ledger.support import purge_committed, raw

THREADS = 50


def run_concurrently(cooperative, keys: list[str]) -> tuple[list, list]:
    """Post one 10.000 rupiah sale per key, each from its own thread and connection, all
    released at once. Returns (transaction ids, errors)."""
    barrier = threading.Barrier(len(keys))
    ids, errors = [], []
    lock = threading.Lock()

    def work(key: str) -> None:
        try:
            connection.set_tenant(cooperative)
            barrier.wait(timeout=30)
            txn = transaction_post(
                date=date(2026, 5, 5),
                description="Penjualan kios",
                legs=[
                    Leg(account=chart.CASH, debit=Decimal("10000.00")),
                    Leg(account=chart.SALES, credit=Decimal("10000.00")),
                ],
                idempotency_key=key,
                source_kind="production.sale",
            )
            with lock:
                ids.append(txn.pk)
        except Exception as exc:  # collected and asserted below
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return ids, errors


@pytest.fixture
def committed_in_coop_a(transactional_db, coop_a):
    connection.set_tenant(coop_a)
    yield coop_a
    connection.set_tenant(coop_a)
    purge_committed(key_prefix="concurrent:")
    connection.set_schema_to_public()


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_postings_with_distinct_keys_all_land(committed_in_coop_a):
    # given
    keys = [f"concurrent:distinct:{i}" for i in range(THREADS)]
    # when
    ids, errors = run_concurrently(committed_in_coop_a, keys)
    # then
    connection.set_tenant(committed_in_coop_a)
    assert errors == []
    assert len(set(ids)) == THREADS
    assert raw(
        "SELECT count(*) FROM ledger_journaltransaction WHERE idempotency_key LIKE 'concurrent:%'"
    ) == [(THREADS,)]
    assert account_balance(account=chart.SALES) == Decimal("500000.00")
    # every commit marked the registry row for the federation refresher
    committed_in_coop_a.refresh_from_db()
    assert committed_in_coop_a.books_changed_at is not None


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_postings_with_one_key_land_once(committed_in_coop_a):
    # given
    keys = ["concurrent:shared"] * THREADS
    # when
    ids, errors = run_concurrently(committed_in_coop_a, keys)
    # then
    connection.set_tenant(committed_in_coop_a)
    assert errors == []
    assert len(ids) == THREADS and len(set(ids)) == 1
    assert raw(
        "SELECT count(*) FROM ledger_journaltransaction WHERE idempotency_key LIKE 'concurrent:%'"
    ) == [(1,)]
    assert account_balance(account=chart.SALES) == Decimal("10000.00")
