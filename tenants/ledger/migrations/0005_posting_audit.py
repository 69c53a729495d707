"""Every posting and reversal is in the append-only audit log (``public.audit_auditevent``).

Postings are one data-modifying statement (services._INSERT_SQL), so no model signal fires.
A statement-level trigger on the legs writes one audit row per transaction the statement
posted, with the transaction and its legs as ``after``, whatever code or raw SQL wrote them.
Who and from which address come from ``sokoguru.audit_actor`` (set for the posting's database
transaction by the posting service, from the request's audit actor); without it the row names
the posting's ``created_by``. The audit table itself refuses UPDATE and DELETE (audit 0001).

The row itself is defined once, in ``sokoguru.tenants.ledger.posting_audit``. On a Citus
cluster the trigger is not installed: it would run on the worker holding the cooperative's
shards, where the coordinator's ``public.audit_auditevent`` is not reachable. There the posting
service writes the same row from the coordinator, in the posting's own database transaction
(deploy/SCALING.md, 'Citus').
"""

from django.db import migrations

from sokoguru.tenants.ledger.posting_audit import TRIGGER_INSERT, by_trigger

FORWARD = f"""
CREATE FUNCTION ledger_posting_audit() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    actor jsonb := nullif(current_setting('sokoguru.audit_actor', true), '')::jsonb;
BEGIN
    {TRIGGER_INSERT};
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
        if by_trigger(schema_editor.connection):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0004_deferred_checks_here"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
