"""bench provision: Sokoguru's provisioning against django-tenants' stock creation (CREATE SCHEMA +
every migration) of the same cooperative, measured after ``tenants`` cooperatives already exist.

Four ways, each round in a rotating order, median of the rounds:

* ``provision_s`` — cold: the schema template DDL in one round trip, registry rows, seed hooks;
* ``provision_pool_s`` — with the spare-schema pool: a pre-built schema renamed (the spare is
  built before the round, untimed, as the refill task does in production), registry rows, hooks;
* ``floor_ddl_s`` — the physical floor of a cold provisioning: only the raw DDL replayed in one
  round trip and committed (no registry rows, no seed rows);
* the baseline ``provision_s`` / ``provision_pool_s`` — django-tenants' stock path.

The created cooperatives and schemas are removed afterwards so the registry keeps its size."""

from __future__ import annotations

import os
import time

from django.db import connection, transaction
from django.test import override_settings

from sokoguru.platform.bench import catalog_size, median, ratios, tenants_ensure, timed
from sokoguru.platform.tenancy import ddl as ddl_module
from sokoguru.platform.tenancy import spares, template
from sokoguru.platform.tenancy.models import Cooperative, Domain, Region
from sokoguru.platform.tenancy.services import (
    DEMO_REGIONS,
    cooperative_domain,
    cooperative_provision,
    region_load_csv,
    run_provision_hooks,
)

REGION = "32.75.03.1001"


# `sokoguru bench --all --quick`: a small run that finishes in well under a minute.
QUICK = {"tenants": 20, "rounds": 3}


def stock_provision(*, name: str, slug: str, kind: str, domicile_code: str) -> Cooperative:
    """What provisioning costs with django-tenants as it comes: the tenant's save() creates the
    schema and runs ``migrate_schemas`` for it; then the domain and the seed hooks."""
    cooperative = Cooperative(
        name=name,
        slug=slug,
        kind=kind,
        domicile_id=domicile_code,
        schema_name=Cooperative.schema_for_slug(slug),
        migration_state=template.migration_state(),
    )
    cooperative.full_clean()
    with transaction.atomic():
        cooperative.save(verbosity=0)  # auto_create_schema: CREATE SCHEMA + migrate_schemas
        Domain.objects.create(domain=cooperative_domain(slug), tenant=cooperative, is_primary=True)
        run_provision_hooks(cooperative)
    return cooperative


def cooperative_remove(slug: str) -> None:
    coop = Cooperative.objects.filter(slug=slug).first()
    if coop is None:
        return
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute(f'DROP SCHEMA IF EXISTS "{coop.schema_name}" CASCADE')
        Domain.objects.filter(tenant=coop).delete()
        coop.delete()


def run(*, tenants: int = 0, rounds: int = 5) -> dict:
    existing = tenants_ensure(tenants)
    if not Region.objects.filter(code=REGION).exists():
        region_load_csv(path=DEMO_REGIONS)
    tag = f"{os.getpid() % 100000:05d}"
    created: list[str] = []

    # Warm both paths once (template DDL in this process's cache; migration modules imported).
    started = time.perf_counter()
    template.cache_clear()
    template.tenant_ddl()
    warm_template = time.perf_counter() - started

    def cold(i: int) -> None:
        slug = f"bench-{tag}-{i}-f"
        created.append(slug)
        with override_settings(SOKOGURU_SPARE_SCHEMAS=0):
            cooperative_provision(
                name=f"Koperasi Uji Cepat {i}", slug=slug, kind="primary_rw", domicile_code=REGION
            )

    def pooled(i: int) -> None:
        slug = f"bench-{tag}-{i}-p"
        created.append(slug)
        with override_settings(SOKOGURU_SPARE_SCHEMAS=1):
            cooperative_provision(
                name=f"Koperasi Uji Cadangan {i}",
                slug=slug,
                kind="primary_rw",
                domicile_code=REGION,
            )

    def floor(i: int) -> None:
        schema = f"bench_{tag}_{i + 1}_floor".replace("-", "_")
        floors.append(schema)
        ddl = template.tenant_ddl()
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(
                "SET LOCAL search_path TO public;\n"
                + ddl.ddl.replace(ddl_module.SCHEMA_PLACEHOLDER, schema)
            )
        connection.search_path_set_schemas = None

    def stock(i: int) -> None:
        slug = f"bench-{tag}-{i}-s"
        created.append(slug)
        stock_provision(
            name=f"Koperasi Uji Baku {i}", slug=slug, kind="primary_rw", domicile_code=REGION
        )

    floors: list[str] = []
    times: dict[str, list[float]] = {"cold": [], "pool": [], "floor": [], "stock": []}
    ways = {"cold": cold, "pool": pooled, "floor": floor, "stock": stock}
    order = list(ways)
    had_spares = spares.spare_count()
    try:
        spares.spares_fill(count=had_spares + 1)
        for name, way in ways.items():  # warm every path once
            if name == "pool":
                spares.spares_fill(count=had_spares + 1)
            way(-1)
        for i in range(rounds):
            for name in order[i % 4 :] + order[: i % 4]:
                if name == "pool":
                    spares.spares_fill(count=had_spares + 1)  # the refill, untimed
                times[name].append(timed(ways[name], i))
    finally:
        connection.set_schema_to_public()
        for slug in created:
            cooperative_remove(slug)
        with connection.cursor() as cur:
            for schema in floors:
                cur.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    results = {
        "provision_s": round(median(times["cold"]), 4),
        "provision_pool_s": round(median(times["pool"]), 4),
        "floor_ddl_s": round(median(times["floor"]), 4),
    }
    stock_median = round(median(times["stock"]), 4)
    baseline = {"provision_s": stock_median, "provision_pool_s": stock_median}
    return {
        "name": "provision",
        "params": {"tenants": existing, "rounds": rounds},
        "results": results,
        "baseline": baseline,
        "ratio": ratios(baseline, results),
        "rounds": {name: [round(x, 4) for x in values] for name, values in times.items()},
        "info": {
            "cold_vs_floor": round(results["provision_s"] / results["floor_ddl_s"], 2)
            if results["floor_ddl_s"]
            else None,
            "template_statements": template.tenant_ddl().statements,
            "template_lookup_s": round(warm_template, 4),
            **catalog_size(),
        },
    }
