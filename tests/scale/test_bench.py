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
        assert result["ratio"]
        for metric, ratio in result["ratio"].items():
            assert ratio == round(result["baseline"][metric] / result["results"][metric], 2)
        assert result["info"]["pg_class_rows"] > 0
        assert result["info"]["pg_database_size_mb"] > 0
        if name == "provision":  # cold, with the spare pool, and the raw-DDL floor
            assert set(result["results"]) == {"provision_s", "provision_pool_s", "floor_ddl_s"}
    # and the provisioning benchmark removed the cooperatives it made
    assert set(Cooperative.objects.values_list("slug", flat=True)) == before


# `sokoguru bench --all --quick` takes each module's QUICK parameters.
QUICK = {"postings": 7}


def failing_run(*, rounds: int = 1) -> dict:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT * FROM relation_that_is_not_there")
    return {}


def test_all_quick_runs_every_bench_and_prints_one_table_of_ratios(db, settings, tmp_path):
    # given two benchmarks, one of which hits a database error
    settings.BENCHMARKS = {
        "ledger": "tests.scale.test_bench.sample_run",
        "broken": "tests.scale.test_bench.failing_run",
    }
    out = io.StringIO()
    path = tmp_path / "all.json"
    # when every bench runs with its quick parameters
    with pytest.raises(CommandError, match="1 bench gagal: broken"):
        call_command("bench", "--all", "--quick", "--rounds", "1", "--json", str(path), stdout=out)
    # then the working one ran with QUICK, the summary table lists both, and no traceback leaked
    payload = json.loads(path.read_text())
    assert [r["params"] for r in payload["results"]] == [{"rounds": 1, "postings": 7, "clients": 1}]
    assert "basis data menolak" in payload["errors"]["broken"]
    assert "relation_that_is_not_there" in payload["errors"]["broken"]
    summary = [line.split() for line in out.getvalue().split("\n\n")[-1].splitlines()]
    assert ["ledger", "postings_per_s", "70.0", "14.0", "0.20×"] in summary
    assert ["broken", "GAGAL", "bench"] == next(r for r in summary if r[0] == "broken")[:3]


def test_name_and_all_together_are_refused(db, settings):
    settings.BENCHMARKS = {"ledger": "tests.scale.test_bench.sample_run"}
    with pytest.raises(CommandError, match="name: pilih satu bench atau --all"):
        call_command("bench", "ledger", "--all")


@pytest.mark.slow
def test_bench_on_a_database_that_was_never_migrated_migrates_it_first(db):
    """A new user's first `sokoguru bench ledger` on an empty database: one line, then the run."""
    import os
    import subprocess
    import sys
    import uuid

    import psycopg2
    from django.conf import settings as django_settings

    # given an empty database on the same server as the tests
    db_settings = django_settings.DATABASES["default"]
    name = f"sk_bench_fresh_{uuid.uuid4().hex[:8]}"
    admin = dict(
        dbname="postgres",
        user=db_settings["USER"],
        host=db_settings["HOST"],
        port=db_settings["PORT"] or None,
        password=db_settings["PASSWORD"] or None,
    )
    conn = psycopg2.connect(**admin)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if db_settings["HOST"].startswith("/"):  # the embedded server: same server, another database
        env["SOKOGURU_DB_NAME"] = name
    else:
        auth = db_settings["USER"] + (
            f":{db_settings['PASSWORD']}" if db_settings["PASSWORD"] else ""
        )
        port = f":{db_settings['PORT']}" if db_settings["PORT"] else ""
        env["DATABASE_URL"] = f"postgresql://{auth}@{db_settings['HOST']}{port}/{name}"
    try:
        # when the ledger bench runs there
        done = subprocess.run(
            [sys.executable, "-m", "sokoguru.platform", "bench", "ledger", "--rounds", "1",
             "--param", "postings=5", "--param", "clients=1"],
            env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
    finally:
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()
    # then it said it migrates, ran, printed its table, and no traceback
    assert done.returncode == 0, done.stderr
    assert "basis data belum dimigrasi: menjalankan `sokoguru migrate`" in done.stdout
    assert "bench ledger" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_bench_backend_memory_reports_what_a_backend_keeps_per_cooperative(committed, tmp_path):
    # given the session's cooperatives (at least two with the full schema)
    before = Cooperative.objects.count()
    path = tmp_path / "memory.json"
    # when the bench visits two of them in a new backend
    call_command(
        "bench", "backend-memory", "--param", "schemas=2", "--json", str(path), stdout=io.StringIO()
    )
    result = json.loads(path.read_text())
    # then it visited exactly two and the relation cache grew by what it touched
    assert result["params"] == {"schemas": 2}
    assert result["results"]["cache_mb"] > result["baseline"]["cache_mb"]
    assert result["info"]["cache_kb_per_schema"] > 0
    # and it made no cooperative of its own
    assert Cooperative.objects.count() == before
