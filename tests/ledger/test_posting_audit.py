"""Every posting and reversal writes one append-only audit row (who, when, from which address,
the transaction with its legs as "after"), written by the legs' trigger in the posting's own
statement; a refused posting writes none."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from sokoguru.platform.audit.context import Actor, current_actor
from sokoguru.platform.audit.models import AuditEvent
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.services import Leg, transaction_post, transaction_reverse
from tests.ledger.support import raw


def _events(schema: str):
    return AuditEvent.objects.filter(schema_name=schema, model="ledger.journaltransaction")


def _post(key: str, amount: str = "75000.00", **kwargs):
    return transaction_post(
        date=date(2026, 11, 3),
        description="Setoran sukarela uji",
        legs=[
            Leg(account=chart.CASH, debit=Decimal(amount)),
            Leg(account=chart.SIMPANAN_SUKARELA, credit=Decimal(amount), member_id=12),
        ],
        idempotency_key=key,
        source_kind="savings.sukarela",
        source_id="12",
        **kwargs,
    )


def test_a_posting_writes_one_audit_row_with_actor_address_and_legs(in_coop_a, make_user):
    # given
    kasir = make_user(roles={in_coop_a: "kasir"})
    before = _events(in_coop_a.schema_name).count()
    token = current_actor.set(Actor(user_id=kasir.pk, email=kasir.email, address="10.1.2.3"))
    try:
        # when
        txn = _post("audit:1", created_by_id=kasir.pk)
    finally:
        current_actor.reset(token)
    # then
    events = list(_events(in_coop_a.schema_name).order_by("id"))
    assert len(events) == before + 1
    event = events[-1]
    assert (event.action, event.object_pk) == ("create", str(txn.pk))
    assert (event.actor_id, event.actor_email, event.address) == (kasir.pk, kasir.email, "10.1.2.3")
    assert event.before is None
    assert event.after["amount"] == "75000.00"
    assert event.after["idempotency_key"] == "audit:1"
    assert event.after["legs"] == [
        {"account": chart.CASH, "member_id": None, "debit": "75000.00", "credit": "0.00"},
        {
            "account": chart.SIMPANAN_SUKARELA,
            "member_id": 12,
            "debit": "0.00",
            "credit": "75000.00",
        },
    ]


def test_a_retry_with_the_same_key_and_a_refused_posting_write_no_row(in_coop_a):
    # given
    _post("audit:2")
    count = _events(in_coop_a.schema_name).count()
    # when: the same posting again, and one into an unknown account
    _post("audit:2")
    with pytest.raises(ValidationError):
        transaction_post(
            date=date(2026, 11, 3),
            description="Akun tak dikenal",
            legs=[
                Leg(account="9-999", debit=Decimal("1000.00")),
                Leg(account=chart.CASH, credit=Decimal("1000.00")),
            ],
            idempotency_key="audit:3",
        )
    # then
    assert _events(in_coop_a.schema_name).count() == count


def test_a_reversal_is_audited_and_background_work_names_the_poster(in_coop_a, make_user):
    # given: posted without a request actor (a Celery task), by a known user
    bendahara = make_user(roles={in_coop_a: "bendahara"})
    original = transaction_post(
        date=date(2026, 11, 3),
        description="Biaya ATK",
        legs=[
            Leg(account=chart.CASH, credit=Decimal("20000.00")),
            Leg(account=chart.OPERATING_EXPENSE, debit=Decimal("20000.00")),
        ],
        idempotency_key="audit:4",
        created_by_id=bendahara.pk,
    )
    # when
    reversal = transaction_reverse(
        transaction_id=original.pk,
        date=date(2026, 11, 4),
        idempotency_key="audit:4:rev",
        created_by_id=bendahara.pk,
    )
    # then
    rows = {e.object_pk: e for e in _events(in_coop_a.schema_name)}
    assert rows[str(original.pk)].actor_id == bendahara.pk
    rev = rows[str(reversal.pk)]
    assert (rev.actor_id, rev.address) == (bendahara.pk, None)
    assert rev.after["reversal_of_id"] == original.pk
    assert [leg["debit"] for leg in rev.after["legs"]] == ["20000.00", "0.00"]


def test_raw_sql_postings_are_audited_and_the_rows_cannot_be_removed(in_coop_a):
    # given: a posting written past the service
    count = _events(in_coop_a.schema_name).count()
    (txn_id,) = raw(
        "INSERT INTO ledger_journaltransaction (date, description, source_kind, source_id, "
        "idempotency_key, fingerprint, amount, created_at) VALUES ('2026-11-05', 'Mentah', '', "
        "'', 'audit:raw', 'x', 5000, now()) RETURNING id"
    )[0]
    raw(
        "INSERT INTO ledger_journalleg (transaction_id, account_code, date, debit, credit) "
        "VALUES (%s, %s, '2026-11-05', 5000, 0), (%s, %s, '2026-11-05', 0, 5000)",
        [txn_id, chart.CASH, txn_id, chart.SIMPANAN_SUKARELA],
    )
    # then
    event = _events(in_coop_a.schema_name).get(object_pk=str(txn_id))
    assert _events(in_coop_a.schema_name).count() == count + 1
    assert len(event.after["legs"]) == 2
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()
