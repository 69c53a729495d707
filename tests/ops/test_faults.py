"""Faults: the database connection dropped in the middle of a posting leaves nothing
half-written, and the retry with the same idempotency key posts once."""

from __future__ import annotations

import uuid
from datetime import date

import psycopg2
import pytest
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction

from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalLeg, JournalTransaction
from tests.ledger.support import post


def _terminate(pid: int) -> None:
    db = connection.settings_dict
    other = psycopg2.connect(
        dbname=db["NAME"], host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"]
    )
    other.autocommit = True
    with other.cursor() as cur:
        cur.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()


@pytest.mark.django_db(transaction=True)
def test_connection_killed_mid_posting_writes_nothing_and_the_retry_posts_once(coop_a):
    # given
    key = f"fault-{uuid.uuid4()}"
    connection.set_tenant(coop_a)
    before = JournalTransaction.objects.count()
    # when: the backend is terminated after the posting's rows are written, before commit
    with pytest.raises((OperationalError, InterfaceError, DatabaseError)):
        with transaction.atomic():
            post(date(2026, 1, 7), "12345.00", chart.CASH, chart.BANK, key)
            with connection.cursor() as cur:
                cur.execute("SELECT pg_backend_pid()")
                pid = cur.fetchone()[0]
            _terminate(pid)
            JournalTransaction.objects.count()  # the next statement finds the connection gone
    connection.close()
    # then: nothing of it is in the books
    connection.set_tenant(coop_a)
    assert not JournalTransaction.objects.filter(idempotency_key=key).exists()
    assert JournalTransaction.objects.count() == before
    # when: the client retries twice with the same key
    first = post(date(2026, 1, 7), "12345.00", chart.CASH, chart.BANK, key)
    second = post(date(2026, 1, 7), "12345.00", chart.CASH, chart.BANK, key)
    # then: posted once, balanced
    assert first.pk == second.pk
    assert JournalTransaction.objects.filter(idempotency_key=key).count() == 1
    legs = JournalLeg.objects.filter(transaction_id=first.pk)
    assert sorted((str(leg.debit), str(leg.credit)) for leg in legs) == [
        ("0.00", "12345.00"),
        ("12345.00", "0.00"),
    ]
    connection.set_schema_to_public()
