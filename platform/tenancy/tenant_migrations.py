"""Migrating cooperative schemas at scale.

Only cooperatives whose recorded ``migration_state`` differs from the code's are visited (one query
finds them), in parallel worker processes. A failing cooperative does not stop the others; it is
reported at the end. The listing runs under the registry lock (see ``locks``) and is repeated
until it finds nothing new, so a cooperative created while the rollout runs — by a process still
on the old code — is migrated too, and none is migrated twice.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, connections

from sokoguru.platform.tenancy import locks
from sokoguru.platform.tenancy.template import migration_state, run_schema_migrations


@dataclass
class TenantMigrationReport:
    migrated: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    listings: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


def pending_schemas(*, state: str | None = None, exclude: set[str] | None = None) -> list[str]:
    """Schemas of cooperatives whose recorded migration state is not ``state`` (one query)."""
    from sokoguru.platform.tenancy.models import Cooperative

    state = migration_state() if state is None else state
    names = (
        Cooperative.objects.exclude(kind=Cooperative.Kind.PLATFORM)
        .exclude(schema_name="public")
        .exclude(migration_state=state)
        .order_by("schema_name")
        .values_list("schema_name", flat=True)
    )
    exclude = exclude or set()
    return [n for n in names if n not in exclude]


def all_schemas() -> list[str]:
    from sokoguru.platform.tenancy.models import Cooperative

    return list(
        Cooperative.objects.exclude(kind=Cooperative.Kind.PLATFORM)
        .exclude(schema_name="public")
        .order_by("schema_name")
        .values_list("schema_name", flat=True)
    )


def tenant_migrate(schema_name: str, *, options: dict | None = None) -> None:
    """Run the migrations of one cooperative's schema and record its new state."""
    from sokoguru.platform.tenancy.models import Cooperative

    targeted = bool(options and (options.get("app_label") or options.get("migration_name")))
    state = migration_state()
    run_schema_migrations(schema_name, options=options)
    # A targeted run (app/migration given) leaves the state unknown: the next plain run checks.
    Cooperative.objects.filter(schema_name=schema_name).update(
        migration_state="" if targeted else state
    )


def _worker(args: tuple[str, dict]) -> tuple[str, str | None, float]:
    schema_name, options = args
    started = time.monotonic()
    try:
        tenant_migrate(schema_name, options=options)
        return schema_name, None, time.monotonic() - started
    except Exception as exc:  # reported per cooperative; the rollout goes on
        connection.set_schema_to_public()
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return schema_name, detail, time.monotonic() - started


def _worker_init() -> None:
    # The parent closed its connections before forking: each worker opens its own.
    connection.set_schema_to_public()


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def tenants_migrate(
    *,
    workers: int | None = None,
    options: dict | None = None,
    force: bool = False,
    progress: Callable[[int], object] | None = None,
    on_total: Callable[[int], object] | None = None,
) -> TenantMigrationReport:
    """Migrate every cooperative schema that is behind (all of them when ``force``)."""
    workers = workers or default_workers()
    report = TenantMigrationReport()
    started = time.monotonic()
    attempted: set[str] = set()
    total = 0
    first = True
    while True:
        with locks.registry_exclusive():
            if first and force:
                batch = all_schemas()
            else:
                batch = pending_schemas(exclude=attempted)
        first = False
        report.listings += 1
        if not batch:
            break
        attempted.update(batch)
        total += len(batch)
        if on_total:
            on_total(total)
        for schema_name, error, _seconds in _run_batch(batch, workers=workers, options=options):
            if error is None:
                report.migrated.append(schema_name)
            else:
                report.failed[schema_name] = error
            if progress:
                progress(1)
    report.seconds = time.monotonic() - started
    return report


def _run_batch(batch: list[str], *, workers: int, options: dict | None):
    jobs = [(name, dict(options or {})) for name in batch]
    # Inside a transaction the work stays on this connection (forking would close it).
    if workers <= 1 or len(batch) == 1 or connection.in_atomic_block:
        for job in jobs:
            yield _worker(job)
        return
    # Workers are forked (they inherit settings, including a test database's name); the parent
    # closes its connections first so no socket is shared.
    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(processes=min(workers, len(batch)), initializer=_worker_init) as pool:
        yield from pool.imap_unordered(_worker, jobs, chunksize=1)
    connection.set_schema_to_public()
