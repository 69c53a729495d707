"""One harness for every benchmark of the project (``sokoguru bench NAME``).

Benchmarks are registered by dotted path in ``settings.BENCHMARKS`` (so any layer can add its
own); each is a ``run(**params)`` returning ``{"name", "params", "results", "baseline", "ratio"}``
— ``results`` and ``baseline`` map a metric to a number (seconds unless the name says otherwise),
``ratio`` maps the compared metrics to baseline / result (how many times faster). The harness
passes only the parameters a ``run`` accepts, prints a table and writes the JSON.

A module may declare ``QUICK`` (the parameters of a small, minutes-long run): ``sokoguru bench
--all --quick`` runs every benchmark with them and prints one table of ratios. On a database
that was never migrated the harness migrates it first (one line says so) instead of failing.

Helpers here: ``interleaved`` (baseline and candidate run alternately in the same process and
database, median of the rounds), ``catalog_size`` and ``tenants_ensure``.
"""

from __future__ import annotations

import inspect
import statistics
import time
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils.module_loading import import_string


class BenchError(Exception):
    pass


def registry() -> dict[str, str]:
    return dict(getattr(settings, "BENCHMARKS", {}))


def _load(name: str) -> Callable:
    benches = registry()
    if name not in benches:
        raise BenchError(f"bench tidak dikenal: {name} (ada: {', '.join(sorted(benches))})")
    try:
        return import_string(benches[name])
    except ImportError as exc:
        raise BenchError(f"bench {name}: {benches[name]} tidak dapat dimuat ({exc})") from exc


def quick_params(name: str) -> dict:
    """The ``QUICK`` parameters declared next to benchmark ``name``'s ``run`` (may be empty)."""
    module = inspect.getmodule(_load(name))
    return dict(getattr(module, "QUICK", {}) or {})


def database_ready(*, log: Callable[[str], object] = print) -> bool:
    """Migrate the database first when its public schema was never migrated (a fresh
    ``DATABASE_URL`` or an empty embedded cluster); return whether it had to."""
    connection.set_schema_to_public()
    with connection.cursor() as cur:
        cur.execute("SELECT to_regclass('public.tenancy_domain') IS NOT NULL")
        migrated = cur.fetchone()[0]
    if migrated:
        return False
    from django.core.management import call_command

    log("basis data belum dimigrasi: menjalankan `sokoguru migrate` terlebih dahulu...")
    call_command("migrate", interactive=False, verbosity=0)
    connection.set_schema_to_public()
    return True


def bench_run(name: str, params: dict) -> dict:
    """Run benchmark ``name`` with the ``params`` its ``run`` accepts; return its result dict."""
    run = _load(name)
    signature = inspect.signature(run)
    accepts_any = any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values())
    given = {k: v for k, v in params.items() if v is not None}
    call = given if accepts_any else {k: v for k, v in given.items() if k in signature.parameters}
    missing = [
        p.name
        for p in signature.parameters.values()
        if p.default is p.empty
        and p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)
        and p.name not in call
    ]
    if missing:
        raise BenchError(
            f"bench {name} memerlukan: " + ", ".join(f"--param {m}=..." for m in missing)
        )
    started = time.monotonic()
    try:
        result = dict(run(**call) or {})
    except DatabaseError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BenchError(
            f"bench {name}: basis data menolak ({first}); periksa DATABASE_URL lalu jalankan "
            "`sokoguru migrate`"
        ) from exc
    result.setdefault("name", name)
    result.setdefault("params", call)
    result.setdefault("results", {})
    result.setdefault("baseline", {})
    result.setdefault("ratio", ratios(result["baseline"], result["results"]))
    result.setdefault("seconds", round(time.monotonic() - started, 3))
    return result


def ratios(baseline: dict, results: dict) -> dict:
    """baseline / result for every numeric metric present in both (times faster)."""
    out = {}
    for key, base in baseline.items():
        ours = results.get(key)
        if isinstance(base, int | float) and isinstance(ours, int | float) and ours > 0:
            out[key] = round(base / ours, 2)
    return out


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def timed(fn: Callable[[int], object], i: int) -> float:
    started = time.perf_counter()
    fn(i)
    return time.perf_counter() - started


def interleaved(
    rounds: int, candidate: Callable[[int], object], baseline: Callable[[int], object]
) -> tuple[list[float], list[float]]:
    """Time ``candidate(i)`` and ``baseline(i)`` alternately (who goes first alternates too)."""
    ours: list[float] = []
    base: list[float] = []
    for i in range(rounds):
        if i % 2 == 0:
            ours.append(timed(candidate, i))
            base.append(timed(baseline, i))
        else:
            base.append(timed(baseline, i))
            ours.append(timed(candidate, i))
    return ours, base


def catalog_size() -> dict:
    """Database size and catalog counts (the cost of many schemas)."""
    connection.set_schema_to_public()
    with connection.cursor() as cur:
        cur.execute(
            """SELECT pg_database_size(current_database()),
                      (SELECT count(*) FROM pg_class),
                      (SELECT count(*) FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%%'
                          AND nspname <> 'information_schema'),
                      (SELECT count(*) FROM pg_attribute),
                      (SELECT count(*) FROM pg_trigger)"""
        )
        size, classes, schemas, attributes, triggers = cur.fetchone()
    from sokoguru.platform.tenancy.models import Cooperative

    return {
        "cooperatives": Cooperative.objects.exclude(kind=Cooperative.Kind.PLATFORM).count(),
        "schemas": schemas,
        "pg_database_size_mb": round(size / 1024 / 1024, 1),
        "pg_class_rows": classes,
        "pg_attribute_rows": attributes,
        "pg_trigger_rows": triggers,
    }


def tenants_ensure(count: int, *, log: Callable[[str], object] = print) -> int:
    """Make sure at least ``count`` cooperatives exist (generating the missing ones through the
    fast path); return how many exist."""
    from sokoguru.platform.tenancy.generate import cooperatives_generate
    from sokoguru.platform.tenancy.models import Cooperative
    from sokoguru.platform.tenancy.services import platform_bootstrap

    connection.set_schema_to_public()
    platform_bootstrap()
    existing = Cooperative.objects.exclude(kind=Cooperative.Kind.PLATFORM).count()
    if existing < count:
        log(f"membuat {count - existing} koperasi sintetis (sudah ada {existing})...")
        started = time.monotonic()
        result = cooperatives_generate(count=count - existing)
        if result.errors:
            raise BenchError(f"generator gagal: {dict(list(result.errors.items())[:3])}")
        log(f"  selesai dalam {time.monotonic() - started:.1f} s")
        existing = count
    return existing


def summary_table(results: list[dict], errors: dict[str, str]) -> str:
    """One table of every benchmark's ratios (what ``--all`` prints)."""
    rows = [("bench", "metrik", "sokoguru", "baseline", "rasio")]
    for result in results:
        ours, base, ratio = result["results"], result["baseline"], result["ratio"]
        for key in ratio or ours:
            rows.append(
                (
                    result["name"],
                    key,
                    _fmt(ours.get(key)),
                    _fmt(base.get(key)),
                    f"{ratio[key]:.2f}×" if key in ratio else "",
                )
            )
    for name, message in errors.items():
        rows.append((name, "GAGAL", message, "", ""))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = []
    for n, row in enumerate(rows):
        lines.append(
            "  ".join(
                c.ljust(w) if i < 2 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_table(result: dict) -> str:
    results, baseline, ratio = result["results"], result["baseline"], result["ratio"]
    keys = list(dict.fromkeys([*results, *baseline]))
    rows = [("metrik", "sokoguru", "baseline", "rasio")]
    for key in keys:
        rows.append(
            (
                key,
                _fmt(results.get(key)),
                _fmt(baseline.get(key)),
                f"{ratio[key]:.1f}×" if key in ratio else "",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [f"bench {result['name']}  {result.get('params', {})}"]
    for n, row in enumerate(rows):
        lines.append(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    for key, value in (result.get("info") or {}).items():
        lines.append(f"{key}: {value}")
    return "\n".join(lines)


def _fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}" if value < 10 else f"{value:.1f}"
    return str(value)
