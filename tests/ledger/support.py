"""Helpers shared by the ledger tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import connection

from sokoguru.tenants.ledger.services import Leg, transaction_post


def post(
    day: date,
    amount: str,
    debit: str,
    credit: str,
    key: str,
    *,
    member_id: int | None = None,
    description: str = "Transaksi uji",
    source_kind: str = "ledger.manual",
):
    return transaction_post(
        date=day,
        description=description,
        legs=[
            Leg(account=debit, debit=Decimal(amount)),
            Leg(account=credit, credit=Decimal(amount), member_id=member_id),
        ],
        idempotency_key=key,
        source_kind=source_kind,
    )


def raw(sql: str, params=None):
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall() if cur.description else None


INSERT_TXN = """
INSERT INTO ledger_journaltransaction
    (date, description, source_kind, source_id, idempotency_key, fingerprint, amount, created_at)
VALUES (%s, 'raw', '', '', %s, '', %s, now()) RETURNING id
"""
INSERT_LEG = """
INSERT INTO ledger_journalleg (transaction_id, account_code, date, debit, credit)
VALUES (%s, %s, %s, %s, %s)
"""


def purge_committed(*, key_prefix: str) -> None:
    """Test clean-up after a ``transaction=True`` test: remove the committed postings whose
    idempotency key starts with ``key_prefix``. The ledger's triggers refuse deletes; a test
    session (superuser on the test database) switches them off for this one transaction."""
    from django.db import transaction

    with transaction.atomic():
        raw("SET LOCAL session_replication_role = replica")
        raw(
            "DELETE FROM ledger_journalleg WHERE transaction_id IN (SELECT id FROM "
            "ledger_journaltransaction WHERE idempotency_key LIKE %s)",
            [key_prefix + "%"],
        )
        raw(
            "UPDATE ledger_journaltransaction SET reversed_by_id = NULL "
            "WHERE idempotency_key LIKE %s",
            [key_prefix + "%"],
        )
        raw(
            "DELETE FROM ledger_journaltransaction WHERE idempotency_key LIKE %s",
            [key_prefix + "%"],
        )
