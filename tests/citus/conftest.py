"""The Citus tests run against a real cluster (a coordinator with the citus extension and its
workers) named by ``CITUS_DATABASE_URL``; without it they are skipped with that reason.

They use the cluster's database directly, not a test copy (Citus does not propagate CREATE
DATABASE): the public schema is migrated, the cooperatives they provision carry the ``citus-``
prefix and are dropped again at the end.
"""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command
from django.db import connection, connections

from sokoguru.platform.settings import _database_from_url

CITUS_URL = os.environ.get("CITUS_DATABASE_URL", "")
SKIP_REASON = (
    "CITUS_DATABASE_URL is not set: these tests need a Citus coordinator with workers "
    "(see deploy/SCALING.md, 'Citus')"
)
PREFIX = "citus-"


def pytest_collection_modifyitems(config, items):
    if CITUS_URL:
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if "tests/citus/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(skip)


def _drop_ours() -> None:
    from sokoguru.platform.tenancy.models import Cooperative, Domain

    connection.set_schema_to_public()
    for coop in Cooperative.objects.filter(slug__startswith=PREFIX):
        with connection.cursor() as cur:
            cur.execute(f'DROP SCHEMA IF EXISTS "{coop.schema_name}" CASCADE')
    Domain.objects.filter(tenant__slug__startswith=PREFIX).delete()
    Cooperative.objects.filter(slug__startswith=PREFIX).delete()


@pytest.fixture(scope="session")
def citus(django_db_blocker):
    """The default connection pointed at the cluster for the session (restored after)."""
    conn = connections["default"]
    saved = dict(conn.settings_dict)
    with django_db_blocker.unblock():
        conn.close()
        conn.settings_dict.update(_database_from_url(CITUS_URL))
        try:
            call_command("migrate", interactive=False, verbosity=0)
            from sokoguru.platform.tenancy.models import Region
            from sokoguru.platform.tenancy.services import (
                DEMO_REGIONS,
                platform_bootstrap,
                region_load_csv,
            )

            connection.set_schema_to_public()
            platform_bootstrap()
            if not Region.objects.filter(level=Region.Level.VILLAGE).exists():
                region_load_csv(path=DEMO_REGIONS)
            _drop_ours()
            yield conn
            _drop_ours()
        finally:
            conn.close()
            conn.settings_dict.clear()
            conn.settings_dict.update(saved)


@pytest.fixture
def on_cluster(citus, django_db_blocker):
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        yield citus
        connection.set_schema_to_public()


@pytest.fixture(scope="session")
def citus_coop(citus, django_db_blocker):
    """One cooperative provisioned on the cluster for the session."""
    with django_db_blocker.unblock():
        return provision("koperasi")


def provision(slug: str):
    from sokoguru.platform.tenancy.models import Cooperative, Region
    from sokoguru.platform.tenancy.services import cooperative_provision

    connection.set_schema_to_public()
    region = Region.objects.filter(level=Region.Level.VILLAGE).order_by("code").first()
    return cooperative_provision(
        name=f"Koperasi uji Citus {slug}",
        slug=PREFIX + slug,
        kind=Cooperative.Kind.PRIMARY_OTHER,
        domicile_code=region.code,
    )
