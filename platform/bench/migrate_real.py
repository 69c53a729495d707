"""bench migrate-real: a real migration of ``tenants`` cooperatives that lack the same migrations,
applied by ``sokoguru migrate``'s SQL plan (rendered once per recorded state, replayed in each
schema in one round trip) against Django's executor in every schema (``sql=False``, the way it
ran before), alternately, ``workers`` processes each. Before each run every cooperative is put
behind by unapplying ``behind`` (``app:migration`` pairs, comma-separated) with the executor
(not timed). After the SQL runs, every schema is compared with the template."""

from __future__ import annotations

from django.db import connection

from sokoguru.platform.bench import BenchError, catalog_size, median, ratios, tenants_ensure, timed
from sokoguru.platform.tenancy import template
from sokoguru.platform.tenancy.ddl import catalog_differences, schema_catalog
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.platform.tenancy.tenant_migrations import _run_batch, all_schemas, tenants_migrate

QUICK = {"tenants": 5, "rounds": 1}


def _put_behind(names: list[str], targets: list[tuple[str, str]], workers: int) -> None:
    for app, migration in targets:
        options = {"app_label": app, "migration_name": migration, "verbosity": 0}
        failed = [(n, e) for n, e, _ in _run_batch(names, workers=workers, options=options) if e]
        if failed:
            raise BenchError(f"unapplying {app}.{migration} failed: {failed[:3]}")
    connection.set_schema_to_public()
    Cooperative.objects.filter(schema_name__in=names).update(migration_state="bench-lama")


def _drifted(names: list[str]) -> int:
    expected = schema_catalog(template.TEMPLATE_SCHEMA, data=False)
    drifted = sum(1 for n in names if catalog_differences(expected, schema_catalog(n, data=False)))
    connection.set_schema_to_public()
    return drifted


def run(
    *,
    tenants: int = 0,
    rounds: int = 1,
    workers: int = 2,
    behind: str = "savings:0001_initial,shu:0001_initial",
) -> dict:
    existing = tenants_ensure(tenants)
    targets = [tuple(pair.split(":", 1)) for pair in behind.split(",")]
    template.tenant_ddl()
    tenants_migrate(workers=workers)  # everything current before it starts
    names = all_schemas()
    runs: dict[str, list[float]] = {"sql": [], "executor": []}
    migrated: dict[str, int] = {}
    drifted = 0

    def one(way: str, i: int) -> None:
        nonlocal drifted
        _put_behind(names, targets, workers)
        report: list = []
        runs[way].append(
            timed(lambda _i: report.append(tenants_migrate(workers=workers, sql=way == "sql")), i)
        )
        if not report[0].ok:
            raise BenchError(f"{way}: {dict(list(report[0].failed.items())[:3])}")
        migrated[way] = len(report[0].migrated)
        if way == "sql":
            drifted = max(drifted, _drifted(names))

    for i in range(rounds):
        for way in ("sql", "executor") if i % 2 == 0 else ("executor", "sql"):
            one(way, i)
    n = max(1, len(names))
    results = {"per_schema_s": round(median(runs["sql"]) / n, 4)}
    baseline = {"per_schema_s": round(median(runs["executor"]) / n, 4)}
    return {
        "name": "migrate-real",
        "params": {"tenants": existing, "rounds": rounds, "workers": workers, "behind": behind},
        "results": results,
        "baseline": baseline,
        "ratio": ratios(baseline, results),
        "rounds": {k: [round(x, 3) for x in v] for k, v in runs.items()},
        "info": {
            "migrated_sql": migrated.get("sql"),
            "migrated_executor": migrated.get("executor"),
            "drifted_after_sql": drifted,
            **catalog_size(),
        },
    }
