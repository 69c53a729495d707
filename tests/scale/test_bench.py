"""`sokoguru bench NAME`: one harness, benchmarks registered by dotted path."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from sokoguru.platform.tenancy.models import Cooperative


def sample_run(*, rounds: int, postings: int, clients: int = 1) -> dict:
    """A benchmark shaped like the ledger's: keyword-only parameters, returns the JSON dict."""
    return {
        "results": {"postings_per_s": postings * clients * 10.0},
        "baseline": {"postings_per_s": postings * clients * 2.0},
        "params": {"rounds": rounds, "postings": postings, "clients": clients},
    }


def test_a_registered_benchmark_gets_only_the_parameters_it_takes(db, settings, tmp_path):
    # given a benchmark registered by another app
    settings.BENCHMARKS = {"ledger": "tests.scale.test_bench.sample_run"}
    out = io.StringIO()
    path = tmp_path / "ledger.json"
    # when it is run with the harness's options and its own parameters
    call_command(
        "bench", "ledger", "--rounds", "3", "--tenants", "5", "--param", "postings=4",
        "--json", str(path), stdout=out,
    )  # fmt: skip
    # then it received its own parameters only, and the JSON and table carry its result
    result = json.loads(path.read_text())
    assert result["name"] == "ledger"
    assert result["params"] == {"rounds": 3, "postings": 4, "clients": 1}
    assert result["results"] == {"postings_per_s": 40.0}
    assert result["baseline"] == {"postings_per_s": 8.0}
    assert result["ratio"] == {"postings_per_s": 0.2}
    assert "postings_per_s" in out.getvalue()


def test_a_missing_parameter_is_named(db, settings):
    settings.BENCHMARKS = {"ledger": "tests.scale.test_bench.sample_run"}
    with pytest.raises(CommandError, match="--param postings="):
        call_command("bench", "ledger", "--rounds", "1")
    with pytest.raises(CommandError, match="bench tidak dikenal: nope"):
        call_command("bench", "nope")


def test_bench_provision_and_migrate_noop_compare_with_django_tenants(committed, tmp_path):
    # given the registry as the session left it
    before = set(Cooperative.objects.values_list("slug", flat=True))
    out = io.StringIO()
    # when both platform benchmarks run one round
    for name in ("provision", "migrate-noop"):
        path = tmp_path / f"{name}.json"
        call_command("bench", name, "--rounds", "1", "--json", str(path), stdout=out)
        result = json.loads(path.read_text())
        # then each compares Sokoguru with the stock path and reports the catalog size
        assert set(result) >= {"name", "params", "results", "baseline", "ratio"}
        (metric,) = result["results"]
        assert result["ratio"][metric] == round(
            result["baseline"][metric] / result["results"][metric], 2
        )
        assert result["info"]["pg_class_rows"] > 0
        assert result["info"]["pg_database_size_mb"] > 0
    # and the provisioning benchmark removed the cooperatives it made
    assert set(Cooperative.objects.values_list("slug", flat=True)) == before
