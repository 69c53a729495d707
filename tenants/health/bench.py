"""Benchmark: one cooperative's health computation (``health_compute`` for last month: the
figures from the books, the scoring, the upsert) on the demo's seeded data (``sokoguru demo
--no-serve`` first), against the plain income statement of the same fiscal year to date in the
same process and database, in interleaved rounds (median). The target is under 200 ms."""

from __future__ import annotations

import statistics
from datetime import timedelta

from django.db import connection, transaction

from sokoguru.platform.bench import interleaved
from sokoguru.platform.tenancy.context import cooperative_schema

QUICK = {"rounds": 5}


def run(*, rounds: int = 30, cooperative: str = "hj-rw01") -> dict:
    from sokoguru.platform.accounts.permissions import SYSTEM
    from sokoguru.platform.tenancy.models import Cooperative
    from sokoguru.tenants.bylaws.calendar import cooperative_today
    from sokoguru.tenants.health.services import health_compute
    from sokoguru.tenants.ledger.fiscal import fiscal_year_start
    from sokoguru.tenants.ledger.statements import income_statement

    connection.set_schema_to_public()
    coop = Cooperative.objects.filter(slug=cooperative).first()
    if coop is None:
        raise RuntimeError(
            f"cooperative: {cooperative!r} tidak ada — jalankan dulu `sokoguru demo --no-serve`."
        )
    with cooperative_schema(coop):
        month = cooperative_today().replace(day=1) - timedelta(days=1)
        start = fiscal_year_start(month)

        def candidate(_i):
            with transaction.atomic():
                health_compute(month=month, actor=SYSTEM)

        def baseline(_i):
            income_statement(start=start, end=month)

        candidate(0)  # warm caches
        baseline(0)
        ours, base = interleaved(rounds, candidate, baseline)
    compute = round(statistics.median(ours), 4)
    statement = round(statistics.median(base), 4)
    return {
        "name": "health",
        "params": {"rounds": rounds, "cooperative": cooperative, "month": month.isoformat()},
        # One metric, two ways: the whole assessment vs the income statement alone.
        "results": {"seconds per cooperative": compute},
        "baseline": {"seconds per cooperative": statement},
        "ratio": {"seconds per cooperative": round(statement / compute, 3)},
    }
