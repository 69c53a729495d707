"""Fast schemas for new cooperatives: replay the DDL of a template schema built by migrations.

* ``migration_state()`` — a hash of the tenant apps' migration leaf nodes: what a cooperative's
  schema is at when it is current. Stored per cooperative (``Cooperative.migration_state``) so
  ``sokoguru migrate`` visits only cooperatives that are behind.
* ``template_key()`` — a hash of every app's leaf nodes and the dump format: the cache key of the
  DDL (a public-schema migration can rename a table tenant tables refer to).
* ``tenant_ddl()`` — the DDL for the current key: from this process's cache, else from the
  ``SchemaTemplate`` row, else built: the template schema ``_tenant_template`` is recreated by
  running the real migrations, dumped from the catalog (``ddl.schema_dump``) and stored.
* ``schema_create(schema)`` — replay the DDL into a new schema in the current transaction, in one
  round trip.
"""

from __future__ import annotations

import hashlib
import io
import logging
import time
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from sokoguru.platform.tenancy import ddl as ddl_module
from sokoguru.platform.tenancy import locks

logger = logging.getLogger("sokoguru.tenancy")

TEMPLATE_SCHEMA = "_tenant_template"
# Bump when the dump's output changes, so stored templates are rebuilt.
DUMP_FORMAT = "2"


@dataclass(frozen=True)
class TemplateDDL:
    key: str
    migration_state: str
    ddl: str
    statements: int


_graph_cache: dict[str, tuple[str, str]] = {}
_ddl_cache: dict[str, TemplateDDL] = {}


def tenant_app_labels() -> set[str]:
    names = set(settings.TENANT_APPS) - set(settings.SHARED_APPS)
    return {cfg.label for cfg in apps.get_app_configs() if cfg.name in names}


def _hashes() -> tuple[str, str]:
    cached = _graph_cache.get("hashes")
    if cached is None:
        loader = MigrationLoader(None, ignore_no_migrations=True)
        leaves = sorted(loader.graph.leaf_nodes())
        tenant = tenant_app_labels()
        state = hashlib.sha256(
            "\n".join(f"{a}.{n}" for a, n in leaves if a in tenant).encode()
        ).hexdigest()
        key = hashlib.sha256(
            (DUMP_FORMAT + "\n" + "\n".join(f"{a}.{n}" for a, n in leaves)).encode()
        ).hexdigest()
        cached = _graph_cache["hashes"] = (state, key)
    return cached


def migration_state() -> str:
    """The migration state a current cooperative schema is at (hash of tenant leaf nodes)."""
    return _hashes()[0]


def template_key() -> str:
    return _hashes()[1]


def cache_clear() -> None:
    """Forget this process's hashes and DDL (after the migration graph changed under it)."""
    _graph_cache.clear()
    _ddl_cache.clear()


def run_schema_migrations(schema_name: str, *, options: dict | None = None) -> str:
    """Run Django's migrate (the real one, not ours) inside one tenant schema, the way
    django-tenants does; return its output."""
    from django.core.management.commands.migrate import Command as DjangoMigrate

    out = io.StringIO()
    connection.set_schema(schema_name, include_public=False)
    MigrationRecorder(connection).ensure_schema()
    connection.set_schema(schema_name)
    command = DjangoMigrate(stdout=out, stderr=out)
    opts = vars(command.create_parser("sokoguru", "migrate").parse_args([]))
    opts.update(verbosity=0, interactive=False, database="default", skip_checks=True)
    opts.update(options or {})
    try:
        command.execute(**opts)
    finally:
        connection.set_schema_to_public()
    return out.getvalue()


def _capture(executed: list[str]):
    """An execute wrapper keeping the DDL the migrations run (constraints and indexes are looked
    up there when the catalog's text of them does not round-trip)."""

    def wrapper(execute, sql, params, many, context):
        text = sql
        if params and not many:
            try:
                text = context["cursor"].cursor.mogrify(sql, params).decode()
            except Exception:  # noqa: BLE001 - keep the unformatted text then
                text = sql
        upper = text.upper()
        if "CONSTRAINT" in upper or "INDEX" in upper:
            executed.append(text)
        return execute(sql, params, many, context)

    return wrapper


def template_build() -> TemplateDDL:
    """Recreate the template schema by running every migration, dump it, store the DDL."""
    key, state = template_key(), migration_state()
    from sokoguru.platform.tenancy.models import SchemaTemplate

    started = time.monotonic()
    with transaction.atomic():
        locks.template_lock()
        row = SchemaTemplate.objects.filter(key=key).first()
        if row is not None:
            return TemplateDDL(row.key, row.migration_state, row.ddl, row.statements)
        with connection.cursor() as cur:
            cur.execute(f"DROP SCHEMA IF EXISTS {TEMPLATE_SCHEMA} CASCADE")
            cur.execute(f"CREATE SCHEMA {TEMPLATE_SCHEMA}")
        executed: list[str] = []
        with connection.execute_wrapper(_capture(executed)):
            run_schema_migrations(TEMPLATE_SCHEMA)
        text, count = ddl_module.schema_dump(TEMPLATE_SCHEMA, source_sql=executed)
        connection.set_schema_to_public()
        SchemaTemplate.objects.create(key=key, migration_state=state, ddl=text, statements=count)
        # Keep a few recent ones: during a rollout, processes on the previous code still use
        # theirs (they cache it), and a rollback finds its template ready.
        keep = SchemaTemplate.objects.order_by("-created_at").values_list("key", flat=True)[:5]
        SchemaTemplate.objects.exclude(key__in=list(keep)).delete()
    logger.info(
        "built tenant schema template %s (%d statements) in %.2f s",
        key[:12],
        count,
        time.monotonic() - started,
    )
    return TemplateDDL(key, state, text, count)


def tenant_ddl() -> TemplateDDL:
    """The DDL of a current cooperative schema (cached in-process, then in the public schema)."""
    key = template_key()
    hit = _ddl_cache.get(key)
    if hit is not None:
        return hit
    from sokoguru.platform.tenancy.models import SchemaTemplate

    row = SchemaTemplate.objects.filter(key=key).first()
    if row is not None:
        hit = TemplateDDL(row.key, row.migration_state, row.ddl, row.statements)
    else:
        hit = template_build()
    _ddl_cache[key] = hit
    return hit


def schema_create(schema_name: str, *, template: TemplateDDL | None = None) -> None:
    """Create ``schema_name`` as a current cooperative schema, inside the caller's transaction."""
    template = template or tenant_ddl()
    ddl_module.schema_replay(schema=schema_name, ddl=template.ddl)
