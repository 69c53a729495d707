"""bench backend-memory: what one database backend keeps after visiting many cooperatives.

A pooled connection that serves many cooperatives keeps, for every relation it touched, its
relation-cache and catalog-cache entries until it ends. This bench opens a new backend, runs a
balance query (``ledger_journalleg`` joined to ``ledger_account``, summed per account) in each of
``schemas`` cooperatives' schemas, and reads the backend's memory: PostgreSQL's own accounting
(``pg_backend_memory_contexts``: the whole backend and ``CacheMemoryContext``) and, when the
server runs on this machine, the operating system's (``/proc/<pid>/smaps_rollup``: private and
resident memory). The baseline is the same backend before its first cooperative.

Results are in MB (``*_mb``) and KB per schema; ``ratio`` is left empty (there is nothing to be
faster than)."""

from __future__ import annotations

import time
from pathlib import Path

from django.db import connection

from sokoguru.platform.bench import tenants_ensure
from sokoguru.platform.tenancy.context import cooperative_schema
from sokoguru.platform.tenancy.models import Cooperative

QUICK = {"schemas": 20}

BALANCE_SQL = (
    "SELECT a.code, coalesce(sum(l.debit), 0) - coalesce(sum(l.credit), 0) "
    "FROM ledger_account a LEFT JOIN ledger_journalleg l ON l.account_code = a.code "
    "GROUP BY a.code"
)


def _memory(cur) -> dict:
    cur.execute(
        "SELECT coalesce(sum(total_bytes), 0), "
        "coalesce(sum(total_bytes) FILTER (WHERE name = 'CacheMemoryContext' "
        "OR parent = 'CacheMemoryContext'), 0) FROM pg_backend_memory_contexts"
    )
    total, cache = cur.fetchone()
    cur.execute("SELECT pg_backend_pid()")
    pid = cur.fetchone()[0]
    out = {"contexts_mb": float(total) / 2**20, "cache_mb": float(cache) / 2**20}
    rollup = Path(f"/proc/{pid}/smaps_rollup")
    try:
        fields = {}
        for line in rollup.read_text().splitlines()[1:]:
            key, value = line.split(":", 1)
            fields[key] = int(value.split()[0])  # kB
        out["private_mb"] = (fields["Private_Clean"] + fields["Private_Dirty"]) / 1024
        out["rss_mb"] = fields["Rss"] / 1024
    except (OSError, KeyError, ValueError):
        pass  # the server runs elsewhere: PostgreSQL's own accounting only
    return out


def run(*, schemas: int = 1000) -> dict:
    tenants_ensure(schemas)
    connection.close()  # a new backend: nothing cached yet
    connection.set_schema_to_public()
    coops = list(
        Cooperative.objects.exclude(kind=Cooperative.Kind.PLATFORM).order_by("pk")[:schemas]
    )
    with connection.cursor() as cur:
        before = _memory(cur)
    started = time.perf_counter()
    for coop in coops:
        with cooperative_schema(coop), connection.cursor() as cur:
            cur.execute(BALANCE_SQL)
            cur.fetchall()
    elapsed = time.perf_counter() - started
    connection.set_schema_to_public()
    with connection.cursor() as cur:
        after = _memory(cur)
    connection.close()  # give the memory back
    results = {f"{k}": round(v, 2) for k, v in after.items()}
    baseline = {f"{k}": round(v, 2) for k, v in before.items()}
    per_schema = {
        f"{k.removesuffix('_mb')}_kb_per_schema": round(
            (after[k] - before[k]) * 1024 / max(1, len(coops)), 1
        )
        for k in after
        if k in before
    }
    return {
        "name": "backend-memory",
        "params": {"schemas": len(coops)},
        "results": results,
        "baseline": baseline,
        "ratio": {},
        "info": {**per_schema, "visit_s": round(elapsed, 2)},
    }


__all__ = ["run"]
