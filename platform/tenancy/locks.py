"""PostgreSQL advisory locks shared by provisioning, migrations and the schema template.

* ``registry``: every provisioning transaction holds it *shared* until it commits; ``sokoguru
  migrate`` takes it *exclusively* (briefly) each time it lists the cooperatives to migrate, so
  a cooperative being created while a migration rolls out is either seen committed — and migrated
  if its schema is behind — or created after the listing from the current template.
* ``migrate``: one ``sokoguru migrate`` at a time per database.
* ``template``: one process builds the schema template at a time.
"""

from __future__ import annotations

import contextlib
import zlib

from django.db import connection


def _key(name: str) -> int:
    # A stable signed 64-bit key per lock name (namespaced so other users of advisory locks in
    # the same database do not collide).
    return zlib.crc32(f"sokoguru:{name}".encode()) | (0x5ABA << 32)


REGISTRY = _key("registry")
MIGRATE = _key("migrate")
TEMPLATE = _key("template")


def _execute(sql: str, params: list) -> tuple | None:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchone()


def registry_shared() -> None:
    """Hold the registry lock shared until the current transaction ends (provisioning)."""
    _execute("SELECT pg_advisory_xact_lock_shared(%s)", [REGISTRY])


@contextlib.contextmanager
def registry_exclusive():
    """Wait for in-flight provisioning to commit and keep new ones out while the body runs."""
    _execute("SELECT pg_advisory_lock(%s)", [REGISTRY])
    try:
        yield
    finally:
        _execute("SELECT pg_advisory_unlock(%s)", [REGISTRY])


def template_lock() -> None:
    _execute("SELECT pg_advisory_xact_lock(%s)", [TEMPLATE])


def migrate_try_lock() -> bool:
    return bool(_execute("SELECT pg_try_advisory_lock(%s)", [MIGRATE])[0])


def migrate_lock() -> None:
    _execute("SELECT pg_advisory_lock(%s)", [MIGRATE])


def migrate_unlock() -> None:
    _execute("SELECT pg_advisory_unlock(%s)", [MIGRATE])
