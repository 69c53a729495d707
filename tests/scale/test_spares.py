"""Spare-schema pool: provisioning renames a pre-built, verified schema instead of replaying the
template DDL; the result is the same cooperative schema, and a failure gives the spare back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from sokoguru.platform.tenancy import ddl, spares, template
from sokoguru.platform.tenancy.models import Cooperative, SpareSchema
from sokoguru.platform.tenancy.services import cooperative_provision
from sokoguru.tenants.ledger.models import Account
from sokoguru.tenants.ledger.services import Leg, transaction_post

HARAPAN_JAYA = "32.75.03.1001"


def _schemas() -> set[str]:
    with connection.cursor() as cur:
        cur.execute("SELECT nspname FROM pg_namespace")
        return {r[0] for r in cur.fetchall()}


@pytest.fixture
def pool(db, settings):
    settings.SOKOGURU_SPARE_SCHEMAS = 2
    connection.set_schema_to_public()
    spares.spares_drop_all()
    built = spares.spares_fill()
    yield built
    connection.set_schema_to_public()


def test_fill_builds_verified_spares_of_the_current_template(pool):
    # then two spares exist, registered with the current template key, each a real schema
    key = template.tenant_ddl().key
    names = set(SpareSchema.objects.filter(template_key=key).values_list("schema_name", flat=True))
    assert pool == 2
    assert len(names) == 2
    assert names <= _schemas()
    assert all(n.startswith(spares.SPARE_PREFIX) for n in names)
    # and filling again builds nothing more
    assert spares.spares_fill() == 0


def test_provisioning_takes_a_spare_and_the_schema_equals_a_cold_one(pool, settings):
    # given the spares of the pool
    taken_from = set(SpareSchema.objects.values_list("schema_name", flat=True))
    # when a cooperative is provisioned
    coop = cooperative_provision(
        name="Koperasi Cadangan", slug="kop-cadangan", kind="primary_rw", domicile_code=HARAPAN_JAYA
    )
    # then one spare was renamed into its schema (one left in the pool)
    left = set(SpareSchema.objects.values_list("schema_name", flat=True))
    assert len(left) == 1
    (used,) = taken_from - left
    assert used not in _schemas()
    assert coop.schema_name in _schemas()
    # and the schema is identical to one built cold (the template), with its seed rows
    assert (
        ddl.catalog_differences(
            ddl.schema_catalog(template.TEMPLATE_SCHEMA, data=False),
            ddl.schema_catalog(coop.schema_name, data=False),
        )
        == []
    )
    connection.set_tenant(coop)
    assert Account.objects.filter(code="1101").exists()
    # and its books work, guarantees included
    txn = transaction_post(
        date=date(2026, 12, 1),
        description="Setoran awal",
        legs=[Leg("1101", debit=Decimal("10000.00")), Leg("3101", credit=Decimal("10000.00"))],
        idempotency_key="spare-1",
    )
    assert txn.amount == Decimal("10000.00")


def test_a_failed_provisioning_gives_the_spare_back(pool, settings):
    # given a seed hook that fails after the spare was renamed
    before = set(SpareSchema.objects.values_list("schema_name", flat=True))
    settings.TENANT_PROVISION_HOOKS = [
        *settings.TENANT_PROVISION_HOOKS,
        "tests.platform.test_provisioning._failing_hook",
    ]
    # when
    with pytest.raises(RuntimeError):
        cooperative_provision(
            name="Koperasi Gagal",
            slug="kop-gagal-sp",
            kind="primary_rw",
            domicile_code=HARAPAN_JAYA,
        )
    # then the pool and its schemas are as before, and no cooperative was written
    assert set(SpareSchema.objects.values_list("schema_name", flat=True)) == before
    assert before <= _schemas()
    assert "k_kop_gagal_sp" not in _schemas()
    assert not Cooperative.objects.filter(slug="kop-gagal-sp").exists()


def test_spares_of_an_old_template_are_never_taken_and_are_discarded(pool, settings):
    # given every spare belongs to an older template
    SpareSchema.objects.update(template_key="0" * 64)
    stale = set(SpareSchema.objects.values_list("schema_name", flat=True))
    # when a cooperative is provisioned
    coop = cooperative_provision(
        name="Koperasi Dingin", slug="kop-dingin", kind="primary_rw", domicile_code=HARAPAN_JAYA
    )
    # then it was built cold and the stale spares are untouched
    assert coop.schema_name in _schemas()
    assert set(SpareSchema.objects.values_list("schema_name", flat=True)) == stale
    # and discarding drops them, rows and schemas
    assert spares.spares_discard_stale() == 2
    assert not SpareSchema.objects.exists()
    assert not (stale & _schemas())


def test_pool_size_zero_never_takes_a_spare(pool, settings):
    settings.SOKOGURU_SPARE_SCHEMAS = 0
    cooperative_provision(
        name="Koperasi Tanpa", slug="kop-tanpa", kind="primary_rw", domicile_code=HARAPAN_JAYA
    )
    assert SpareSchema.objects.count() == 2
