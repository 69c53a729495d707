"""Provisioning replays the schema template: identical to migrations, all or nothing."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DataError, connection

from sokoguru.platform.tenancy import template
from sokoguru.platform.tenancy.ddl import catalog_differences, schema_catalog
from sokoguru.platform.tenancy.models import Cooperative, Domain, SchemaTemplate
from sokoguru.platform.tenancy.services import (
    ProvisionRow,
    cooperative_provision,
    cooperative_provision_many,
)
from sokoguru.tenants.profile.models import CooperativeProfile

HARAPAN_JAYA = "32.75.03.1001"


def schema_exists(name: str) -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [name])
        return cur.fetchone() is not None


def failing_hook(*, cooperative):
    CooperativeProfile.objects.update(address="akan dibatalkan")
    raise RuntimeError("seed gagal")


def test_provisioned_schema_is_identical_to_one_built_by_migrations(db):
    # given a cooperative provisioned from the schema template
    coop = cooperative_provision(
        name="Koperasi Cepat", slug="cepat", kind="primary_rw", domicile_code=HARAPAN_JAYA
    )
    # and a schema built the stock way: CREATE SCHEMA and every migration (django-tenants)
    with connection.cursor() as cur:
        cur.execute("CREATE SCHEMA k_lambat")
    call_command(
        "migrate_schemas", tenant=True, schema_name="k_lambat", interactive=False, verbosity=0
    )
    connection.set_schema_to_public()
    # when both catalogs are read
    fast = schema_catalog(coop.schema_name, data=False)
    slow = schema_catalog("k_lambat", data=False)
    # then they are identical: tables, columns, types, defaults, constraints, indexes,
    # triggers, functions, sequences and the recorded migrations
    assert catalog_differences(fast, slow) == []
    assert fast == slow
    assert ("profile", "0001_initial") in fast["migrations"]


def test_provisioning_records_state_domain_and_seed_rows(db, django_assert_max_num_queries):
    # given the template already cached in this process
    template.tenant_ddl()
    # when a cooperative is provisioned (no migration is replayed: a handful of queries, plus
    # the seed rows the tenant apps' provisioning hooks write: chart, by-laws, counters, the
    # waste bank's catalogue, and the audit rows of the by-laws, loan settings and products)
    with django_assert_max_num_queries(36):
        coop = cooperative_provision(
            name="Koperasi RW 07",
            slug="rw-07",
            kind="primary_rw",
            domicile_code=HARAPAN_JAYA,
            legal_number="3275030100000777",
        )
    # then the registry row carries the current migration state, the domain exists and the
    # provisioning hooks ran inside the new schema
    coop.refresh_from_db()
    assert coop.migration_state == template.migration_state()
    assert coop.schema_name == "k_rw_07"
    assert Domain.objects.get(tenant=coop).domain == "rw-07.localhost"
    connection.set_tenant(coop)
    assert CooperativeProfile.objects.count() == 1
    connection.set_schema_to_public()


def test_a_failing_hook_leaves_no_schema_and_no_registry_row(db, settings):
    # given a provisioning hook that fails after writing
    settings.TENANT_PROVISION_HOOKS = [
        "sokoguru.tenants.profile.services.profile_install",
        "tests.scale.test_provision.failing_hook",
    ]
    # when a cooperative is provisioned
    with pytest.raises(RuntimeError, match="seed gagal"):
        cooperative_provision(
            name="Koperasi Gagal", slug="gagal", kind="primary_rw", domicile_code=HARAPAN_JAYA
        )
    # then nothing was written: no schema, no cooperative, no domain
    assert not schema_exists("k_gagal")
    assert not Cooperative.objects.filter(slug="gagal").exists()
    assert not Domain.objects.filter(domain="gagal.localhost").exists()


def test_a_failing_schema_script_leaves_no_registry_row(db):
    # given a template whose DDL fails half way (after CREATE SCHEMA)
    key = template.template_key()
    template._ddl_cache[key] = template.TemplateDDL(
        key=key,
        migration_state=template.migration_state(),
        ddl="CREATE SCHEMA __sokoguru_schema__; CREATE TABLE __sokoguru_schema__.t (id int); "
        "SELECT 1 / 0;",
        statements=3,
    )
    try:
        # when a cooperative is provisioned, then it fails
        with pytest.raises(DataError):
            cooperative_provision(
                name="Koperasi Rusak", slug="rusak", kind="primary_rw", domicile_code=HARAPAN_JAYA
            )
    finally:
        template.cache_clear()
    # and neither the schema nor the registry rows written in the same round trip remain
    assert not schema_exists("k_rusak")
    assert not Cooperative.objects.filter(slug="rusak").exists()
    assert not Domain.objects.filter(domain="rusak.localhost").exists()


def test_tenant_schemas_hold_only_tenant_apps_tables(db, coop_a):
    # given the tables of a provisioned cooperative's schema
    with connection.cursor() as cur:
        cur.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = "
            "(SELECT oid FROM pg_namespace WHERE nspname = %s) ORDER BY relname",
            [coop_a.schema_name],
        )
        tables = [name for (name,) in cur.fetchall()]
    # then there is no Django contrib table: only the tenant apps' and the migration record
    labels = template.tenant_app_labels()
    assert "django_migrations" in tables
    assert [t for t in tables if t != "django_migrations" and t.split("_")[0] not in labels] == []


def test_a_taken_slug_or_existing_schema_is_refused_naming_the_field(db, coop_a):
    # given coop-a exists and a stray schema k_sisa without a registry row
    with connection.cursor() as cur:
        cur.execute("CREATE SCHEMA k_sisa")
    before = Cooperative.objects.count()
    # when the same slug or the stray schema's slug is provisioned, then the slug is refused
    for slug in ("coop-a", "sisa"):
        with pytest.raises(ValidationError) as info:
            cooperative_provision(
                name="Koperasi Dobel", slug=slug, kind="primary_rw", domicile_code=HARAPAN_JAYA
            )
        assert list(info.value.message_dict) == ["slug"]
    # and a region that is not a kelurahan is refused naming the domicile
    with pytest.raises(ValidationError) as info:
        cooperative_provision(
            name="Koperasi Kota", slug="kota", kind="primary_rw", domicile_code="32.75"
        )
    assert info.value.message_dict == {
        "domicile": ["Domisili koperasi harus sebuah kelurahan/desa."]
    }
    assert Cooperative.objects.count() == before
    assert not schema_exists("k_kota")


def test_the_template_is_stored_once_per_migration_state(db):
    # given the DDL cache of this process emptied (as in a fresh process)
    template.cache_clear()
    # when the DDL is asked for
    ddl = template.tenant_ddl()
    # then it comes from the stored template of the current migration graph
    stored = SchemaTemplate.objects.get(key=template.template_key())
    assert stored.key == template.template_key() == ddl.key
    assert stored.migration_state == template.migration_state()
    assert "__sokoguru_schema__" in stored.ddl
    assert "CREATE TABLE profile_cooperativeprofile" in stored.ddl


def test_bulk_provisioning_reports_errors_per_row_and_creates_the_rest(db, coop_a):
    # given rows of which three are bad
    rows = [
        ProvisionRow(2, "Koperasi Satu", "satu", "primary_rw", HARAPAN_JAYA),
        ProvisionRow(3, "Koperasi Dua", "coop-a", "primary_rw", HARAPAN_JAYA),
        ProvisionRow(4, "Koperasi Tiga", "tiga", "primary_rw", "99.99.99.9999"),
        ProvisionRow(5, "Koperasi Empat", "satu", "primary_rw", HARAPAN_JAYA),
        ProvisionRow(6, "Koperasi Lima", "lima", "primary_opd", "12.71.14.1001"),
    ]
    # when they are provisioned in bulk
    result = cooperative_provision_many(rows=rows, batch_size=2)
    # then the good rows exist with their schemas and the bad ones are reported by row and
    # field
    assert sorted(c.slug for c in result.created) == ["lima", "satu"]
    assert schema_exists("k_satu") and schema_exists("k_lima")
    assert set(result.errors) == {3, 4, 5}
    assert list(result.errors[3]) == ["slug"]
    assert list(result.errors[4]) == ["domicile"]
    assert list(result.errors[5]) == ["slug"]
    assert not Cooperative.objects.filter(slug="tiga").exists()


def test_tenant_create_from_csv_shows_row_numbers_and_fields(db, tmp_path):
    # given a CSV with one good row and one with a bad slug and legal number
    path = tmp_path / "koperasi.csv"
    path.write_text(
        "name,slug,kind,region,legal_number\n"
        f"Koperasi Mawar,mawar,primary_rw,{HARAPAN_JAYA},\n"
        f"Koperasi Salah,X!,primary_rw,{HARAPAN_JAYA},123\n"
    )
    out, err = io.StringIO(), io.StringIO()
    # when it is provisioned, then the command fails naming row 3's fields and creates row 2
    with pytest.raises(CommandError, match="1 baris gagal"):
        call_command("tenant", "create", "--from-csv", str(path), stdout=out, stderr=err)
    assert "1 koperasi dibuat" in out.getvalue()
    assert "baris 3: slug:" in err.getvalue()
    assert "baris 3: legal_number:" in err.getvalue()
    assert Cooperative.objects.filter(slug="mawar").exists()


def test_tenant_check_reports_a_schema_that_drifted(db, coop_a, coop_b):
    # given coop-b's schema changed by hand
    with connection.cursor() as cur:
        cur.execute("ALTER TABLE k_coop_b.profile_cooperativeprofile ADD COLUMN catatan text")
    out = io.StringIO()
    # when the schemas are checked, then coop-b is reported and coop-a is not
    with pytest.raises(CommandError, match="1 skema koperasi berbeda"):
        call_command("tenant", "check", "coop-a", "coop-b", stdout=out)
    assert "coop-b: 1 perbedaan" in out.getvalue()
    assert "catatan" in out.getvalue()
    assert "coop-a:" not in out.getvalue()
