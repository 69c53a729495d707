"""Migrating cooperative schemas at scale.

Only cooperatives whose recorded ``migration_state`` differs from the code's are visited (one query
finds them), in parallel worker processes. A failing cooperative does not stop the others; it is
reported at the end. The listing runs under the registry lock (see ``locks``) and is repeated
until it finds nothing new, so a cooperative created while the rollout runs — by a process still
on the old code — is migrated too, and none is migrated twice.

Cooperatives behind are grouped by their recorded state: for each group the plan is rendered as
SQL once and replayed in each schema in one round trip (``migration_sql``); a plan that cannot
be written as SQL, a targeted or faked run, Citus, or a schema whose applied migrations are not
its group's fall back to Django's executor in that schema.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, connections

from sokoguru.platform.tenancy import locks, migration_sql
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


def _cooperatives():
    from sokoguru.platform.tenancy.models import Cooperative

    return (
        Cooperative.objects.exclude(kind=Cooperative.Kind.PLATFORM)
        .exclude(schema_name="public")
        .order_by("schema_name")
    )


def pending_states(
    *, state: str | None = None, exclude: set[str] | None = None
) -> list[tuple[str, str]]:
    """(schema, recorded state) of the cooperatives whose state is not ``state`` (one query)."""
    state = migration_state() if state is None else state
    rows = (
        _cooperatives().exclude(migration_state=state).values_list("schema_name", "migration_state")
    )
    exclude = exclude or set()
    return [(n, s) for n, s in rows if n not in exclude]


def pending_schemas(*, state: str | None = None, exclude: set[str] | None = None) -> list[str]:
    """Schemas of cooperatives whose recorded migration state is not ``state`` (one query)."""
    return [n for n, _ in pending_states(state=state, exclude=exclude)]


def all_schemas() -> list[str]:
    return [n for n, _ in all_states()]


def all_states() -> list[tuple[str, str]]:
    return list(_cooperatives().values_list("schema_name", "migration_state"))


def _plain(options: dict | None) -> bool:
    """A plain run (no app/migration target, nothing faked): what a rendered plan does."""
    options = options or {}
    return not any(
        options.get(k) for k in ("app_label", "migration_name", "fake", "fake_initial", "prune")
    )


def plans_render(
    batch: list[tuple[str, str]], *, options: dict | None = None
) -> dict[str, migration_sql.SqlPlan | None]:
    """The SQL plan of each schema of ``batch``: rendered once per recorded state, on the
    first schema of the group; None where the executor must run."""
    if not _plain(options):
        return {name: None for name, _ in batch}
    target = migration_state()
    by_state: dict[str, migration_sql.SqlPlan | None] = {}
    plans = {}
    for name, recorded in batch:
        if recorded not in by_state:
            by_state[recorded] = migration_sql.plan_render(name, state=target)
        plans[name] = by_state[recorded]
    return plans


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


def _worker(args: tuple[str, dict, migration_sql.SqlPlan | None]) -> tuple[str, str | None, float]:
    schema_name, options, plan = args
    started = time.monotonic()
    try:
        if plan is not None:
            try:
                migration_sql.plan_replay(schema_name, plan)
                return schema_name, None, time.monotonic() - started
            except migration_sql.PlanMismatch:
                pass  # not where its group is: the executor finds out what it lacks
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
    sql: bool = True,
) -> TenantMigrationReport:
    """Migrate every cooperative schema that is behind (all of them when ``force``); with
    ``sql`` through a plan rendered once per recorded state where it can be."""
    workers = workers or default_workers()
    report = TenantMigrationReport()
    started = time.monotonic()
    attempted: set[str] = set()
    total = 0
    first = True
    while True:
        with locks.registry_exclusive():
            if first and force:
                states = all_states()
            else:
                states = pending_states(exclude=attempted)
        first = False
        report.listings += 1
        if not states:
            break
        batch = [name for name, _ in states]
        attempted.update(batch)
        total += len(batch)
        if on_total:
            on_total(total)
        plans = plans_render(states, options=options) if sql else {}
        for schema_name, error, _seconds in _run_batch(
            batch, workers=workers, options=options, plans=plans
        ):
            if error is None:
                report.migrated.append(schema_name)
            else:
                report.failed[schema_name] = error
            if progress:
                progress(1)
    report.seconds = time.monotonic() - started
    return report


def _run_batch(batch: list[str], *, workers: int, options: dict | None, plans: dict | None = None):
    plans = plans or {}
    jobs = [(name, dict(options or {}), plans.get(name)) for name in batch]
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
