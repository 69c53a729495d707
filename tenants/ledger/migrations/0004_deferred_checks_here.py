"""``ledger_deferred_checks_now()``: run the ledger's deferred checks (balance, closed period) of
this database transaction now.

Closing a period first checks the postings made earlier in the same transaction while the period
is still open. ``SET CONSTRAINTS … IMMEDIATE`` from the application does that on one server, but
on a Citus cluster it stays on the coordinator while the rows and their pending trigger events
are on the cooperative's worker; a function called in a query on the cooperative's own table
runs where the rows are, on either; there it names the shards' triggers too. Each statement is one ``RunSQL`` (a distributed schema
takes one statement at a time)."""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION ledger_deferred_checks_now()
RETURNS void LANGUAGE plpgsql
SET search_path FROM CURRENT
SET citus.override_table_visibility = off
AS $$
DECLARE
    names text;
BEGIN
    -- The balance and commit-check triggers of this schema's ledger tables: on a Citus worker
    -- also those of the shards (named <trigger>_<shard id>; the setting above shows them).
    SELECT string_agg(format('%I.%I', n.nspname, t.tgname), ', ') INTO names
      FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema()
       AND t.tgname ~ '^(ledger_txn_committed|ledger_leg_balanced)(_[0-9]+)?$';
    EXECUTE 'SET CONSTRAINTS ' || names || ' IMMEDIATE';
    EXECUTE 'SET CONSTRAINTS ' || names || ' DEFERRED';
END $$
"""

BACKWARD = "DROP FUNCTION IF EXISTS ledger_deferred_checks_now()"


class Migration(migrations.Migration):
    dependencies = [("ledger", "0003_leg_account_index")]

    operations = [migrations.RunSQL([FORWARD], [BACKWARD])]
