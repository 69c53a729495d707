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
        cur.execute(sql, params or [])
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
