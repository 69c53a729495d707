"""`sokoguru migrate` visits only cooperatives that are behind, in parallel, survives a failing
one, and a cooperative created while a rollout runs is migrated exactly once."""

from __future__ import annotations

import io
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from sokoguru.platform.tenancy import template
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.platform.tenancy.services import cooperative_provision
from sokoguru.platform.tenancy.tenant_migrations import pending_schemas, tenants_migrate

HARAPAN_JAYA = "32.75.03.1001"
_events: dict[str, threading.Event] = {}


def make_behind(coop: Cooperative) -> None:
    """Undo the profile app's migration in this schema and record an old state."""
    with connection.cursor() as cur:
        cur.execute(
            f"DROP TABLE {coop.schema_name}.profile_cooperativeprofile; "
            f"DELETE FROM {coop.schema_name}.django_migrations WHERE app = 'profile'"
        )
    Cooperative.objects.filter(pk=coop.pk).update(migration_state="lama")


def has_profile_table(coop: Cooperative) -> bool:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT to_regclass(%s) IS NOT NULL", [f"{coop.schema_name}.profile_cooperativeprofile"]
        )
        return cur.fetchone()[0]


def state_of(coop: Cooperative) -> str:
    return Cooperative.objects.values_list("migration_state", flat=True).get(pk=coop.pk)


def old_code_hook(*, cooperative):
    """A provisioning by a process still running the previous code: its schema is behind."""
    Cooperative.objects.filter(pk=cooperative.pk).update(migration_state="lama")
    _events["entered"].set()
    assert _events["release"].wait(20)


def test_sokoguru_migrate_replaces_django_tenants_migrate():
    from django.core.management import get_commands

    assert get_commands()["migrate"] == "sokoguru.platform.core"


def test_migrate_visits_only_the_cooperatives_that_are_behind(committed):
    # given three cooperatives of which two are behind
    a, b, c = committed("mig-a"), committed("mig-b"), committed("mig-c")
    make_behind(a)
    make_behind(b)
    # when the cooperatives are migrated by two worker processes
    report = tenants_migrate(workers=2)
    # then exactly the two behind were migrated (the current ones, coop-a/coop-b of the
    # session included, were not visited) and are current now
    assert sorted(report.migrated) == ["k_mig_a", "k_mig_b"]
    assert report.failed == {}
    assert has_profile_table(a) and has_profile_table(b)
    assert state_of(a) == state_of(b) == state_of(c) == template.migration_state()


def test_a_failing_cooperative_is_reported_and_the_others_are_migrated(committed):
    # given two cooperatives behind, one of which has lost its schema
    ok, broken = committed("mig-ok"), committed("mig-rusak")
    make_behind(ok)
    make_behind(broken)
    with connection.cursor() as cur:
        cur.execute("DROP SCHEMA k_mig_rusak CASCADE")
    out, err = io.StringIO(), io.StringIO()
    # when `sokoguru migrate` runs, then it fails naming the broken one (non-zero exit)...
    with pytest.raises(CommandError, match="1 skema koperasi gagal dimigrasi: k_mig_rusak"):
        call_command("migrate", workers=2, no_progress=True, stdout=out, stderr=err)
    assert "k_mig_rusak:" in err.getvalue()
    # ...after migrating the other one
    assert "1 dimigrasi, 1 gagal" in out.getvalue()
    assert has_profile_table(ok)
    assert state_of(ok) == template.migration_state()
    assert state_of(broken) == "lama"


def test_a_no_op_migrate_finds_the_work_in_one_query(db, django_assert_num_queries):
    # given every cooperative current
    cooperative_provision(
        name="Koperasi Kini", slug="mig-kini", kind="primary_rw", domicile_code=HARAPAN_JAYA
    )
    # when the cooperatives behind are listed, then one query answers
    with django_assert_num_queries(1):
        assert pending_schemas() == []
    # and a whole run migrates none
    out = io.StringIO()
    call_command("migrate", no_progress=True, stdout=out)
    assert "Skema koperasi: 0 dimigrasi, 0 gagal" in out.getvalue()


def test_a_cooperative_created_during_a_rollout_is_migrated_exactly_once(committed, settings):
    # given a cooperative behind, so a rollout has work
    behind = committed("roll-a")
    make_behind(behind)
    # and a provisioning by a process still on the previous code, in flight
    _events.update(entered=threading.Event(), release=threading.Event())
    settings.TENANT_PROVISION_HOOKS = [
        "sokoguru.tenants.profile.services.profile_install",
        "tests.scale.test_migrate.old_code_hook",
    ]
    errors: list[BaseException] = []
    reports = []

    def in_thread(fn):
        def run():
            try:
                fn()
            except BaseException as exc:  # surfaced below
                errors.append(exc)
            finally:
                connection.close()

        return threading.Thread(target=run)

    provisioning = in_thread(lambda: committed("roll-b"))
    provisioning.start()
    assert _events["entered"].wait(20)
    # when the rollout starts while that provisioning has not committed
    rollout = in_thread(lambda: reports.append(tenants_migrate(workers=1)))
    rollout.start()
    # then the rollout waits for it (registry lock) instead of listing without it
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
            if cur.fetchone()[0]:
                break
        time.sleep(0.05)
    else:
        pytest.fail("the rollout did not wait for the provisioning in flight")
    _events["release"].set()
    provisioning.join(30)
    rollout.join(60)
    assert errors == []
    # and both cooperatives were migrated, each exactly once, and are current
    assert sorted(reports[0].migrated) == ["k_roll_a", "k_roll_b"]
    roll_b = Cooperative.objects.get(slug="roll-b")
    assert state_of(roll_b) == state_of(behind) == template.migration_state()
