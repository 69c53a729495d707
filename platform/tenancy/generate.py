"""Realistic synthetic cooperatives for load tests and benchmarks (``sokoguru tenant generate``).

Cooperatives are spread over real provinces and cities (Kemendagri codes); below each city the
generator makes synthetic kecamatan (codes 50–99, above every city's real ones) and kelurahan
(1001–1040) with Indonesian names. Most are village/kelurahan cooperatives (Koperasi Kelurahan
Merah Putih), some RW cooperatives and some employee (OPD) cooperatives. The same ``seed`` and
count give the same cooperatives; a later run continues where the previous one stopped.
"""

from __future__ import annotations

import multiprocessing
import random
import re
from collections.abc import Callable, Iterable

from django.db import connection, connections

from sokoguru.platform.tenancy import template
from sokoguru.platform.tenancy.hosts import registry_changed
from sokoguru.platform.tenancy.models import Cooperative, Region
from sokoguru.platform.tenancy.services import (
    BulkProvisionResult,
    ProvisionRow,
    cooperative_provision_many,
)

# (province code, province, city code, city) — real Kemendagri codes.
CITIES = [
    ("11", "ACEH", "11.71", "KOTA BANDA ACEH"),
    ("12", "SUMATERA UTARA", "12.71", "KOTA MEDAN"),
    ("12", "SUMATERA UTARA", "12.72", "KOTA PEMATANGSIANTAR"),
    ("12", "SUMATERA UTARA", "12.73", "KOTA SIBOLGA"),
    ("12", "SUMATERA UTARA", "12.74", "KOTA TANJUNGBALAI"),
    ("12", "SUMATERA UTARA", "12.75", "KOTA BINJAI"),
    ("12", "SUMATERA UTARA", "12.76", "KOTA TEBING TINGGI"),
    ("12", "SUMATERA UTARA", "12.77", "KOTA PADANGSIDIMPUAN"),
    ("13", "SUMATERA BARAT", "13.71", "KOTA PADANG"),
    ("14", "RIAU", "14.71", "KOTA PEKANBARU"),
    ("15", "JAMBI", "15.71", "KOTA JAMBI"),
    ("16", "SUMATERA SELATAN", "16.71", "KOTA PALEMBANG"),
    ("17", "BENGKULU", "17.71", "KOTA BENGKULU"),
    ("18", "LAMPUNG", "18.71", "KOTA BANDAR LAMPUNG"),
    ("19", "KEPULAUAN BANGKA BELITUNG", "19.71", "KOTA PANGKAL PINANG"),
    ("21", "KEPULAUAN RIAU", "21.71", "KOTA BATAM"),
    ("21", "KEPULAUAN RIAU", "21.72", "KOTA TANJUNG PINANG"),
    ("31", "DKI JAKARTA", "31.71", "KOTA ADM. JAKARTA SELATAN"),
    ("31", "DKI JAKARTA", "31.72", "KOTA ADM. JAKARTA TIMUR"),
    ("31", "DKI JAKARTA", "31.73", "KOTA ADM. JAKARTA PUSAT"),
    ("31", "DKI JAKARTA", "31.74", "KOTA ADM. JAKARTA BARAT"),
    ("31", "DKI JAKARTA", "31.75", "KOTA ADM. JAKARTA UTARA"),
    ("32", "JAWA BARAT", "32.71", "KOTA BOGOR"),
    ("32", "JAWA BARAT", "32.73", "KOTA BANDUNG"),
    ("32", "JAWA BARAT", "32.75", "KOTA BEKASI"),
    ("32", "JAWA BARAT", "32.76", "KOTA DEPOK"),
    ("33", "JAWA TENGAH", "33.72", "KOTA SURAKARTA"),
    ("33", "JAWA TENGAH", "33.74", "KOTA SEMARANG"),
    ("34", "DI YOGYAKARTA", "34.71", "KOTA YOGYAKARTA"),
    ("35", "JAWA TIMUR", "35.73", "KOTA MALANG"),
    ("35", "JAWA TIMUR", "35.78", "KOTA SURABAYA"),
    ("36", "BANTEN", "36.71", "KOTA TANGERANG"),
    ("36", "BANTEN", "36.73", "KOTA SERANG"),
    ("51", "BALI", "51.71", "KOTA DENPASAR"),
    ("52", "NUSA TENGGARA BARAT", "52.71", "KOTA MATARAM"),
    ("53", "NUSA TENGGARA TIMUR", "53.71", "KOTA KUPANG"),
    ("61", "KALIMANTAN BARAT", "61.71", "KOTA PONTIANAK"),
    ("62", "KALIMANTAN TENGAH", "62.71", "KOTA PALANGKA RAYA"),
    ("63", "KALIMANTAN SELATAN", "63.71", "KOTA BANJARMASIN"),
    ("64", "KALIMANTAN TIMUR", "64.71", "KOTA BALIKPAPAN"),
    ("64", "KALIMANTAN TIMUR", "64.72", "KOTA SAMARINDA"),
    ("65", "KALIMANTAN UTARA", "65.71", "KOTA TARAKAN"),
    ("71", "SULAWESI UTARA", "71.71", "KOTA MANADO"),
    ("72", "SULAWESI TENGAH", "72.71", "KOTA PALU"),
    ("73", "SULAWESI SELATAN", "73.71", "KOTA MAKASSAR"),
    ("74", "SULAWESI TENGGARA", "74.71", "KOTA KENDARI"),
    ("75", "GORONTALO", "75.71", "KOTA GORONTALO"),
    ("81", "MALUKU", "81.71", "KOTA AMBON"),
    ("82", "MALUKU UTARA", "82.71", "KOTA TERNATE"),
    ("91", "PAPUA", "91.71", "KOTA JAYAPURA"),
]

FIRST = [
    "Suka", "Mekar", "Sido", "Harapan", "Karya", "Tanjung", "Sumber", "Bukit", "Teluk", "Sungai",
    "Pasir", "Padang", "Batu", "Rawa", "Tegal", "Jati", "Sri", "Mulia", "Sei", "Kota",
]  # fmt: skip
SECOND = [
    "Maju", "Jaya", "Makmur", "Mulya", "Indah", "Baru", "Damai", "Sari", "Rejo", "Asri",
    "Subur", "Raya", "Lestari", "Sejahtera", "Mandiri", "Permai", "Harjo", "Tengah", "Utara",
    "Selatan",
]  # fmt: skip
OFFICES = [
    "Dinas Pendidikan", "Dinas Kesehatan", "Dinas Perhubungan", "Dinas Pertanian",
    "Dinas Koperasi dan UKM", "Dinas Sosial", "Badan Pendapatan Daerah", "RSUD",
    "Dinas Pekerjaan Umum", "Sekretariat Daerah",
]  # fmt: skip

VILLAGES_PER_DISTRICT = 40
FIRST_DISTRICT = 50
DISTRICTS_PER_CITY = 50
SLUG = re.compile(r"^g(\d{6})-")


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(SECOND)}"


def place(index: int) -> tuple[tuple[str, str, str, str], str, str]:
    """The (city, kecamatan code, kelurahan code) of generated cooperative number ``index``."""
    city = CITIES[index % len(CITIES)]
    k = index // len(CITIES)
    district = FIRST_DISTRICT + (k // VILLAGES_PER_DISTRICT) % DISTRICTS_PER_CITY
    village = 1001 + k % VILLAGES_PER_DISTRICT
    district_code = f"{city[2]}.{district:02d}"
    return city, district_code, f"{district_code}.{village:04d}"


def capacity() -> int:
    return len(CITIES) * DISTRICTS_PER_CITY * VILLAGES_PER_DISTRICT


def next_index() -> int:
    """Generated cooperatives are numbered in their slugs; continue after the highest."""
    last = (
        Cooperative.objects.filter(slug__regex=r"^g[0-9]{6}-")
        .order_by("-slug")
        .values_list("slug", flat=True)
    )
    best = -1
    for slug in last[:1]:
        best = int(SLUG.match(slug).group(1))
    return best + 1


def regions_ensure(indexes: Iterable[int], *, seed: int) -> None:
    """Create the provinces, cities, synthetic kecamatan and kelurahan the cooperatives need."""
    wanted: dict[str, tuple[str, int]] = {}
    for i in indexes:
        (prov, prov_name, city, city_name), district, village = place(i)
        wanted.setdefault(prov, (prov_name, Region.Level.PROVINCE))
        wanted.setdefault(city, (city_name, Region.Level.REGENCY))
        rng = random.Random(f"{seed}:{district}")
        wanted.setdefault(district, (_name(rng).upper(), Region.Level.DISTRICT))
        rng = random.Random(f"{seed}:{village}")
        wanted.setdefault(village, (_name(rng).upper(), Region.Level.VILLAGE))
    existing = set(Region.objects.filter(code__in=list(wanted)).values_list("code", flat=True))
    missing = [
        Region(code=code, name=name, level=level, parent_id=code.rsplit(".", 1)[0] or None)
        for code, (name, level) in sorted(wanted.items(), key=lambda kv: (kv[1][1], kv[0]))
        if code not in existing
    ]
    for region in missing:
        if region.level == Region.Level.PROVINCE:
            region.parent_id = None
    Region.objects.bulk_create(missing, batch_size=2000, ignore_conflicts=True)


def rows_for(indexes: Iterable[int], *, seed: int) -> list[ProvisionRow]:
    rows = []
    for line, i in enumerate(indexes, start=1):
        (_prov, _pn, _city, city_name), _district, village = place(i)
        rng = random.Random(f"{seed}:coop:{i}")
        # The same name as the kelurahan's region row (same seed).
        village_title = _name(random.Random(f"{seed}:{village}"))
        digits = village.replace(".", "")
        roll = rng.random()
        if roll < 0.70:
            kind, tag = Cooperative.Kind.PRIMARY_OTHER, "kmp"
            name = f"Koperasi Kelurahan Merah Putih {village_title}"
        elif roll < 0.95:
            kind, tag = Cooperative.Kind.PRIMARY_RW, f"rw{rng.randint(1, 30):02d}"
            name = f"Koperasi RW {tag[2:]} {village_title}"
        else:
            kind, tag = Cooperative.Kind.PRIMARY_OPD, "opd"
            office = rng.choice(OFFICES)
            city = city_name.title().replace("Kota Adm. ", "").replace("Kota ", "")
            name = f"Koperasi Pegawai {office} Kota {city}"
        rows.append(
            ProvisionRow(
                line=line,
                name=name,
                slug=f"g{i:06d}-{tag}",
                kind=kind,
                domicile_code=village,
                legal_number=f"{digits}{i % 1_000_000:06d}",
            )
        )
    return rows


def generated_indexes() -> set[int]:
    """The numbers of the generated cooperatives that exist (from their slugs, one query)."""
    slugs = Cooperative.objects.filter(slug__regex=r"^g[0-9]{6}-").values_list("slug", flat=True)
    return {int(SLUG.match(slug).group(1)) for slug in slugs.iterator(chunk_size=5000)}


def missing_indexes(total: int) -> list[int]:
    """Numbers below ``total`` with no cooperative yet: what a resumed run still has to make."""
    have = generated_indexes()
    return [i for i in range(total) if i not in have]


def cooperatives_generate(
    *,
    count: int | None = None,
    total: int | None = None,
    seed: int = 2026,
    batch_size: int = 5,
    workers: int = 1,
    progress: Callable[[int], object] | None = None,
    on_total: Callable[[int], object] | None = None,
) -> BulkProvisionResult:
    """Provision synthetic cooperatives through the fast (bulk) path.

    ``count`` makes that many new ones after the highest number; ``total`` brings the generated
    cooperatives up to ``total`` (numbers 0 … total-1), so a run that was stopped continues where
    it stopped. ``workers`` processes provision disjoint numbers in parallel. A transaction of
    ``batch_size`` cooperatives holds a lock on each of their ≈420 relations until it commits:
    keep it small, the lock table is shared by the whole server (``max_locks_per_transaction``
    × connections)."""
    if (count is None) == (total is None):
        raise ValueError("give count or total")
    if total is not None:
        indexes = missing_indexes(total)
    else:
        start = next_index()
        indexes = list(range(start, start + count))
    if indexes and indexes[-1] >= capacity():
        raise ValueError(f"the generator holds at most {capacity()} cooperatives")
    if on_total:
        on_total(len(indexes))
    if not indexes:
        return BulkProvisionResult()
    regions_ensure(indexes, seed=seed)
    # Inside a transaction the work stays on this connection (workers would not see its rows).
    if workers <= 1 or len(indexes) <= batch_size or connection.in_atomic_block:
        return cooperative_provision_many(
            rows=rows_for(indexes, seed=seed), batch_size=batch_size, progress=progress
        )
    return _generate_parallel(
        indexes, seed=seed, batch_size=batch_size, workers=workers, progress=progress
    )


def _generate_chunk(args: tuple[list[int], int, int]) -> tuple[int, dict]:
    indexes, seed, batch_size = args
    try:
        result = cooperative_provision_many(
            rows=rows_for(indexes, seed=seed), batch_size=batch_size
        )
    finally:
        # A backend that has created thousands of schemas keeps their catalog entries and gets
        # slower with each (measured: 0.7 a second from two backends after 3,000 cooperatives,
        # 2 a second from new ones at the same load): a new connection for every chunk.
        connections.close_all()
    return len(indexes), result.errors


def _generate_parallel(
    indexes: list[int],
    *,
    seed: int,
    batch_size: int,
    workers: int,
    progress: Callable[[int], object] | None,
) -> BulkProvisionResult:
    # Chunks of a few batches keep progress visible and every worker busy to the end; each
    # worker process opens its own connection (the parent closes its own before forking).
    chunk = batch_size * 4
    jobs = [(indexes[i : i + chunk], seed, batch_size) for i in range(0, len(indexes), chunk)]
    template.tenant_ddl()  # built (or read) once here, inherited by the workers
    connections.close_all()
    result = BulkProvisionResult()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(processes=workers) as pool:
        for done, errors in pool.imap_unordered(_generate_chunk, jobs, chunksize=1):
            result.errors.update(errors)
            if progress:
                progress(done)
    # The workers' rows are committed; the parent reads them back as the created cooperatives.
    made = {f"g{i:06d}-" for i in indexes}
    result.created.extend(
        c for c in Cooperative.objects.filter(slug__regex=r"^g[0-9]{6}-") if c.slug[:8] in made
    )
    connection.set_schema_to_public()
    registry_changed()
    return result
