"""Every posting and reversal is in the append-only audit log (``public.audit_auditevent``).

Postings are one data-modifying statement (services._INSERT_SQL), so no model signal fires.
A statement-level trigger on the legs writes one audit row per transaction the statement
posted, with the transaction and its legs as ``after``, whatever code or raw SQL wrote them.
Who and from which address come from ``sokoguru.audit_actor`` (set for the posting's database
transaction by the posting service, from the request's audit actor); without it the row names
the posting's ``created_by``. The audit table itself refuses UPDATE and DELETE (audit 0001).

On a Citus cluster the trigger is not installed: it would run on the worker holding the
cooperative's shards, where the coordinator's ``public.audit_auditevent`` is not reachable, and
every posting would fail. Postings on Citus are therefore not yet in the audit log
(deploy/SCALING.md, 'Citus').
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION ledger_posting_audit() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    actor jsonb := nullif(current_setting('sokoguru.audit_actor', true), '')::jsonb;
BEGIN
    INSERT INTO public.audit_auditevent
        (at, schema_name, actor_id, actor_email, address, action, model, object_pk, before, after)
    SELECT t.created_at, TG_TABLE_SCHEMA,
           coalesce((actor->>'id')::bigint, t.created_by_id),
           coalesce(actor->>'email', ''),
           (actor->>'address')::inet,
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
              FROM new_legs n GROUP BY n.transaction_id) l
      JOIN ledger_journaltransaction t ON t.id = l.transaction_id
     ORDER BY t.id;
    RETURN NULL;
END $$;

CREATE TRIGGER ledger_leg_audit AFTER INSERT ON ledger_journalleg
    REFERENCING NEW TABLE AS new_legs
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_posting_audit();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS ledger_leg_audit ON ledger_journalleg;
DROP FUNCTION IF EXISTS ledger_posting_audit();
"""


def _run(sql):
    def run(apps, schema_editor):
        from sokoguru.platform.tenancy.distributed import citus_enabled

        if not citus_enabled(schema_editor.connection):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0004_deferred_checks_here"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
