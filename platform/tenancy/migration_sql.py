"""A real migration over many cooperatives without Django's executor in each schema.

Cooperatives behind share their ``migration_state``, so they lack the same migrations. For each
group the plan is rendered once (``plan_render``): Django's executor applies it to one of the
group's schemas inside a transaction that is rolled back, and every statement its schema editor
runs is kept (the statements see the catalog as each step leaves it, unlike ``sqlmigrate``). The
names in them are unqualified: the search path selects the schema. ``plan_replay`` then applies
the script to another schema in one round trip and one transaction: a guard that the schema's
applied migrations are the ones the plan starts from, the statements, the ``django_migrations``
rows and the cooperative's new ``migration_state``. Any error rolls the schema back whole.

A plan is rendered only when every operation is plain SQL (Django's schema operations,
``RunSQL``, ``RunPython.noop``, Python that the router does not run in a tenant schema,
``SeparateDatabaseAndState`` of these), every migration is atomic and none replaces others. On
Citus (DDL is propagated per statement) and for anything else the executor runs per schema, as
before.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection, router, transaction
from django.db.migrations import operations as ops
from django.db.migrations.executor import MigrationExecutor
from django_tenants.utils import quote_schema_name

from sokoguru.platform.tenancy import distributed
from sokoguru.platform.tenancy.ddl import _literal

logger = logging.getLogger("sokoguru.tenancy")

MISMATCH = "sokoguru: applied migrations differ from the plan"
_APPLIED = (
    "SELECT md5(coalesce(string_agg(app || '.' || name, ',' ORDER BY app, name), '')) "
    "FROM django_migrations"
)
_SCHEMA_OPERATIONS = tuple(
    getattr(ops, name)
    for name in (
        "CreateModel",
        "DeleteModel",
        "RenameModel",
        "AlterModelTable",
        "AlterModelTableComment",
        "AlterUniqueTogether",
        "AlterIndexTogether",
        "AlterOrderWithRespectTo",
        "AlterModelOptions",
        "AlterModelManagers",
        "AddIndex",
        "RemoveIndex",
        "RenameIndex",
        "AddConstraint",
        "RemoveConstraint",
        "AlterConstraint",
        "AddField",
        "RemoveField",
        "AlterField",
        "RenameField",
        "RunSQL",
    )
    if hasattr(ops, name)
)


class PlanMismatch(Exception):
    """The schema's applied migrations are not the ones the plan was rendered from."""


@dataclass(frozen=True)
class SqlPlan:
    applied: str  # digest of the django_migrations rows the plan starts from
    sql: str
    records: tuple[tuple[str, str], ...]
    state: str  # the migration_state the schema is at afterwards


def _is_sql(operation, app_label: str) -> bool:
    if type(operation) in _SCHEMA_OPERATIONS:
        return True
    if isinstance(operation, ops.SeparateDatabaseAndState):
        return all(_is_sql(o, app_label) for o in operation.database_operations)
    if isinstance(operation, ops.RunPython):
        if operation.code is ops.RunPython.noop:
            return True
        # Python the router does not run in a tenant schema (a shared app's data migration).
        return not router.allow_migrate(connection.alias, app_label, **operation.hints)
    return False


def _renderable(migration) -> bool:
    return (
        migration.atomic
        and not migration.replaces
        and all(_is_sql(o, migration.app_label) for o in migration.operations)
    )


class _Rollback(Exception):
    pass


def plan_render(schema_name: str, *, state: str) -> SqlPlan | None:
    """The SQL bringing ``schema_name`` to the code's migrations, or None when it cannot be
    written as SQL (the executor must run in each schema then). Nothing is left changed."""
    if distributed.citus_enabled():
        return None
    connection.set_schema(schema_name)
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if any(backwards for _, backwards in plan):
            return None
        if not all(_renderable(migration) for migration, _ in plan):
            return None
        with connection.cursor() as cur:
            cur.execute(_APPLIED)
            applied = cur.fetchone()[0]
        statements: list[str] = []
        try:
            with transaction.atomic():
                project = executor._create_project_state(with_applied_migrations=True)
                for migration, _ in plan:
                    with connection.schema_editor(atomic=True, collect_sql=True) as editor:
                        _run_and_keep(editor)
                        project = migration.apply(project, editor, collect_sql=True)
                    statements.extend(editor.collected_sql)
                raise _Rollback
        except _Rollback:
            pass
        return SqlPlan(
            applied=applied,
            sql="\n".join(statements),
            records=tuple((m.app_label, m.name) for m, _ in plan),
            state=state,
        )
    except Exception:  # noqa: BLE001 - the executor per schema reports the real error
        logger.exception("rendering the migration plan on %s failed", schema_name)
        return None
    finally:
        connection.set_schema_to_public()


def _run_and_keep(editor) -> None:
    """Make a collecting schema editor also run each statement, so the steps after it
    introspect the catalog as it really is then."""
    execute = type(editor).execute

    def run(sql, params=()):
        execute(editor, sql, params)  # kept in editor.collected_sql
        editor.collect_sql = False
        try:
            execute(editor, sql, params)
        finally:
            editor.collect_sql = True

    editor.execute = run


def plan_script(schema_name: str, plan: SqlPlan) -> str:
    from sokoguru.platform.tenancy.models import Cooperative

    public = quote_schema_name(settings.PUBLIC_SCHEMA_NAME)
    parts = [
        f"SET LOCAL search_path = {quote_schema_name(schema_name)},{public};",
        f"DO $sokoguru$BEGIN IF ({_APPLIED}) IS DISTINCT FROM {_literal(plan.applied)} THEN "
        f"RAISE EXCEPTION '{MISMATCH}'; END IF; END$sokoguru$;",
        plan.sql,
    ]
    if plan.records:
        rows = ", ".join(f"({_literal(a)}, {_literal(n)}, now())" for a, n in plan.records)
        parts.append(f"INSERT INTO django_migrations (app, name, applied) VALUES {rows};")
    parts.append(
        f"UPDATE {public}.{Cooperative._meta.db_table} SET migration_state = "
        f"{_literal(plan.state)} WHERE schema_name = {_literal(schema_name)};"
    )
    return "\n".join(parts)


def plan_replay(schema_name: str, plan: SqlPlan) -> None:
    """Apply ``plan`` to one schema and record it, in one transaction and one round trip;
    ``PlanMismatch`` (nothing written) when the schema is not where the plan starts."""
    connection.set_schema_to_public()
    script = plan_script(schema_name, plan)
    try:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(script)
    except DatabaseError as exc:
        if MISMATCH in str(exc):
            raise PlanMismatch(schema_name) from exc
        raise
