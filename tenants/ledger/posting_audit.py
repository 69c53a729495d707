"""The audit row of a posting: one row in ``public.audit_auditevent`` per journal transaction,
with the transaction and its legs as ``after`` (who and from which address: the request's audit
actor, else the posting's ``created_by``).

One statement builds it, written twice from ``AUDIT_INSERT``:

* on one PostgreSQL server, by the legs' statement-level trigger (migrations/0005), from the
  statement's transition table — whatever code or raw SQL posted;
* on a Citus cluster, where the trigger would run on the worker holding the cooperative's
  shards and cannot reach the coordinator's audit table, by the posting service from the
  coordinator (``write``), in the posting's own database transaction, for the transactions it
  inserted: the transaction and its legs are read on the worker, the row is written on the
  coordinator. A posting refused at COMMIT by a worker leaves no audit row either.

Changing the row means a new migration that re-creates the trigger function.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.db import connection

from sokoguru.platform.audit.context import current_actor

AUDIT_INSERT = """\
INSERT INTO public.audit_auditevent
        (at, schema_name, actor_id, actor_email, address, action, model, object_pk, before, after)
    SELECT t.created_at, {schema},
           coalesce(({actor}->>'id')::bigint, t.created_by_id),
           coalesce({actor}->>'email', ''),
           ({actor}->>'address')::inet,
           'create', 'ledger.journaltransaction', t.id::text, NULL,
           jsonb_build_object(
               'id', t.id, 'date', t.date, 'description', t.description,
               'source_kind', t.source_kind, 'source_id', t.source_id,
               'idempotency_key', t.idempotency_key, 'amount', t.amount::text,
               'reversal_of_id', t.reversal_of_id, 'created_by_id', t.created_by_id,
               'created_at', t.created_at, 'legs', l.legs)
      FROM (SELECT n.transaction_id,
                   jsonb_agg(jsonb_build_object(
                       'account', n.account_code, 'member_id', n.member_id,
                       'debit', n.debit::text, 'credit', n.credit::text) ORDER BY n.id) AS legs
              FROM {legs} n GROUP BY n.transaction_id) l
      JOIN ledger_journaltransaction t ON t.id = l.transaction_id
     ORDER BY t.id"""

# The trigger's form (plpgsql: ``actor`` is its variable, the legs its transition table).
TRIGGER_INSERT = AUDIT_INSERT.format(schema="TG_TABLE_SCHEMA", actor="actor", legs="new_legs")

# The coordinator's form: the actor and the schema as parameters, the legs of the transactions
# just inserted (the cooperative's tables are co-located: Citus reads them on the one worker).
COORDINATOR_INSERT = AUDIT_INSERT.format(
    schema="%(schema)s",
    actor="%(actor)s::jsonb",
    legs="(SELECT * FROM ledger_journalleg WHERE transaction_id = ANY(%(ids)s))",
)


def by_trigger(conn=None) -> bool:
    """Whether the legs' trigger writes the audit row (everywhere but on Citus)."""
    from sokoguru.platform.tenancy.distributed import citus_enabled

    return not citus_enabled(conn or connection)


def actor_json() -> str:
    """The request's audit actor as the JSON both forms read (``sokoguru.audit_actor``)."""
    actor = current_actor.get()
    return json.dumps({"id": actor.user_id, "email": actor.email, "address": actor.address})


def write(transaction_ids: Sequence[int]) -> None:
    """The audit rows of the transactions just inserted, from the coordinator (Citus), in the
    caller's database transaction."""
    with connection.cursor() as cur:
        cur.execute(
            COORDINATOR_INSERT,
            {"schema": connection.schema_name, "actor": actor_json(), "ids": list(transaction_ids)},
        )
