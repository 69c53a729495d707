"""`sokoguru tenant generate`: realistic synthetic cooperatives through the fast path."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.db import connection

from sokoguru.platform.tenancy.generate import CITIES
from sokoguru.platform.tenancy.models import Cooperative, Region


def test_generate_spreads_cooperatives_over_real_provinces_and_continues(db):
    out = io.StringIO()
    # when six cooperatives are generated, then three more
    call_command("tenant", "generate", "--count", "6", stdout=out, stderr=io.StringIO())
    call_command("tenant", "generate", "--count", "3", stdout=out, stderr=io.StringIO())
    # then nine exist, numbered on, each in its own synthetic kelurahan under a real city
    generated = Cooperative.objects.filter(slug__regex=r"^g[0-9]{6}-").order_by("slug")
    assert [c.slug[:7] for c in generated] == [f"g{i:06d}" for i in range(9)]
    assert "6 koperasi sintetis dibuat" in out.getvalue()
    real_cities = {city for _, _, city, _ in CITIES}
    for coop in generated:
        village = Region.objects.get(code=coop.domicile_id)
        assert village.level == Region.Level.VILLAGE
        assert village.code.rsplit(".", 2)[0] in real_cities
        assert coop.name.startswith("Koperasi ")
        assert len(coop.legal_number) == 16
    assert len({c.domicile_id for c in generated}) == 9
    assert Region.objects.get(code="11").name == "ACEH"
    # and every one has its schema and seed rows
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM pg_namespace WHERE nspname = ANY(%s)",
            [[c.schema_name for c in generated]],
        )
        assert cur.fetchone()[0] == 9


def test_generate_total_resumes_with_parallel_workers(committed):
    from sokoguru.platform.bench.provision import cooperative_remove

    out = io.StringIO()
    try:
        # given a run stopped after two cooperatives (numbers 0 and 1)
        call_command("tenant", "generate", "--total", "2", stdout=out, stderr=io.StringIO())
        # when the run is started again for five, in two worker processes
        call_command(
            "tenant",
            "generate",
            "--total",
            "5",
            "--workers",
            "2",
            "--batch-size",
            "1",
            stdout=out,
            stderr=io.StringIO(),
        )
        # then it made only the three missing ones, each with its schema and seed rows
        assert "3 koperasi sintetis dibuat" in out.getvalue()
        generated = Cooperative.objects.filter(slug__regex=r"^g[0-9]{6}-").order_by("slug")
        assert [c.slug[:7] for c in generated] == [f"g{i:06d}" for i in range(5)]
        with connection.cursor() as cur:
            for coop in generated:
                cur.execute(f"SELECT count(*) FROM {coop.schema_name}.ledger_account")
                assert cur.fetchone()[0] > 0
        # and a third run finds nothing left to do
        call_command("tenant", "generate", "--total", "5", stdout=out, stderr=io.StringIO())
        assert "0 koperasi sintetis dibuat" in out.getvalue()
    finally:
        connection.set_schema_to_public()
        for slug in Cooperative.objects.filter(slug__regex=r"^g[0-9]{6}-").values_list(
            "slug", flat=True
        ):
            cooperative_remove(slug)
