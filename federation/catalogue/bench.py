"""``sokoguru bench catalogue [--tenants 30] [--param products=50] [--rounds 50]``: server time
of the public catalogue pages (a GET through the whole middleware stack, no login) over a
kelurahan of ``tenants`` opted-in cooperatives with ``products`` published products each.

The registry and projection rows are generated in bulk (no schemas) inside a transaction that is
rolled back at the end. Reported: p50 and p95 in seconds of the kelurahan page (first page, a
search, a kind filter, a later page), a cooperative's page and a product page. Baseline: what
reading the same catalogue from the cooperatives' own schemas would cost (the real schemas of
this database, ``catalogue_projection`` in each, extrapolated linearly to ``tenants``)."""

from __future__ import annotations

import statistics
import time
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from sokoguru.federation.catalogue.models import CatalogueItem, CatalogueOptIn, CatalogueState
from sokoguru.platform.accounts.models import User
from sokoguru.platform.tenancy.context import switch_to_cooperative
from sokoguru.platform.tenancy.models import Cooperative, Region
from sokoguru.platform.tenancy.services import platform_bootstrap

VILLAGE = "99.02.01.1001"
KINDS = ["hidroponik", "toga", "olahan_pangan", "kerajinan_daur_ulang", "lainnya"]
WORDS = [
    "selada",
    "pakcoy",
    "kangkung",
    "jahe",
    "kunyit",
    "sereh",
    "keripik",
    "sambal",
    "tas",
    "pot",
    "madu",
    "kopi",
]


class _Rollback(Exception):
    pass


def _percentiles(fn, rounds: int) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    times.sort()
    p95 = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
    return statistics.median(times), p95


def _seed(tenants: int, products: int) -> tuple[list[Cooperative], list[CatalogueItem]]:
    Region.objects.bulk_create(
        [
            Region(code="99", name="PROVINSI UJI BEBAN", level=1),
            Region(code="99.02", name="KOTA UJI KATALOG", level=2, parent_id="99"),
            Region(code="99.02.01", name="KECAMATAN UJI KATALOG", level=3, parent_id="99.02"),
            Region(code=VILLAGE, name="KELURAHAN UJI KATALOG", level=4, parent_id="99.02.01"),
        ],
        ignore_conflicts=True,
    )
    coops = Cooperative.objects.bulk_create(
        [
            Cooperative(
                name=f"Koperasi RW {i + 1:02d} Uji Katalog",
                slug=f"bench-cat-{i:03d}",
                kind=Cooperative.Kind.PRIMARY_RW,
                domicile_id=VILLAGE,
                schema_name=f"k_bench_cat_{i:03d}",
            )
            for i in range(tenants)
        ]
    )
    user = User.objects.create_user(email="bench.katalog@sokoguru.invalid", password=None)
    now = timezone.now()
    CatalogueOptIn.objects.bulk_create(
        [CatalogueOptIn(cooperative=c, is_opted_in=True, updated_by=user) for c in coops]
    )
    CatalogueState.objects.bulk_create(
        [
            CatalogueState(cooperative=c, published_at=now, contact_phone="0812-0000-0000")
            for c in coops
        ]
    )
    items = []
    for ci, coop in enumerate(coops):
        for pi in range(products):
            word = WORDS[(ci + pi) % len(WORDS)]
            name = f"{word.title()} {pi + 1} RW {ci + 1}"
            items.append(
                CatalogueItem(
                    cooperative=coop,
                    region_code=VILLAGE,
                    product_id=pi + 1,
                    name=name,
                    description=f"{word} segar dari usaha anggota",
                    business_name=f"Usaha {word} {ci + 1}",
                    kind=KINDS[pi % len(KINDS)],
                    unit="ikat",
                    price=Decimal(5000 + pi * 500),
                    in_stock=pi % 9 != 0,
                    thumbnail_url=f"/media/k_bench_cat_{ci:03d}/production/thumbs/{pi}.jpg",
                    search_text=f"{name} usaha {word} {word} segar".lower(),
                    updated_at=now,
                )
            )
    return coops, CatalogueItem.objects.bulk_create(items, batch_size=2000)


def _loop(real: list[Cooperative]) -> int:
    from sokoguru.tenants.production.selectors import catalogue_projection

    total = 0
    for coop in real:
        switch_to_cooperative(coop)
        try:
            total += len(catalogue_projection())
        finally:
            connection.set_schema_to_public()
    return total


def run(*, tenants: int | None = 30, rounds: int | None = 50, products: int = 50) -> dict:
    connection.set_schema_to_public()
    platform_bootstrap()
    rounds = max(1, int(rounds or 50))
    tenants = max(1, int(tenants or 30))
    products = max(1, int(products or 50))
    results: dict = {}
    baseline: dict = {}
    info: dict = {}
    client = Client()
    host = {"HTTP_HOST": settings.PLATFORM_DOMAIN}
    real = list(
        Cooperative.objects.filter(is_active=True)
        .exclude(kind=Cooperative.Kind.PLATFORM)
        .order_by("pk")[:tenants]
    )
    try:
        with transaction.atomic():
            coops, items = _seed(tenants, products)
            info["catalogue"] = f"{tenants} cooperatives × {products} products = {len(items)}"
            pages = {
                "kelurahan": (f"/katalog/kelurahan/{VILLAGE}/", {}),
                "kelurahan_search": (f"/katalog/kelurahan/{VILLAGE}/", {"q": "selada segar"}),
                "kelurahan_kind": (f"/katalog/kelurahan/{VILLAGE}/", {"jenis": "toga"}),
                "kelurahan_page_10": (f"/katalog/kelurahan/{VILLAGE}/", {"hal": "10"}),
                "cooperative": (f"/katalog/koperasi/{coops[len(coops) // 2].slug}/", {}),
                "product": (f"/katalog/produk/{items[len(items) // 2].pk}/", {}),
            }
            for name, (path, params) in pages.items():

                def get(path=path, params=params):
                    response = client.get(path, params, **host)
                    connection.set_schema_to_public()
                    assert response.status_code == 200, (path, response.status_code)

                get()  # warm (host cache, templates)
                p50, p95 = _percentiles(get, rounds)
                results[f"{name}_p50_s"] = round(p50, 5)
                results[f"{name}_p95_s"] = round(p95, 5)
            raise _Rollback
    except _Rollback:
        pass
    connection.set_schema_to_public()
    if real:
        started = time.perf_counter()
        found = _loop(real)
        loop_s = time.perf_counter() - started
        baseline["kelurahan_p50_s"] = round(loop_s / len(real) * tenants, 5)
        info["baseline"] = (
            f"catalogue_projection in {len(real)} real schemas: {loop_s:.3f} s "
            f"({found} products), × {tenants / len(real):.1f} (linear)"
        )
    ratio = {}
    if baseline.get("kelurahan_p50_s") and results.get("kelurahan_p50_s"):
        ratio["kelurahan_p50_s"] = round(
            baseline["kelurahan_p50_s"] / results["kelurahan_p50_s"], 1
        )
    return {
        "name": "catalogue",
        "params": {"tenants": tenants, "rounds": rounds, "products": products},
        "results": results,
        "baseline": baseline,
        "ratio": ratio,
        "info": info,
    }
