"""Provisioning a cooperative: all or nothing, bad input named by field, the CLI."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from sokoguru.platform.tenancy.models import Cooperative, Domain
from sokoguru.platform.tenancy.services import cooperative_provision
from sokoguru.tenants.profile.models import CooperativeProfile
from tests.fixtures.tenancy import HARAPAN_JAYA


def _schemas() -> set[str]:
    with connection.cursor() as cur:
        cur.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'k\\_%'")
        return {row[0] for row in cur.fetchall()}


def _state():
    return (Cooperative.objects.count(), Domain.objects.count(), _schemas())


def test_provision_creates_schema_domain_and_seed_rows(db):
    # when
    coop = cooperative_provision(
        name="Koperasi RW 05 Harapan Jaya",
        slug="hj-rw05-uji",
        kind="primary_rw",
        domicile_code=HARAPAN_JAYA,
        legal_number="3275030100000005",
    )
    # then
    assert coop.schema_name == "k_hj_rw05_uji"
    assert "k_hj_rw05_uji" in _schemas()
    assert Domain.objects.get(tenant=coop).domain == "hj-rw05-uji.localhost"
    connection.set_tenant(coop)
    assert CooperativeProfile.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"domicile_code": "99.99.99.9999"}, "domicile"),
        ({"domicile_code": "32.75"}, "domicile"),
        ({"slug": "coop-a"}, "slug"),
        ({"slug": "Bad Slug!"}, "slug"),
        ({"legal_number": "12345"}, "legal_number"),
        ({"kind": "bank"}, "kind"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(db, changes, field):
    # given
    before = _state()
    data = {
        "name": "Koperasi Uji",
        "slug": "uji-baru",
        "kind": "primary_rw",
        "domicile_code": HARAPAN_JAYA,
        "legal_number": "",
    }
    data.update(changes)
    # when
    with pytest.raises(ValidationError) as exc:
        cooperative_provision(**data)
    # then
    assert field in exc.value.message_dict
    assert _state() == before


def test_duplicate_legal_number_is_refused(db):
    cooperative_provision(
        name="Koperasi X",
        slug="kop-x",
        kind="primary_other",
        domicile_code=HARAPAN_JAYA,
        legal_number="3275030100000099",
    )
    before = _state()
    with pytest.raises(ValidationError) as exc:
        cooperative_provision(
            name="Koperasi Y",
            slug="kop-y",
            kind="primary_other",
            domicile_code=HARAPAN_JAYA,
            legal_number="3275030100000099",
        )
    assert "legal_number" in exc.value.message_dict
    assert _state() == before


def _failing_hook(*, cooperative):
    raise RuntimeError("seed failed")


def test_failure_after_schema_creation_leaves_no_schema_and_no_row(db, settings):
    # given: a seed hook that fails after the schema and tables exist
    before = _state()
    settings.TENANT_PROVISION_HOOKS = [
        *settings.TENANT_PROVISION_HOOKS,
        "tests.platform.test_provisioning._failing_hook",
    ]
    # when
    with pytest.raises(RuntimeError):
        cooperative_provision(
            name="Koperasi Gagal", slug="kop-gagal", kind="primary_rw", domicile_code=HARAPAN_JAYA
        )
    # then
    assert _state() == before
    assert "k_kop_gagal" not in _schemas()


def test_cli_create_list_deactivate(db, capsys):
    # when
    call_command(
        "tenant",
        "create",
        "--name",
        "Koperasi RW 07",
        "--slug",
        "hj-rw07-cli",
        "--kind",
        "primary_rw",
        "--region",
        HARAPAN_JAYA,
    )
    call_command("tenant", "list", "--region", "32.75")
    call_command("tenant", "deactivate", "hj-rw07-cli")
    out = capsys.readouterr().out
    # then
    assert "hj-rw07-cli.localhost" in out
    listed = [line.split()[0] for line in out.splitlines() if line.startswith(("hj-", "coop-"))]
    assert listed == ["coop-a", "hj-rw07-cli"]
    assert Cooperative.objects.get(slug="hj-rw07-cli").is_active is False


def test_cli_bad_region_names_the_field_and_writes_nothing(db):
    before = _state()
    with pytest.raises(CommandError, match="domicile"):
        call_command(
            "tenant",
            "create",
            "--name",
            "X",
            "--slug",
            "kop-xx",
            "--kind",
            "primary_rw",
            "--region",
            "00.00",
        )
    assert _state() == before


def test_cli_list_filters_by_region(db, capsys):
    call_command("tenant", "list", "--region", "12.71")
    out = capsys.readouterr().out
    assert "coop-b" in out
    assert "coop-a" not in out


def test_regions_load_reports_bad_rows_and_loads_nothing(db, tmp_path):
    from sokoguru.platform.tenancy.models import Region

    path = tmp_path / "wilayah.csv"
    path.write_text("code,name\n33,JAWA TENGAH\n33.01,KAB CILACAP\n33.01.01,\n44.99.1,SALAH\n")
    before = Region.objects.count()
    with pytest.raises(CommandError) as exc:
        call_command("regions", "load", str(path))
    assert "row 4" in str(exc.value) and "row 5" in str(exc.value)
    assert Region.objects.count() == before


@override_settings(PLATFORM_DOMAIN="sokoguru.id")
def test_domain_follows_platform_domain(db):
    coop = cooperative_provision(
        name="Koperasi Z", slug="kop-z", kind="primary_other", domicile_code=HARAPAN_JAYA
    )
    assert Domain.objects.get(tenant=coop).domain == "kop-z.sokoguru.id"
