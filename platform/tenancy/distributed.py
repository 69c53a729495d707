"""Citus schema-based sharding: on a database with the ``citus`` extension every cooperative is a
distributed schema (its tables one colocated shard group on a worker), the public schema stays
on the coordinator.

On plain PostgreSQL nothing here runs (one catalog probe per process and database). On Citus:

* every connection turns off automatic schema distribution for itself
  (``citus.enable_schema_based_sharding``): a cooperative's schema is created locally by the
  ordinary fast path — the template DDL in one round trip, which Citus would otherwise forward
  statement batch and all to the workers — and distributed explicitly while still empty
  (``citus_schema_distribute``), before any seed row is written: every row lives on the
  worker, none is left on the coordinator's disk. The template schema stays local.
* A schema script replayed in one round trip (the template's check, a new cooperative) runs
  with DDL propagation off for its transaction (``LOCAL_DDL``): Citus would forward the whole
  multi-statement string to the workers. Distributing the schema then creates its tables,
  functions and triggers on the worker from the catalog, one statement each.
* Every function of the schema is a distributed object (``create_distributed_function``):
  trigger functions call helpers the distribution does not see as dependencies.
* ``citus.enable_unsafe_triggers`` is on: the ledger's triggers run on the shards (all tables of
  a cooperative are colocated on one worker, so what a trigger reads is local to it).
* ``SET LOCAL`` does not reach the workers (``citus.propagate_set_commands`` stays off: it
  would replay the whole multi-statement string a ``SET LOCAL`` arrived in).
* A refusal raised by a deferred constraint trigger on a worker arrives at COMMIT as
  ``could not commit transaction for shard …`` (SQLSTATE XX000); ``commit_error`` turns it back
  into the ``IntegrityError`` plain PostgreSQL raises (the connection wrapper calls it).
* Citus's own ``citus_truncate_trigger`` on every distributed table is part of the cluster, not
  of the schema: ``CITUS_OWN_TRIGGERS`` lets ``sokoguru tenant check`` leave it out.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, connection

CITUS_OWN_TRIGGERS = frozenset({"citus_truncate_trigger"})

SESSION_SQL = (
    "SET citus.enable_schema_based_sharding TO off; SET citus.enable_unsafe_triggers TO on"
)

_present: dict[tuple, bool] = {}


def _key(conn) -> tuple:
    s = conn.settings_dict
    return (s.get("HOST"), s.get("PORT"), s.get("NAME"))


def citus_enabled(conn=None) -> bool:
    """Whether the database behind ``conn`` (default: ``connection``) has the citus extension."""
    conn = conn or connection
    key = _key(conn)
    if key not in _present:
        conn.ensure_connection()
        with conn.connection.cursor() as cur:
            cur.execute("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus')")
            _present[key] = bool(cur.fetchone()[0])
    return _present[key]


def connection_created(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: the session settings above, on Citus only."""
    if connection.vendor != "postgresql" or not citus_enabled(connection):
        return
    with connection.connection.cursor() as cur:
        cur.execute(SESSION_SQL)
    if not connection.get_autocommit():
        connection.connection.commit()


LOCAL_DDL = "SET LOCAL citus.enable_ddl_propagation TO off;"


def local_ddl_prefix() -> str:
    """What a schema script replayed in one round trip starts with: on Citus, DDL kept on the
    coordinator for the rest of the transaction; elsewhere nothing."""
    return LOCAL_DDL if citus_enabled() else ""


def schema_distribute(schema_name: str) -> None:
    """Make the (still empty) schema a distributed schema, in the current transaction: its
    tables, functions and triggers are created on a worker, the coordinator keeps shells."""
    connection.ensure_connection()
    # The raw cursor leaves the search path the caller set up alone.
    with connection.connection.cursor() as cur:
        cur.execute("SET LOCAL citus.enable_ddl_propagation TO on")
        cur.execute("SELECT citus_schema_distribute(%s::regnamespace)", [schema_name])
        # The rows the schema script wrote (its applied migrations) were copied to the worker;
        # the coordinator's copy goes (the ledger's tables, whose triggers refuse TRUNCATE, are
        # still empty here: seed rows are written after this).
        cur.execute(
            """SELECT truncate_local_data_after_distributing_table(c.oid::regclass)
                 FROM pg_class c
                WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r'
                  AND pg_relation_size(c.oid) > 0""",
            [schema_name],
        )
        # Functions only called from a trigger's body (not its dependencies) are not created on
        # the worker by the distribution: propagate them too.
        cur.execute(
            """SELECT create_distributed_function(p.oid::regprocedure)
                 FROM pg_proc p
                WHERE p.pronamespace = %s::regnamespace
                  AND NOT EXISTS (SELECT 1 FROM pg_dist_object o
                                   WHERE o.classid = 'pg_proc'::regclass AND o.objid = p.oid)""",
            [schema_name],
        )


def schema_is_distributed(schema_name: str) -> bool:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_dist_schema WHERE schemaid = to_regnamespace(%s))",
            [schema_name],
        )
        return cur.fetchone()[0]


_SHARD_COMMIT = re.compile(r"could not commit transaction for shard")
_WORKER_FAILED = re.compile(r"failed to commit transaction on ")


def commit_error(exc: BaseException, *, notices: list[str]) -> BaseException | None:
    """The ``IntegrityError`` a worker's refusal at COMMIT stands for, or None when ``exc`` is
    not one. Citus passes the worker's own error (the ledger's Indonesian text) on as a WARNING
    notice just before; that text is the error's message."""
    cause = getattr(exc, "__cause__", None) or exc
    if getattr(cause, "pgcode", None) != "XX000" or not _SHARD_COMMIT.search(str(cause)):
        return None
    warnings = [
        n.split(":", 1)[1].strip()
        for n in notices
        if n.startswith("WARNING:") and not _WORKER_FAILED.search(n)
    ]
    error = IntegrityError(warnings[-1] if warnings else str(cause).strip())
    error.citus_commit = True
    return error
