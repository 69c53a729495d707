import json

import pytest
from django.core.management import call_command
from django.db import connection

from sokoguru.platform.tenancy.models import Cooperative


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_bench_ledger_reports_service_against_raw_sql(tmp_path, capsys):
    # given
    out = tmp_path / "ledger.json"
    # when: a tiny run through the shared harness (the real one is `sokoguru bench ledger`)
    call_command(
        "bench",
        "ledger",
        "--rounds",
        "1",
        "--param",
        "postings=6",
        "--param",
        "clients=1,2",
        "--json",
        str(out),
    )
    # then
    result = json.loads(out.read_text())
    assert {"name", "params", "results", "baseline", "ratio"} <= set(result)
    assert result["name"] == "ledger"
    assert result["params"] == {"rounds": 1, "postings": 6, "clients": [1, 2]}
    assert set(result["results"]) == set(result["baseline"]) == set(result["ratio"]) == {"1", "2"}
    assert all(value > 0 for value in result["results"].values())
    assert "ledger" in capsys.readouterr().out
    # the throw-away cooperative is gone
    assert not Cooperative.objects.filter(slug="bench-ledger").exists()
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'k_bench_ledger'")
        assert cur.fetchone() == (0,)
