"""The posting statement: prepared once per connection, one statement in autocommit for a
posting on its own, and bound to whichever cooperative the connection points at."""

from datetime import date
from decimal import Decimal

import psycopg2.extensions
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import Account
from sokoguru.tenants.ledger.selectors import account_balance
from tests.ledger.support import post, purge_committed, raw

DAY = date(2026, 5, 5)


@pytest.fixture
def committed_in_coop_a(transactional_db, coop_a):
    connection.set_tenant(coop_a)
    yield coop_a
    connection.set_tenant(coop_a)
    Account.objects.filter(code=chart.SALES).update(is_active=True)
    purge_committed(key_prefix="statement:")
    connection.set_schema_to_public()


def _prepared_statements() -> list[str]:
    return [name for (name,) in raw("SELECT name FROM pg_prepared_statements ORDER BY name")]


def test_a_posting_on_its_own_is_one_prepared_statement_then_the_mark(committed_in_coop_a):
    # given: the statement was prepared on this connection by a first posting
    post(DAY, "10000.00", chart.CASH, chart.SALES, "statement:1")
    assert "ledger_post_v1" in _prepared_statements()
    # when: outside any atomic block
    with CaptureQueriesContext(connection) as queries:
        txn = post(DAY, "25000.00", chart.CASH, chart.SALES, "statement:2")
    # then: no BEGIN/COMMIT/savepoint round trips: the statement (behind the audit actor's
    # set_config in the same round trip), then the registry mark
    sqls = [q["sql"] for q in queries.captured_queries]
    assert len(sqls) == 2, sqls
    setting, statement = sqls[0].split("\n", 1)
    assert setting.startswith("SELECT set_config('sokoguru.audit_actor', ")
    assert statement.startswith("EXECUTE ledger_post_v1 (")
    assert "books_changed_at" in sqls[1]
    # committed: the rows are there with their legs, and the balance is exact
    assert raw(
        "SELECT amount, (SELECT count(*) FROM ledger_journalleg l WHERE l.transaction_id = t.id) "
        "FROM ledger_journaltransaction t WHERE t.id = %s",
        [txn.pk],
    ) == [(Decimal("25000.00"), 2)]
    assert account_balance(account=chart.CASH) == Decimal("35000.00")


class _CountingCursor(psycopg2.extensions.cursor):
    """Counts what the driver sends, beneath Django's query log."""

    sent: list[str] = []

    def execute(self, query, vars=None):
        _CountingCursor.sent.append(query if isinstance(query, str) else query.decode())
        return super().execute(query, vars)


def test_a_posting_on_its_own_is_two_round_trips_at_the_driver(committed_in_coop_a):
    # given: a connection that has posted once (statement prepared, search path set)
    post(DAY, "10000.00", chart.CASH, chart.SALES, "statement:warm")
    raw_connection = connection.connection
    raw_connection.cursor_factory = _CountingCursor
    _CountingCursor.sent = []
    try:
        # when
        post(DAY, "25000.00", chart.CASH, chart.SALES, "statement:counted")
        transaction_status = raw_connection.get_transaction_status()
    finally:
        raw_connection.cursor_factory = psycopg2.extensions.cursor
    # then: exactly two round trips reach the server — the posting (audit actor, statement)
    # and the books-changed mark — in autocommit, so the driver adds no BEGIN or COMMIT, and no
    # savepoint, SET search_path, idempotency probe or PREPARE travels with them
    assert raw_connection.autocommit
    assert transaction_status == psycopg2.extensions.TRANSACTION_STATUS_IDLE
    assert len(_CountingCursor.sent) == 2, _CountingCursor.sent
    posting, mark = _CountingCursor.sent
    assert posting.startswith("SELECT set_config('sokoguru.audit_actor', ")
    assert "\nEXECUTE ledger_post_v1 (" in posting
    assert "books_changed_at" in mark
    for sql in _CountingCursor.sent:
        assert not any(
            word in sql.upper() for word in ("SAVEPOINT", "SEARCH_PATH", "PREPARE ", "BEGIN")
        ), sql
    assert raw(
        "SELECT count(*) FROM ledger_journaltransaction WHERE idempotency_key = 'statement:counted'"
    ) == [(1,)]


def test_a_refused_posting_on_its_own_writes_nothing(committed_in_coop_a):
    # given: the sales account is switched off
    Account.objects.filter(code=chart.SALES).update(is_active=False)
    # when
    with pytest.raises(ValidationError) as refused:
        post(DAY, "10000.00", chart.CASH, chart.SALES, "statement:refused")
    # then
    assert "account" in refused.value.message_dict
    assert raw(
        "SELECT count(*) FROM ledger_journaltransaction WHERE idempotency_key LIKE 'statement:%%'"
    ) == [(0,)]
    assert raw("SELECT count(*) FROM ledger_journalleg") == [(0,)]


def test_the_prepared_statement_writes_into_the_current_cooperative(coop_a, coop_b):
    # given: the statement prepared while pointing at cooperative A
    connection.set_tenant(coop_a)
    post(DAY, "10000.00", chart.CASH, chart.SALES, "statement:a")
    # when: the same connection moves to cooperative B
    connection.set_tenant(coop_b)
    post(DAY, "40000.00", chart.CASH, chart.SALES, "statement:b")
    # then: each posting is in its own cooperative's books only
    assert account_balance(account=chart.CASH) == Decimal("40000.00")
    assert raw("SELECT idempotency_key FROM ledger_journaltransaction") == [("statement:b",)]
    connection.set_tenant(coop_a)
    assert account_balance(account=chart.CASH) == Decimal("10000.00")
    assert raw("SELECT idempotency_key FROM ledger_journaltransaction") == [("statement:a",)]
    connection.set_schema_to_public()
