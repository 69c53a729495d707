"""A real migration over cooperatives behind: the plan is rendered as SQL once per recorded state
and replayed in each schema in one transaction; the schemas end equal to the template built by
the migrations; a schema not where its group is falls back to the executor; a failing one is
rolled back whole and reported."""

from __future__ import annotations

from django.db import connection
from django.db.migrations import Migration, operations

from sokoguru.platform.tenancy import migration_sql, template, tenant_migrations
from sokoguru.platform.tenancy.ddl import catalog_differences, schema_catalog
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.platform.tenancy.tenant_migrations import tenant_migrate, tenants_migrate

# The migrations a cooperative is taken back before, as if they were new.
NEW = [("savings", "0001_initial"), ("shu", "0001_initial")]


def put_behind(coop: Cooperative, targets=NEW) -> None:
    """Unapply migrations with the executor and record an old state, as a cooperative on the
    previous code would be."""
    for app, name in targets:
        tenant_migrate(coop.schema_name, options={"app_label": app, "migration_name": name})
    Cooperative.objects.filter(pk=coop.pk).update(migration_state="lama")


def differences(coop: Cooperative) -> list[str]:
    expected = schema_catalog(template.TEMPLATE_SCHEMA, data=False)
    actual = schema_catalog(coop.schema_name, data=False)
    connection.set_schema_to_public()
    return catalog_differences(expected, actual)


def state_of(coop: Cooperative) -> str:
    return Cooperative.objects.values_list("migration_state", flat=True).get(pk=coop.pk)


def test_a_plan_rendered_once_brings_every_schema_to_the_template(committed, monkeypatch):
    # given three cooperatives behind by the same two migrations
    coops = [committed(f"sql-{n}") for n in "abc"]
    template.tenant_ddl()
    for coop in coops:
        put_behind(coop)
    assert differences(coops[0])  # they really are behind
    rendered = []
    real_render = migration_sql.plan_render
    monkeypatch.setattr(
        migration_sql,
        "plan_render",
        lambda name, **kw: rendered.append(name) or real_render(name, **kw),
    )

    def no_executor(schema_name, *, options=None):
        raise AssertionError(f"the executor ran in {schema_name}")

    monkeypatch.setattr(tenant_migrations, "tenant_migrate", no_executor)
    # when they are migrated
    report = tenants_migrate(workers=1)
    # then the plan was rendered once, on one of them, and replayed in all three
    assert rendered == ["k_sql_a"]
    assert sorted(report.migrated) == ["k_sql_a", "k_sql_b", "k_sql_c"]
    assert report.failed == {}
    # and each is equal to the template, its applied migrations included, and current
    for coop in coops:
        assert differences(coop) == []
        assert state_of(coop) == template.migration_state()


def test_a_schema_not_where_its_group_is_falls_back_to_the_executor(committed):
    # given two cooperatives with the same recorded state, one of them further behind
    near, far = committed("sql-near"), committed("sql-far")
    template.tenant_ddl()
    put_behind(near, targets=NEW[:1])
    put_behind(far)
    # when they are migrated (the plan is rendered on the first, k_sql_far)
    report = tenants_migrate(workers=2)
    # then both were migrated and are equal to the template
    assert sorted(report.migrated) == ["k_sql_far", "k_sql_near"]
    assert differences(near) == [] and differences(far) == []
    assert state_of(near) == state_of(far) == template.migration_state()


def test_a_failing_schema_is_rolled_back_whole_and_reported(committed):
    # given two cooperatives behind, one of which lost a table the plan alters
    ok, broken = committed("sql-ok"), committed("sql-rusak")
    template.tenant_ddl()
    put_behind(ok)
    put_behind(broken)
    with connection.cursor() as cur:
        cur.execute("DROP TABLE k_sql_rusak.shu_shushare")
        cur.execute("SELECT count(*) FROM k_sql_rusak.django_migrations")
        recorded = cur.fetchone()[0]
    # when they are migrated
    report = tenants_migrate(workers=2)
    # then the broken one is reported, the other migrated
    assert report.migrated == ["k_sql_ok"]
    assert list(report.failed) == ["k_sql_rusak"]
    assert differences(ok) == []
    # and nothing of the plan was written in the broken one: not the savings step (which comes
    # first and did not fail), not its migration rows, not its state
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM k_sql_rusak.django_migrations")
        assert cur.fetchone()[0] == recorded
        cur.execute(
            "SELECT count(*) FROM pg_indexes WHERE schemaname = 'k_sql_rusak' "
            "AND indexname = 'payroll_batch_hash_unique'"
        )
        assert cur.fetchone()[0] == 0
    assert state_of(broken) == "lama"


def test_python_in_a_migration_is_not_rendered(db):
    # a migration running Python cannot be replayed as SQL; a no-op or SQL one can
    python = Migration("0099_python", "savings")
    python.operations = [operations.RunPython(lambda apps, schema_editor: None)]
    noop = Migration("0099_noop", "savings")
    noop.operations = [
        operations.RunPython(operations.RunPython.noop),
        operations.RunSQL("SELECT 1"),
        operations.SeparateDatabaseAndState(database_operations=[operations.RunSQL("SELECT 1")]),
    ]
    nested = Migration("0099_nested", "savings")
    nested.operations = [
        operations.SeparateDatabaseAndState(
            database_operations=[operations.RunPython(lambda apps, schema_editor: None)]
        )
    ]
    connection.set_schema("k_coop_a")  # the router runs the tenant apps' Python here
    try:
        assert not migration_sql._renderable(python)
        assert migration_sql._renderable(noop)
        assert not migration_sql._renderable(nested)
    finally:
        connection.set_schema_to_public()
