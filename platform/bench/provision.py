"""bench provision: Sokoguru's provisioning (schema template DDL in one round trip) against
django-tenants' stock creation (CREATE SCHEMA + every migration) of the same cooperative, measured
after ``tenants`` cooperatives already exist. Rounds alternate; the created cooperatives are
removed afterwards so the registry keeps its size."""

from __future__ import annotations

import os
import time

from django.db import connection, transaction

from sokoguru.platform.bench import catalog_size, interleaved, median, ratios, tenants_ensure
from sokoguru.platform.tenancy import template
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

    def ours(i: int) -> None:
        slug = f"bench-{tag}-{i}-f"
        created.append(slug)
        cooperative_provision(
            name=f"Koperasi Uji Cepat {i}", slug=slug, kind="primary_rw", domicile_code=REGION
        )

    def stock(i: int) -> None:
        slug = f"bench-{tag}-{i}-s"
        created.append(slug)
        stock_provision(
            name=f"Koperasi Uji Baku {i}", slug=slug, kind="primary_rw", domicile_code=REGION
        )

    try:
        ours(-1)
        stock(-1)
        fast, base = interleaved(rounds, ours, stock)
    finally:
        connection.set_schema_to_public()
        for slug in created:
            cooperative_remove(slug)
    results = {"provision_s": round(median(fast), 4)}
    baseline = {"provision_s": round(median(base), 4)}
    return {
        "name": "provision",
        "params": {"tenants": existing, "rounds": rounds},
        "results": results,
        "baseline": baseline,
        "ratio": ratios(baseline, results),
        "rounds": {
            "sokoguru": [round(x, 4) for x in fast],
            "baseline": [round(x, 4) for x in base],
        },
        "info": {
            "template_statements": template.tenant_ddl().statements,
            "template_lookup_s": round(warm_template, 4),
            **catalog_size(),
        },
    }
