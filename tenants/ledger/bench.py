"""Benchmark: postings per second through ``transaction_post`` against the same inserts as raw
SQL, with 1 and more concurrent clients, in interleaved rounds (median of the rounds; each round
is four slices per side in ABBA order, so that both sides run under the same load).

Each posting is one committed database transaction: a transaction row and its two legs (cash
debit, sales credit). The raw-SQL baseline uses a plain psycopg2 connection per client and the
same tables, so PostgreSQL's ledger triggers run for both; the difference is everything the
service adds (validation, the idempotency key and closed-period test inside its statement, the
registry mark after commit, Django). The output states the baseline's SQL and the round trips
of both sides. It runs in a throw-away cooperative created for the run and dropped after.
"""

from __future__ import annotations

import gc
import statistics
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

import psycopg2
from django.conf import settings
from django.db import connection

from sokoguru.platform.tenancy.context import switch_to_cooperative
from sokoguru.tenants.ledger import chart

BENCH_SLUG = "bench-ledger"
AMOUNT = Decimal("10000.00")


# `sokoguru bench --all --quick`: a small run that finishes in well under a minute.
QUICK = {"rounds": 1, "postings": 100}


def _bench_cooperative():
    """A fresh cooperative for the run (a leftover from an interrupted run is dropped)."""
    from sokoguru.platform.tenancy.models import Cooperative, Region
    from sokoguru.platform.tenancy.services import (
        DEMO_REGIONS,
        cooperative_provision,
        region_load_csv,
    )

    connection.set_schema_to_public()
    _drop_bench_cooperative()
    region = Region.objects.filter(level=Region.Level.VILLAGE).order_by("code").first()
    if region is None:
        region_load_csv(path=DEMO_REGIONS)
        region = Region.objects.filter(level=Region.Level.VILLAGE).order_by("code").first()
    cooperative = cooperative_provision(
        name="Koperasi uji kinerja buku besar",
        slug=BENCH_SLUG,
        kind=Cooperative.Kind.PRIMARY_OTHER,
        domicile_code=region.code,
    )
    return cooperative


def _drop_bench_cooperative() -> None:
    from sokoguru.platform.tenancy.models import Cooperative, Domain

    connection.set_schema_to_public()
    schema = Cooperative.schema_for_slug(BENCH_SLUG)
    with connection.cursor() as cur:
        cur.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    Domain.objects.filter(tenant__slug=BENCH_SLUG).delete()
    Cooperative.objects.filter(slug=BENCH_SLUG).delete()


def _service_client(cooperative, keys: Sequence[str], day: date) -> Callable[[], None]:
    from sokoguru.tenants.ledger.services import Leg, post_statement_prepare, transaction_post

    def prepare() -> None:
        # Connected, search path set and the statement prepared before the clock starts, as
        # the raw side's connection is set up before it.
        switch_to_cooperative(cooperative)
        post_statement_prepare()

    def run() -> None:
        legs = [
            Leg(account=chart.CASH, debit=AMOUNT),
            Leg(account=chart.SALES, credit=AMOUNT),
        ]
        for key in keys:
            transaction_post(
                date=day,
                description="Penjualan uji kinerja",
                legs=legs,
                idempotency_key=key,
                source_kind="bench.sale",
                source_id=key,
            )

    def close() -> None:
        connection.close()

    return prepare, run, close


_RAW_TXN = (
    "INSERT INTO ledger_journaltransaction (date, description, source_kind, source_id, "
    "idempotency_key, fingerprint, amount, created_at) "
    "VALUES (%s, 'Penjualan uji kinerja', 'bench.sale', %s, %s, '', %s, now()) RETURNING id"
)
_RAW_LEGS = (
    "INSERT INTO ledger_journalleg (transaction_id, account_code, date, debit, credit) "
    "VALUES (%s, %s, %s, %s, 0), (%s, %s, %s, 0, %s)"
)


# psycopg2 sends BEGIN on its own before the first statement of a transaction.
RAW_ROUND_TRIPS = 4
SERVICE_ROUND_TRIPS = 2


def _raw_client(cooperative, keys: Sequence[str], day: date) -> Callable[[], None]:
    db = settings.DATABASES["default"]
    state = {}

    def prepare() -> None:
        conn = psycopg2.connect(
            dbname=db["NAME"],
            user=db["USER"],
            password=db["PASSWORD"] or None,
            host=db["HOST"] or None,
            port=db["PORT"] or None,
        )
        with conn.cursor() as cur:
            cur.execute(f'SET search_path = "{cooperative.schema_name}", public')
        conn.commit()
        state["conn"] = conn

    def run() -> None:
        conn = state["conn"]
        with conn.cursor() as cur:
            for key in keys:
                cur.execute(_RAW_TXN, [day, key, key, AMOUNT])
                (txn_id,) = cur.fetchone()
                cur.execute(
                    _RAW_LEGS,
                    [txn_id, chart.CASH, day, AMOUNT, txn_id, chart.SALES, day, AMOUNT],
                )
                conn.commit()

    def close() -> None:
        state["conn"].close()

    return prepare, run, close


def _measure(make_client, cooperative, *, postings: int, clients: int, tag: str) -> float:
    """Seconds taken by ``postings`` split over ``clients`` threads (connections are opened and
    set up before the clock starts, closed after it stops)."""
    day = date.today()  # noqa: DTZ011 - any open date will do
    per_client = [
        postings // clients + (1 if i < postings % clients else 0) for i in range(clients)
    ]
    run_id = uuid.uuid4().hex[:8]
    workers = [
        make_client(cooperative, [f"bench:{tag}:{run_id}:{c}:{i}" for i in range(n)], day)
        for c, n in enumerate(per_client)
    ]
    ready = threading.Barrier(clients + 1)
    done = threading.Barrier(clients + 1)
    errors: list[BaseException] = []

    def thread_main(prepare, run, close) -> None:
        try:
            prepare()
            ready.wait()
            try:
                run()
            except BaseException as exc:  # reported after the run
                errors.append(exc)
            done.wait()
        finally:
            close()

    threads = [threading.Thread(target=thread_main, args=w) for w in workers]
    for thread in threads:
        thread.start()
    gc.collect()  # neither side pays for the other's garbage
    ready.wait()
    started = time.perf_counter()
    done.wait()
    elapsed = time.perf_counter() - started
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return elapsed


# A round's postings are measured in this many slices per side, alternating the sides in ABBA
# order, so that on a shared machine both run under the same load.
SLICES = 4


def _round(modes, cooperative, *, postings: int, clients: int, first: str) -> dict[str, float]:
    """Postings per second of each side over one round of ``postings`` per side."""
    second = next(mode for mode in modes if mode != first)
    sizes = [
        max(clients, postings // SLICES + (1 if i < postings % SLICES else 0))
        for i in range(SLICES)
    ]
    elapsed = {first: 0.0, second: 0.0}
    for i, size in enumerate(sizes):
        for mode in (first, second) if i % 4 in (0, 3) else (second, first):
            elapsed[mode] += _measure(
                modes[mode], cooperative, postings=size, clients=clients, tag=mode
            )
    return {mode: sum(sizes) / seconds for mode, seconds in elapsed.items()}


def run(*, rounds: int = 5, postings: int = 500, clients: Sequence[int] = (1, 4)) -> dict:
    """Run the benchmark; returns ``{"name", "params", "results", "baseline", "ratio"}`` where
    results (service) and baseline (raw SQL) are median postings per second by client count
    and ratio is results / baseline."""
    if isinstance(clients, str | int):  # `--param clients=1,4` from the bench harness
        clients = str(clients).split(",")
    clients = tuple(int(c) for c in clients)
    cooperative = _bench_cooperative()
    samples: dict[str, dict[int, list[float]]] = {
        "service": {c: [] for c in clients},
        "raw": {c: [] for c in clients},
    }
    modes = {"service": _service_client, "raw": _raw_client}
    try:
        for mode, make_client in modes.items():  # warm-up: connections, plans, caches
            _measure(make_client, cooperative, postings=20, clients=1, tag=f"warm-{mode}")
        for r in range(rounds):
            for c in clients:
                first = "service" if r % 2 == 0 else "raw"
                speeds = _round(modes, cooperative, postings=postings, clients=c, first=first)
                for mode, speed in speeds.items():
                    samples[mode][c].append(speed)
    finally:
        connection.set_schema_to_public()
        _drop_bench_cooperative()
    results = {str(c): round(statistics.median(samples["service"][c]), 1) for c in clients}
    baseline = {str(c): round(statistics.median(samples["raw"][c]), 1) for c in clients}
    return {
        "name": "ledger",
        "params": {"rounds": rounds, "postings": postings, "clients": list(clients)},
        "results": results,
        "baseline": baseline,
        "ratio": {c: round(results[c] / baseline[c], 3) for c in results},
        "info": {
            "baseline SQL": f"BEGIN; {_RAW_TXN}; {_RAW_LEGS}; COMMIT",
            "round trips per posting": (
                f"baseline {RAW_ROUND_TRIPS} (BEGIN, 2 INSERT, COMMIT); transaction_post "
                f"{SERVICE_ROUND_TRIPS} (one prepared statement in autocommit: transaction, "
                "legs, idempotency key, closed-period and account test; then the registry "
                "books-changed mark)"
            ),
        },
    }
