from sokoguru.federation.snapshots.bench import run
from sokoguru.federation.snapshots.models import CooperativeSnapshot
from sokoguru.platform.tenancy.models import Cooperative


def test_bench_runs_small_and_leaves_nothing_behind(coop_a, coop_b):
    # when
    result = run(tenants=40, rounds=1)
    # then
    assert result["name"] == "federation"
    assert set(result["results"]) >= {
        "aggregate_api_30_s",
        "aggregate_api_40_s",
        "aggregate_api_s",
        "kelurahan_dashboard_s",
        "refresh_cooperatives_per_s",
        "refresh_many_cooperatives_per_s",
        "incremental_s",
        "incremental_nothing_changed_s",
    }
    assert result["info"]["refresh_many"].startswith("2 cooperatives in")
    assert result["info"]["incremental"].startswith("2 of 2 cooperatives changed")
    assert result["baseline"]["aggregate_api_s"] > 0
    assert result["ratio"]["aggregate_api_s"] > 0
    assert result["info"]["loop_measured"].startswith("2 real schemas")
    assert not Cooperative.objects.filter(slug__startswith="bench-").exists()
    assert not CooperativeSnapshot.objects.exists()
