"""A pool of pre-built spare cooperative schemas.

Provisioning a cooperative from the template DDL costs one round trip of ~100 DDL statements;
taking a spare costs one ``ALTER SCHEMA … RENAME`` inside the same provisioning transaction. A
spare is built from the current template DDL, verified against the template schema's catalog,
and registered with the template key it was built from: provisioning takes only spares of the
current key (``FOR UPDATE SKIP LOCKED``: concurrent provisionings take different spares), and
spares of an older key are dropped by ``spares_discard_stale`` (``sokoguru migrate`` calls it
after the template changes). With the pool empty, provisioning builds the schema cold, exactly as
before, so the pool is never needed for correctness.

The pool size is ``settings.SOKOGURU_SPARE_SCHEMAS``; ``spares_refill`` (a Celery task, sent after
each provisioning that took a spare, and on the beat) tops it up.
"""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.db import connection, transaction

from sokoguru.platform.core.schema import require_public_schema
from sokoguru.platform.tenancy import ddl as ddl_module
from sokoguru.platform.tenancy import template

logger = logging.getLogger("sokoguru.tenancy")

SPARE_PREFIX = "_spare_"

_TAKE_SQL = """
DELETE FROM public.tenancy_spareschema
 WHERE schema_name = (SELECT schema_name FROM public.tenancy_spareschema
                       WHERE template_key = %s ORDER BY created_at, schema_name
                       LIMIT 1 FOR UPDATE SKIP LOCKED)
RETURNING schema_name
"""


# Renaming a schema moves every object (references are by OID), except text that names the
# schema: the ledger's trigger functions pin ``SET search_path TO <schema>, public``. Those are
# re-pinned to the new name in the same statement batch.
_REPIN_SQL = """
DO $repin$
DECLARE
    f record;
    setting text;
BEGIN
    FOR f IN
        SELECT p.oid::regprocedure AS signature, c.setting
          FROM pg_proc p
          JOIN pg_namespace n ON n.oid = p.pronamespace
          CROSS JOIN LATERAL unnest(p.proconfig) AS c(setting)
         WHERE n.nspname = '{new}' AND c.setting LIKE 'search\\_path=%'
    LOOP
        setting := regexp_replace(
            substr(f.setting, length('search_path=') + 1),
            '(^|[ ,"]){old}($|[ ,"])', '\\1{new}\\2', 'g'
        );
        EXECUTE format('ALTER FUNCTION %s SET search_path = %s', f.signature, setting);
    END LOOP;
END
$repin$;
"""


def rename_sql(spare: str, schema: str) -> str:
    """SQL that turns the spare ``spare`` into the cooperative schema ``schema``."""
    ddl_module.check_name(spare)
    ddl_module.check_name(schema)
    return f"ALTER SCHEMA {spare} RENAME TO {schema};\n" + _REPIN_SQL.format(old=spare, new=schema)


def pool_size() -> int:
    return max(0, int(getattr(settings, "SOKOGURU_SPARE_SCHEMAS", 0)))


def spare_take(ddl: template.TemplateDDL) -> str | None:
    """In the caller's transaction: claim one spare built from ``ddl`` (its row is deleted, so a
    rollback gives it back); ``None`` when the pool has none."""
    with connection.cursor() as cur:
        cur.execute(_TAKE_SQL, [ddl.key])
        row = cur.fetchone()
    return row[0] if row else None


def spare_count(*, key: str | None = None) -> int:
    from sokoguru.platform.tenancy.models import SpareSchema

    rows = SpareSchema.objects.all()
    return rows.filter(template_key=key).count() if key else rows.count()


def _verify(schema: str) -> list[str]:
    """Differences between the spare and the template schema (empty: identical)."""
    if not _schema_exists(template.TEMPLATE_SCHEMA):
        template.template_build()
    if not _schema_exists(template.TEMPLATE_SCHEMA):  # the template row outlived its schema
        return []
    return ddl_module.catalog_differences(
        ddl_module.schema_catalog(template.TEMPLATE_SCHEMA),
        ddl_module.schema_catalog(schema),
    )


def _schema_exists(schema: str) -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema])
        return cur.fetchone() is not None


def spares_fill(*, count: int | None = None) -> int:
    """Build spares until ``count`` (default: the pool size) of the current template exist;
    returns how many were built. Each spare is built and registered in its own transaction and
    verified against the template before it is offered."""
    require_public_schema()
    from sokoguru.platform.tenancy.models import SpareSchema

    target = pool_size() if count is None else count
    ddl = template.tenant_ddl()
    built = 0
    while spare_count(key=ddl.key) < target:
        name = SPARE_PREFIX + secrets.token_hex(6)
        ddl_module.check_name(name)
        with transaction.atomic():
            with connection.cursor() as cur:
                cur.execute(
                    "SET LOCAL search_path TO public;\n"
                    + ddl.ddl.replace(ddl_module.SCHEMA_PLACEHOLDER, name)
                )
            connection.search_path_set_schemas = None
            differences = _verify(name)
            if differences:
                raise RuntimeError(
                    f"spare schema {name} differs from the template: {differences[:3]}"
                )
            SpareSchema.objects.create(schema_name=name, template_key=ddl.key)
        built += 1
    if built:
        logger.info("built %d spare cooperative schema(s) for template %s", built, ddl.key[:12])
    return built


def spares_discard_stale() -> int:
    """Drop the spares built from a template other than the current one."""
    require_public_schema()
    from sokoguru.platform.tenancy.models import SpareSchema

    key = template.template_key()
    stale = list(
        SpareSchema.objects.exclude(template_key=key).values_list("schema_name", flat=True)
    )
    for name in stale:
        ddl_module.check_name(name)
        with transaction.atomic():
            SpareSchema.objects.filter(schema_name=name).delete()
            with connection.cursor() as cur:
                cur.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
    return len(stale)


def spares_drop_all() -> int:
    """Drop every spare (tests, benchmarks)."""
    require_public_schema()
    from sokoguru.platform.tenancy.models import SpareSchema

    names = list(SpareSchema.objects.values_list("schema_name", flat=True))
    for name in names:
        ddl_module.check_name(name)
        with transaction.atomic():
            SpareSchema.objects.filter(schema_name=name).delete()
            with connection.cursor() as cur:
                cur.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
    return len(names)
