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
