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
    }
    assert result["baseline"]["aggregate_api_s"] > 0
    assert result["ratio"]["aggregate_api_s"] > 0
    assert result["info"]["loop_measured"].startswith("2 real schemas")
    assert not Cooperative.objects.filter(slug__startswith="bench-").exists()
    assert not CooperativeSnapshot.objects.exists()
