"""bench migrate-noop: ``sokoguru migrate`` against django-tenants' ``migrate_schemas`` when every
one of ``tenants`` cooperatives is current (nothing to apply). Both run in this process on the
same database, alternately; median of the rounds."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.db import connection

from sokoguru.platform.bench import catalog_size, interleaved, median, ratios, tenants_ensure
from sokoguru.platform.tenancy.tenant_migrations import pending_schemas

# `sokoguru bench --all --quick`: a small run that finishes in well under a minute.
QUICK = {"tenants": 20, "rounds": 1}


def run(*, tenants: int = 0, rounds: int = 3) -> dict:
    existing = tenants_ensure(tenants)
    out = io.StringIO()
    # Bring every cooperative to the current state first (so both runs are no-ops).
    call_command("migrate", verbosity=0, interactive=False, no_progress=True, stdout=out)
    behind = len(pending_schemas())

    def ours(_i: int) -> None:
        call_command("migrate", verbosity=0, interactive=False, no_progress=True, stdout=out)
        connection.set_schema_to_public()

    def stock(_i: int) -> None:
        call_command("migrate_schemas", verbosity=0, interactive=False, stdout=out)
        connection.set_schema_to_public()

    fast, base = interleaved(rounds, ours, stock)
    results = {"migrate_s": round(median(fast), 4)}
    baseline = {"migrate_s": round(median(base), 4)}
    return {
        "name": "migrate-noop",
        "params": {"tenants": existing, "rounds": rounds},
        "results": results,
        "baseline": baseline,
        "ratio": ratios(baseline, results),
        "rounds": {
            "sokoguru": [round(x, 4) for x in fast],
            "baseline": [round(x, 4) for x in base],
        },
        "info": {
            "behind_before": behind,
            "baseline_per_schema_ms": round(median(base) / max(1, existing) * 1000, 1),
            **catalog_size(),
        },
    }
