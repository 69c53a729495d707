"""``sokoguru bench federation --tenants N``: what snapshots buy.

* **Aggregate**: a province-wide aggregate through the federation API (a GraphQL POST through the
  whole middleware stack, as a dinas official) over N cooperatives' snapshot rows, against the
  per-schema loop a platform without snapshots would run (enter each cooperative's schema, read
  its figures through its selectors, add them up). The loop runs over the real cooperative
  schemas of this database (at most N; say ``--param real=N`` to have the generator create
  more); when fewer than N exist its time is extrapolated linearly per schema and reported as
  such. Snapshot rows for the N cooperatives are generated in bulk (registry rows + snapshots,
  no schemas) inside a transaction that is rolled back at the end.
* **Flatness**: the same aggregate at 30, 1,000, 10,000 (up to N) cooperatives.
* **Kelurahan dashboard**: the server-rendered page of a kelurahan with 30 cooperatives.
* **Refresh throughput**: snapshots computed and written per second over the real schemas (the
  first ``books`` of them with books, seeded once): one by one (``snapshot_refresh`` in a loop,
  the baseline, in a warm backend) and ``snapshots_refresh_many`` (chunked writes) cold (a new
  backend), warm (the same backend again) and in ``workers`` fresh processes; and the queries
  per cooperative. These write real snapshot rows (derived data, as the nightly job would)
  outside the rolled-back transaction.
* **Incremental refresh**: with every real cooperative current, ``changed`` of them get their
  books marked changed; ``snapshots_refresh_changed`` refreshes just those. Also the cost of the
  check alone when nothing changed. The rows written for the measured cooperatives are deleted
  at the end; those of the catch-up (cooperatives that had no snapshot) stay.

Times are medians of ``rounds`` runs, in seconds."""

from __future__ import annotations

import json
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from sokoguru.federation.oversight.models import BodyRole, OversightBody
from sokoguru.federation.snapshots.compute import compute_figures
from sokoguru.federation.snapshots.models import CooperativeSnapshot
from sokoguru.federation.snapshots.services import cooperative_today, snapshot_refresh
from sokoguru.platform.accounts.models import User
from sokoguru.platform.tenancy.context import cooperative_schema
from sokoguru.platform.tenancy.models import Cooperative, Region
from sokoguru.platform.tenancy.selectors import cooperatives_active
from sokoguru.platform.tenancy.services import platform_bootstrap

PROVINCE = "99"
AGGREGATE_QUERY = """query($body: ID!) { federationAggregate(body: $body) {
  cooperativeCount membersActive savings { total } loans { outstanding nplRatio }
  totalAssets totalEquity nplDistribution { band count } } }"""


class _Rollback(Exception):
    pass


# `sokoguru bench --all --quick`: a small run that finishes in well under a minute.
QUICK = {"tenants": 100, "rounds": 1, "books": 20}


def _median(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _regions(count: int) -> list[str]:
    """A synthetic province 99 with one kelurahan per 30 cooperatives."""
    Region.objects.bulk_create(
        [
            Region(code=PROVINCE, name="PROVINSI UJI BEBAN", level=1),
            Region(code="99.01", name="KOTA UJI BEBAN", level=2, parent_id=PROVINCE),
        ],
        ignore_conflicts=True,
    )
    villages = []
    kecamatan = []
    for i in range(max(1, (count + 29) // 30)):
        district = f"99.01.{i // 900 + 1:02d}"
        kecamatan.append(district)
        villages.append(f"{district}.{i % 900 + 1001:04d}")
    Region.objects.bulk_create(
        [
            Region(code=d, name=f"KECAMATAN UJI {d}", level=3, parent_id="99.01")
            for d in sorted(set(kecamatan))
        ],
        ignore_conflicts=True,
    )
    Region.objects.bulk_create(
        [
            Region(code=v, name=f"KELURAHAN UJI {v}", level=4, parent_id=v.rsplit(".", 1)[0])
            for v in villages
        ],
        ignore_conflicts=True,
    )
    return villages


def _synthetic(count: int, villages: list[str], today: date) -> list[Cooperative]:
    coops = Cooperative.objects.bulk_create(
        [
            Cooperative(
                name=f"Koperasi Uji Beban {i:05d}",
                slug=f"bench-{i:05d}",
                kind=Cooperative.Kind.PRIMARY_RW,
                domicile_id=villages[i // 30],
                schema_name=f"k_bench_{i:05d}",
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    now = timezone.now()
    rows = []
    for i, coop in enumerate(coops):
        outstanding = Decimal(10_000_000 + (i % 97) * 100_000)
        macet = Decimal((i % 7) * 150_000)
        rows.append(
            CooperativeSnapshot(
                cooperative=coop,
                date=today,
                region_code=coop.domicile_id,
                cooperative_kind=coop.kind,
                is_latest=True,
                members_active=40 + i % 60,
                savings_pokok=Decimal(4_000_000),
                savings_wajib=Decimal(6_000_000 + i % 13 * 50_000),
                savings_sukarela=Decimal(3_000_000),
                savings_total=Decimal(13_000_000 + i % 13 * 50_000),
                loans_count=10,
                loans_outstanding=outstanding,
                loans_lancar_outstanding=outstanding - macet,
                loans_macet_outstanding=macet,
                npl_ratio=(macet / outstanding).quantize(Decimal("0.0001")),
                total_assets=Decimal(30_000_000),
                total_equity=Decimal(20_000_000),
                computed_at=now,
            )
        )
    CooperativeSnapshot.objects.bulk_create(rows, batch_size=2000)
    return coops


def _official(body: OversightBody, email: str) -> Client:
    user = User.objects.create_user(email=email, password=None)
    BodyRole.objects.create(user=user, body=body, role=BodyRole.Role.OFFICIAL)
    client = Client()
    client.force_login(user)
    session = client.session
    session["_sokoguru_schema"] = "public"
    session.save()
    return client


def _post(client: Client, query: str, variables: dict) -> dict:
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables}),
        content_type="application/json",
        HTTP_HOST=settings.PLATFORM_DOMAIN,
    )
    connection.set_schema_to_public()
    body = response.json()
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    return body["data"]


def _real_cooperatives(limit: int) -> list[Cooperative]:
    with connection.cursor() as cur:
        cur.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'k\\_%%'")
        schemas = {r[0] for r in cur.fetchall()}
    coops = cooperatives_active().order_by("pk")
    return [c for c in coops if c.schema_name in schemas][:limit]


def books_seed(coops: list[Cooperative], *, members: int = 10, loans: int = 3, log=print) -> int:
    """Give each of ``coops`` books to read (once; a seeded cooperative is left alone): a grant in
    cash, ``members`` members with pokok paid, ``loans`` disbursed loans and the last month's
    wajib bills — through the services, as the load bench seeds its cooperatives. Returns how
    many were seeded now."""
    from sokoguru.federation.snapshots.load_bench import _seed_books, _user
    from sokoguru.platform.accounts.models import CooperativeRole
    from sokoguru.platform.accounts.permissions import SYSTEM
    from sokoguru.platform.accounts.services import cooperative_role_grant
    from sokoguru.tenants.members.models import Member
    from sokoguru.tenants.savings.services import wajib_bills_generate

    seeded = 0
    started = time.monotonic()
    for n, coop in enumerate(coops, start=1):
        with cooperative_schema(coop):
            if Member.objects.exists():
                continue
        officers = {}
        for role in (CooperativeRole.Role.KASIR, CooperativeRole.Role.BENDAHARA):
            user = _user(f"{role}.{coop.slug}@bench.sokoguru.invalid", f"{role.label} {coop.slug}")
            cooperative_role_grant(user=user, cooperative=coop, role=role)
            officers[str(role)] = user
        # NIK serials (n·300 + member) % 10000 never 0000.
        _seed_books(coop, (n - 1) % 33 + 1, members=members, loans=loans, officers=officers)
        with cooperative_schema(coop), transaction.atomic():
            period = cooperative_today(coop).replace(day=1) - timedelta(days=1)
            wajib_bills_generate(created_by_id=SYSTEM, period=period.replace(day=1))
        seeded += 1
        if seeded % 50 == 0:
            log(f"  {seeded} koperasi diberi pembukuan ({time.monotonic() - started:.0f} s)")
    return seeded


def _loop(coops: list[Cooperative]) -> dict:
    """The baseline: walk every schema and add its figures up."""
    totals: dict = {}
    for coop in coops:
        with cooperative_schema(coop):
            today = cooperative_today(coop)
            row = compute_figures(as_of=today, today=today)
        for key, value in row.items():
            if isinstance(value, int | Decimal):
                totals[key] = totals.get(key, 0) + value
    return totals


def _refresh_many(real_coops: list[Cooperative], *, workers: int, changed: int) -> tuple:
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    from sokoguru.federation.snapshots.services import (
        snapshots_refresh_changed,
        snapshots_refresh_many,
    )

    results, info = {}, {}
    ids = [c.pk for c in real_coops]
    started_at = timezone.now()
    # Cold: a new backend, whose relation and catalog caches hold none of these schemas (what
    # a freshly started worker, or one that visits other cooperatives each time, pays). Warm:
    # the same cooperatives again in the same backend (a long-lived worker revisiting its
    # partition); its caches are as warm as the one-by-one loop's: directly comparable.
    if not connection.in_atomic_block:  # (a test's transaction keeps its connection)
        connections.close_all()
    report = snapshots_refresh_many(cooperative_ids=ids, workers=1)
    results["refresh_many_cold_cooperatives_per_s"] = round(report.per_second, 2)
    report = snapshots_refresh_many(cooperative_ids=ids, workers=1)
    results["refresh_many_1_worker_cooperatives_per_s"] = round(report.per_second, 2)
    sample = ids[:50]
    with CaptureQueriesContext(connection) as captured:
        snapshots_refresh_many(cooperative_ids=sample, workers=1, chunk_size=len(sample))
    results["refresh_queries_per_cooperative"] = round(
        len(captured.captured_queries) / len(sample), 1
    )
    info["refresh_queries"] = (
        f"{len(captured.captured_queries)} queries for {len(sample)} cooperatives in one chunk "
        "(reads in each schema, the chunk's writes shared)"
    )
    # Then in ``workers`` fresh processes (cold caches, in parallel).
    report = snapshots_refresh_many(cooperative_ids=ids, workers=workers)
    results["refresh_many_cooperatives_per_s"] = round(report.per_second, 2)
    info["refresh_many"] = (
        f"{report.refreshed} cooperatives in {report.seconds:.2f} s, {workers} workers "
        f"(fresh backends), {len(report.failed)} failed"
    )
    # Bring every cooperative of the database up to date (those beyond the measured ones have
    # no snapshot yet: the refresh picks them up too), untimed; then the check alone when
    # nothing changed, then a few changed books.
    started = time.perf_counter()
    catch_up = snapshots_refresh_changed(now=timezone.now(), workers=workers)
    catch_up_s = time.perf_counter() - started
    info["incremental_catch_up"] = (
        f"{catch_up.refreshed} without a current snapshot refreshed first (their rows stay) "
        f"in {catch_up_s:.1f} s ({workers} workers)"
    )
    if catch_up.refreshed >= 100:  # the whole database's refresh: its throughput at this size
        results["refresh_all_cooperatives_per_s"] = round(catch_up.refreshed / catch_up_s, 2)
    started = time.perf_counter()
    none = snapshots_refresh_changed(now=timezone.now(), workers=workers)
    results["incremental_nothing_changed_s"] = round(time.perf_counter() - started, 4)
    info["incremental_nothing_changed"] = f"{none.refreshed} refreshed"
    picked = ids[:: max(1, len(ids) // max(1, changed))][:changed]
    Cooperative.objects.filter(pk__in=picked).update(books_changed_at=timezone.now())
    later = timezone.now() + timedelta(seconds=1)
    started = time.perf_counter()
    report = snapshots_refresh_changed(now=later, workers=workers)
    results["incremental_s"] = round(time.perf_counter() - started, 4)
    info["incremental"] = (
        f"{report.refreshed} of {len(ids)} cooperatives changed, refreshed in "
        f"{results['incremental_s']:.3f} s (the others not read)"
    )
    # The rows written here go again (derived data: the next refresh writes them back).
    CooperativeSnapshot.objects.filter(cooperative_id__in=ids, computed_at__gte=started_at).delete()
    return results, info


def run(
    *,
    tenants: int,
    rounds: int = 5,
    real: int | None = None,
    workers: int = 2,
    changed: int = 100,
    books: int = 50,
    sample: int | None = None,
) -> dict:
    """See the module docstring. ``real``: make sure that many real schemas exist first (the
    scale generator); by default only existing ones are used. ``books``: the first that many
    real cooperatives get books (members, savings, loans, wajib bills) before the refresh is
    measured (once; later runs reuse them). ``sample``: measure the per-schema loop and the
    refresh over at most that many real schemas (the loop's time is then extrapolated to
    ``tenants``); by default over all, up to ``tenants``."""
    connection.set_schema_to_public()
    platform_bootstrap()
    if real:
        from sokoguru.platform.bench import tenants_ensure

        tenants_ensure(real)
    rounds = max(1, rounds)
    today = timezone.localdate()
    real_coops = _real_cooperatives(min(tenants, int(sample)) if sample else tenants)
    results: dict = {}
    baseline: dict = {}
    info: dict = {}
    if real_coops and int(books):
        with_books = real_coops[: int(books)]
        books_seed(with_books)
        info["books"] = (
            f"{len(with_books)} of the {len(real_coops)} real cooperatives have books "
            "(10 members with pokok, 3 loans, last month's wajib bills)"
        )
    try:
        with transaction.atomic():
            villages = _regions(tenants)
            sizes = sorted({s for s in (30, 1000, 10000, tenants) if s <= tenants})
            province = OversightBody.objects.create(
                name="Dinas Uji Beban",
                slug="bench-dinas",
                kind="dinas_provinsi",
                region_id=PROVINCE,
            )
            kelurahan = OversightBody.objects.create(
                name="Kelurahan Uji Beban",
                slug="bench-kelurahan",
                kind="kelurahan",
                region_id=villages[0],
            )
            dinas = _official(province, "bench.dinas@sokoguru.invalid")
            lurah = _official(kelurahan, "bench.lurah@sokoguru.invalid")
            body = {"body": _global_id("body:bench-dinas")}
            coops = _synthetic(tenants, villages, today)
            # Flatness: hide rows beyond each size by deactivating them (one UPDATE each).
            flat = {}
            for size in sizes:
                Cooperative.objects.filter(pk__in=[c.pk for c in coops[:size]]).update(
                    is_active=True
                )
                Cooperative.objects.filter(pk__in=[c.pk for c in coops[size:]]).update(
                    is_active=False
                )
                data = _post(dinas, AGGREGATE_QUERY, body)["federationAggregate"]
                assert data["cooperativeCount"] == size, data
                flat[size] = _median(lambda: _post(dinas, AGGREGATE_QUERY, body), rounds)
            for size, seconds in flat.items():
                results[f"aggregate_api_{size}_s"] = round(seconds, 5)
            results["aggregate_api_s"] = results[f"aggregate_api_{tenants}_s"]
            info["aggregate_flatness"] = (
                f"{flat[sizes[-1]] / flat[sizes[0]]:.2f}× from {sizes[0]} to {sizes[-1]}"
            )

            # The kelurahan dashboard (30 cooperatives in its kelurahan).
            path = f"/dasbor/badan/{kelurahan.slug}/"

            def page():
                response = lurah.get(path, HTTP_HOST=settings.PLATFORM_DOMAIN)
                connection.set_schema_to_public()
                assert response.status_code == 200, response.status_code

            results["kelurahan_dashboard_s"] = round(_median(page, rounds), 5)

            raise _Rollback
    except _Rollback:
        pass
    connection.set_schema_to_public()
    refresh_started = timezone.now()
    # The per-schema loop over real schemas (the same figures, summed), outside the rolled-back
    # transaction: one transaction over hundreds of schemas would hold a lock on each of their
    # relations until its end (the server's lock table is shared).
    if real_coops:
        loop_s = _median(lambda: _loop(real_coops), max(1, min(rounds, 3)))
        per_schema = loop_s / len(real_coops)
        baseline["aggregate_api_s"] = round(per_schema * tenants, 5)
        info["loop_measured"] = (
            f"{len(real_coops)} real schemas in {loop_s:.3f} s "
            f"({per_schema * 1000:.1f} ms per schema)"
        )
        if len(real_coops) < tenants:
            info["loop_extrapolated"] = (
                f"baseline for {tenants} = {len(real_coops)}-schema loop × "
                f"{tenants / len(real_coops):.1f} (linear)"
            )

        # Refresh throughput over the same real schemas.
        started = time.perf_counter()
        for coop in real_coops:
            snapshot_refresh(cooperative=coop)
        elapsed = time.perf_counter() - started
        results["refresh_cooperatives_per_s"] = round(len(real_coops) / elapsed, 2)
        info["refresh"] = f"{len(real_coops)} cooperatives in {elapsed:.2f} s"
    else:
        info["loop_measured"] = "no real cooperative schemas in this database"
    if real_coops:
        CooperativeSnapshot.objects.filter(
            cooperative_id__in=[c.pk for c in real_coops], computed_at__gte=refresh_started
        ).delete()
        more, more_info = _refresh_many(real_coops, workers=int(workers), changed=int(changed))
        results.update(more)
        info.update(more_info)
    ratio = {}
    for key in (
        "refresh_many_cold_cooperatives_per_s",
        "refresh_many_1_worker_cooperatives_per_s",
        "refresh_many_cooperatives_per_s",
    ):
        if results.get(key) and results.get("refresh_cooperatives_per_s"):
            baseline[key] = results["refresh_cooperatives_per_s"]
            ratio[key] = round(results[key] / baseline[key], 2)
    if baseline.get("aggregate_api_s") and results.get("aggregate_api_s"):
        ratio["aggregate_api_s"] = round(
            baseline["aggregate_api_s"] / results["aggregate_api_s"], 1
        )
    return {
        "name": "federation",
        "params": {
            "tenants": tenants,
            "rounds": rounds,
            "real": real,
            "workers": workers,
            "changed": changed,
            "sample": sample,
        },
        "results": results,
        "baseline": baseline,
        "ratio": ratio,
        "info": info,
    }


def _global_id(key: str) -> str:
    from graphql_relay import to_global_id

    # Global ids are bound to their host (graphql/core/ids.py): the platform is "public".
    return to_global_id("FederationBody", f"public:{key}")


__all__ = ["run"]
