"""Real Celery workers: the production path (Redis broker) and the server-less demo broker. The
worker is a separate process on the test database; it runs a tenant task in the named schema."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from contextlib import contextmanager

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from sokoguru.platform.celery import enqueue_on_commit
from sokoguru.platform.core.tasks import schema_probe

REDIS_URL = os.environ.get("SOKOGURU_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def require_redis():
    if not _redis_reachable():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is not reachable on 127.0.0.1:6379 (required under CI)")
        pytest.skip("Redis not reachable on 127.0.0.1:6379: production-path test skipped")


@contextmanager
def worker(env_extra: dict):
    db = settings.DATABASES["default"]
    env = {**os.environ, **env_extra, "SOKOGURU_DB_NAME": db["NAME"]}
    if os.environ.get("DATABASE_URL"):
        # An external server: point the worker at the test database, not the configured one.
        env["DATABASE_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + db["NAME"]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "sokoguru.platform.celery",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def client_app(broker: str, backend: str, transport_options: dict | None = None) -> Celery:
    """A separate producer app pointed at the worker's broker (tasks are sent by name)."""
    client = Celery("sokoguru-test-client", broker=broker, backend=backend)
    client.conf.broker_transport_options = transport_options or {}
    client.conf.task_serializer = "json"
    return client


@pytest.mark.django_db
def test_redis_worker_runs_tenant_task_in_its_schema(coop_a):
    require_redis()
    with worker({"CELERY_BROKER_URL": REDIS_URL, "CELERY_RESULT_BACKEND": REDIS_URL}):
        client = client_app(REDIS_URL, REDIS_URL)
        result = client.send_task(schema_probe.name, kwargs={"schema_name": coop_a.schema_name})
        assert result.get(timeout=60) == coop_a.schema_name
        refused = client.send_task(schema_probe.name, kwargs={"schema_name": "public"})
        with pytest.raises(Exception, match="schema_name"):
            refused.get(timeout=60)


@pytest.mark.django_db
def test_serverless_worker_runs_tenant_task(coop_b, tmp_path):
    broker_dir = tmp_path / "broker"
    for sub in ("out", "processed"):
        (broker_dir / sub).mkdir(parents=True)
    results = tmp_path / "results"
    results.mkdir()
    options = {
        "data_folder_in": str(broker_dir / "out"),
        "data_folder_out": str(broker_dir / "out"),
        "data_folder_processed": str(broker_dir / "processed"),
    }
    env = {
        "CELERY_BROKER_URL": "filesystem://",
        "SOKOGURU_BROKER_DIR": str(broker_dir),
        "CELERY_RESULT_BACKEND": f"file://{results}",
    }
    with worker(env):
        client = client_app("filesystem://", f"file://{results}", options)
        result = client.send_task(schema_probe.name, kwargs={"schema_name": coop_b.schema_name})
        assert result.get(timeout=60) == coop_b.schema_name


def test_enqueue_waits_for_commit(coop_a, django_capture_on_commit_callbacks):
    # given: inside the test's transaction nothing is sent yet
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_on_commit(schema_probe, schema_name=coop_a.schema_name)
    # then: exactly one send is queued for commit time
    assert len(callbacks) == 1
    assert connection.schema_name == "public"


def test_tasks_are_acks_late():
    assert schema_probe.acks_late is True
    assert settings.CELERY_TASK_ACKS_LATE is True
