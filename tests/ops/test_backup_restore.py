"""Backup and restore of one cooperative's schema (deploy/PRODUCTION.md, "Backup and restore"):
`pg_dump -n <schema>` restored into a new database keeps its books, and the restored ledger
still refuses an edit of a posted leg."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from datetime import date

import pytest
from django.db import connection

from sokoguru.platform.embedded import client_tool
from sokoguru.tenants.ledger import chart
from tests.ledger.support import post

pytestmark = pytest.mark.skipif(shutil.which("pg_dump") is None, reason="needs pg_dump")

BOOKS = """SELECT a.code, COALESCE(SUM(l.debit), 0), COALESCE(SUM(l.credit), 0)
FROM {s}.ledger_account a LEFT JOIN {s}.ledger_journalleg l ON l.account_code = a.code
GROUP BY a.code ORDER BY a.code"""


def _pg(*args, dbname=None, input=None):
    db = connection.settings_dict
    env_args = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]
    cmd = [client_tool(args[0]), *env_args, *args[1:]]
    if dbname:
        cmd += ["-d", dbname]
    return subprocess.run(cmd, check=True, capture_output=True, input=input, timeout=120)


def _books(cursor, schema):
    cursor.execute(BOOKS.format(s=schema))
    return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_one_cooperatives_schema_dumps_and_restores_with_its_books(coop_a, tmp_path):
    # given: committed postings in cooperative A's books
    connection.set_tenant(coop_a)
    post(date(2026, 1, 5), "150000.00", chart.CASH, chart.BANK, f"bk-{uuid.uuid4()}")
    post(date(2026, 1, 6), "25000.00", chart.OPERATING_EXPENSE, chart.CASH, f"bk-{uuid.uuid4()}")
    schema = coop_a.schema_name
    with connection.cursor() as cur:
        before = _books(cur, schema)
        cur.execute(f"SELECT count(*) FROM {schema}.ledger_journaltransaction")
        transactions = cur.fetchone()[0]
    connection.set_schema_to_public()
    source = connection.settings_dict["NAME"]
    target = f"restore_{uuid.uuid4().hex[:10]}"
    dump = tmp_path / f"{schema}.dump"
    # when: dump the one schema, restore it into a new database
    _pg("pg_dump", "-n", schema, "-Fc", "-f", str(dump), dbname=source)
    _pg("createdb", target)
    try:
        _pg("pg_restore", "--no-owner", "--exit-on-error", str(dump), dbname=target)
        import psycopg2

        db = connection.settings_dict
        restored = psycopg2.connect(
            dbname=target, host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"]
        )
        try:
            with restored.cursor() as cur:
                after = _books(cur, schema)
                cur.execute(f"SELECT count(*) FROM {schema}.ledger_journaltransaction")
                restored_transactions = cur.fetchone()[0]
                # then: the same balances per account, debits equal credits, and the database
                # still refuses to edit a posted leg
                assert after == before
                assert restored_transactions == transactions
                assert sum(r[1] for r in after) == sum(r[2] for r in after)
                with pytest.raises(psycopg2.Error):
                    cur.execute(f"UPDATE {schema}.ledger_journalleg SET debit = debit + 1")
        finally:
            restored.close()
    finally:
        _pg("dropdb", "--if-exists", target)
