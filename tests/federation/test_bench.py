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
        "refresh_many_cold_cooperatives_per_s",
        "refresh_queries_per_cooperative",
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


def test_reports_bench_runs_small_and_leaves_nothing_behind(coop_a):
    from sokoguru.federation.reports.bench import run as reports_run
    from sokoguru.federation.reports.models import ReportJob

    result = reports_run(tenants=40, rounds=1)
    assert result["name"] == "reports"
    assert set(result["results"]) >= {
        "kelurahan_30_pdf_s",
        "kelurahan_30_xlsx_s",
        "dinas_40_pdf_s",
        "dinas_40_xlsx_s",
        "dinas_40_ods_xlsx_s",
        "kelurahan_30_cached_s",
    }
    assert all(v > 0 for v in result["baseline"].values())
    assert result["info"]["dinas_40_cooperatives"] == 40
    assert "snapshot rows only" in result["info"]["data"]
    assert not Cooperative.objects.filter(slug__startswith="bench-report-").exists()
    assert not CooperativeSnapshot.objects.exists() and not ReportJob.objects.exists()
