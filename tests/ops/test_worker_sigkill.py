"""A real Celery worker (Redis broker, the production path) SIGKILLed in the middle of the nightly
snapshot fan-out and of the monthly wajib billing: the message it held is handed out again after
the visibility timeout, a fresh worker completes it, and every cooperative ends with exactly one
snapshot for the date / every member with exactly one bill for the month — nothing doubled,
nothing missing, nothing half-written by the killed worker.

To kill the worker at a known point, the test holds a row lock the worker needs in the middle of
one cooperative's transaction (after that transaction has written its rows): the worker blocks
there, the cooperatives before it are committed, the ones after it not started."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from sokoguru.federation.snapshots.models import CooperativeSnapshot
from sokoguru.federation.snapshots.services import cooperative_today, snapshot_refresh
from sokoguru.federation.snapshots.tasks import snapshot_refresh_chunk
from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.bench.provision import cooperative_remove
from sokoguru.platform.tenancy.context import cooperative_schema
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.platform.tenancy.services import cooperative_provision
from sokoguru.tenants.bylaws.calendar import add_months, month_start
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.members.services import member_register
from sokoguru.tenants.savings.models import WajibBill
from sokoguru.tenants.savings.services import pokok_pay
from sokoguru.tenants.savings.tasks import monthly_cycle
from tests.fixtures.members import make_nik
from tests.platform.test_celery_worker import REDIS_URL, client_app, require_redis

HARAPAN_JAYA = "32.75.03.1001"
WAIT_SECONDS = 90
VISIBILITY_SECONDS = 4

pytestmark = pytest.mark.django_db(transaction=True)


def _dsn() -> dict:
    db = connection.settings_dict
    return {
        "dbname": db["NAME"],
        "host": db["HOST"],
        "port": db["PORT"] or 5432,
        "user": db["USER"],
    }


def _other_connection():
    """A second connection, as another client of the database would hold one."""
    return psycopg2.connect(**_dsn())


def _start_worker(queue: str) -> subprocess.Popen:
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "SOKOGURU_DB_NAME": db["NAME"],
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "SOKOGURU_CELERY_QUEUE": queue,
        "SOKOGURU_CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_SECONDS),
    }
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + db["NAME"]
    return subprocess.Popen(
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
            f"--queues={queue}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_for(condition, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"not within {WAIT_SECONDS} s: {what}")


def _blocked_backend(probe, query_like: str) -> int | None:
    """The pid of the backend waiting for a lock while running a statement like ``query_like``."""
    with probe.cursor() as cur:
        cur.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND query LIKE %s",
            [query_like],
        )
        row = cur.fetchone()
    return row[0] if row else None


def _backend_gone(probe, pid: int) -> bool:
    with probe.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
        return cur.fetchone() is None


def _holds_write_lock(probe, pid: int, table: str) -> bool:
    with probe.cursor() as cur:
        cur.execute(
            "SELECT 1 FROM pg_locks WHERE pid = %s AND relation = %s::regclass "
            "AND mode = 'RowExclusiveLock' AND granted",
            [pid, table],
        )
        return cur.fetchone() is not None


@pytest.fixture
def cooperatives():
    """Three committed cooperatives (removed afterwards, schemas dropped)."""
    connection.set_schema_to_public()
    tag = uuid.uuid4().hex[:6]
    made = [
        cooperative_provision(
            name=f"Koperasi Uji Mati {tag} {n}",
            slug=f"kill-{tag}-{n}",
            kind="primary_rw",
            domicile_code=HARAPAN_JAYA,
        )
        for n in range(3)
    ]
    yield made
    connection.set_schema_to_public()
    for cooperative in made:
        cooperative_remove(cooperative.slug)


@pytest.fixture
def queue():
    """A queue of this test alone on the shared Redis (other workers never take its messages)."""
    require_redis()
    return f"sokoguru-test-kill-{uuid.uuid4().hex[:8]}"


def _members(cooperative: Cooperative, count: int, *, joined_on: date) -> list[int]:
    ids = []
    with cooperative_schema(cooperative):
        for n in range(count):
            member = member_register(
                full_name=f"Anggota {n + 1}",
                nik=make_nik(),
                joined_on=joined_on,
                created_by_id=SYSTEM,
            )
            pokok_pay(member_id=member.pk, date=joined_on, created_by_id=SYSTEM)
            ids.append(member.pk)
    return ids


def test_snapshot_fanout_worker_killed_midway_rerun_writes_one_row_per_cooperative(
    cooperatives, queue
):
    # given: three cooperatives with members and an older snapshot each (their latest row)
    first, second, third = sorted(cooperatives, key=lambda c: c.pk)
    today = cooperative_today(first)
    day, older = today - timedelta(days=1), today - timedelta(days=3)
    for cooperative, count in ((first, 2), (second, 3), (third, 4)):
        _members(cooperative, count, joined_on=older - timedelta(days=30))
        snapshot_refresh(cooperative=cooperative, as_of=older)
    ids = [first.pk, second.pk, third.pk]
    # and: another client holds the second cooperative's latest row, so the worker stops in the
    # middle of that cooperative's write (its new row inserted, the latest mark not yet moved)
    blocker = _other_connection()
    probe = _other_connection()
    probe.autocommit = True
    with blocker.cursor() as cur:
        cur.execute(
            f"SELECT id FROM {CooperativeSnapshot._meta.db_table} "  # noqa: S608
            "WHERE cooperative_id = %s AND is_latest FOR UPDATE",
            [second.pk],
        )
    client = client_app(REDIS_URL, REDIS_URL)
    worker = _start_worker(queue)
    try:
        # when: the nightly chunk over the three is enqueued and the worker reaches the second
        client.send_task(
            snapshot_refresh_chunk.name,
            kwargs={"cooperative_ids": ids, "closing": True},
            queue=queue,
        )
        pid = _wait_for(
            lambda: _blocked_backend(probe, "UPDATE%is_latest%"), "the worker reaching coop 2"
        )
        # then: at that point the first is done, the third not started
        assert CooperativeSnapshot.objects.filter(cooperative=first, date=day).count() == 1
        assert not CooperativeSnapshot.objects.filter(cooperative=third, date=day).exists()
        # when: the worker is SIGKILLed, then the other client lets go
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=20)
        blocker.rollback()
        _wait_for(lambda: _backend_gone(probe, pid), "the killed worker's transaction ending")
        # then: nothing of the second cooperative's interrupted write is left
        assert not CooperativeSnapshot.objects.filter(cooperative=second, date=day).exists()
        assert list(
            CooperativeSnapshot.objects.filter(cooperative=second, is_latest=True).values_list(
                "date", flat=True
            )
        ) == [older]
        # when: a worker is started again; the unacknowledged chunk comes back after the
        # visibility timeout and runs to the end
        worker = _start_worker(queue)
        _wait_for(
            lambda: (
                CooperativeSnapshot.objects.filter(cooperative_id__in=ids, date=day).count() == 3
            ),
            "the redelivered chunk completing",
        )
        time.sleep(VISIBILITY_SECONDS + 2)  # a second, doubled run would show up by now
    finally:
        _stop(worker)
        blocker.close()
        probe.close()
    # then: exactly one row for the day and one latest row per cooperative, with its figures
    for cooperative, members in ((first, 2), (second, 3), (third, 4)):
        rows = CooperativeSnapshot.objects.filter(cooperative=cooperative)
        assert sorted(rows.values_list("date", flat=True)) == [older, day]
        latest = rows.get(is_latest=True)
        assert latest.date == day
        assert latest.members_total == members


def test_wajib_billing_worker_killed_midway_rerun_bills_each_member_once(cooperatives, queue):
    # given: three cooperatives' members, pokok paid; in the second one a member four months in
    # arrears (this month's billing flags them, in the same transaction as the bills)
    first, second, third = cooperatives
    this_month = month_start(cooperative_today(first))
    joined = add_months(this_month, -6)
    members = {
        first.pk: _members(first, 3, joined_on=joined),
        second.pk: _members(second, 4, joined_on=joined),
        third.pk: _members(third, 5, joined_on=joined),
    }
    late = members[second.pk][0]
    with cooperative_schema(second):
        WajibBill.objects.bulk_create(
            WajibBill(member_id=late, period=add_months(this_month, -n), amount=20000)
            for n in range(1, 5)
        )
        late_bills = WajibBill.objects.filter(member_id=late).count()
    # and: another client holds that member's row, so the worker stops after writing the second
    # cooperative's bills, before its transaction commits
    blocker = _other_connection()
    probe = _other_connection()
    probe.autocommit = True
    member_table = f'"{second.schema_name}".{Member._meta.db_table}'
    bill_table = f'"{second.schema_name}".{WajibBill._meta.db_table}'
    with blocker.cursor() as cur:
        cur.execute(f"SELECT id FROM {member_table} WHERE id = %s FOR UPDATE", [late])  # noqa: S608
    client = client_app(REDIS_URL, REDIS_URL)
    worker = _start_worker(queue)

    def bills(cooperative) -> list[int]:
        with cooperative_schema(cooperative):
            return sorted(
                WajibBill.objects.filter(period=this_month).values_list("member_id", flat=True)
            )

    try:
        # when: the month's cycle is enqueued for the three (as the fan-out does, in order)
        for cooperative in (first, second, third):
            client.send_task(
                monthly_cycle.name, kwargs={"schema_name": cooperative.schema_name}, queue=queue
            )
        pid = _wait_for(
            lambda: _blocked_backend(probe, "UPDATE%status%"), "the worker reaching coop 2"
        )
        # then: the first is billed, the second's bills are written but not committed, the
        # third not started
        assert bills(first) == sorted(members[first.pk])
        assert _holds_write_lock(probe, pid, bill_table)
        assert bills(second) == []
        assert bills(third) == []
        # when: the worker is SIGKILLed, then the other client lets go
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=20)
        blocker.rollback()
        _wait_for(lambda: _backend_gone(probe, pid), "the killed worker's transaction ending")
        # then: none of the second cooperative's bills survived, the member is not flagged
        assert bills(second) == []
        with cooperative_schema(second):
            assert Member.objects.get(pk=late).status == "active"
        # when: a worker is started again; the unacknowledged task comes back and the queued
        # ones follow
        worker = _start_worker(queue)
        _wait_for(lambda: bills(third) == sorted(members[third.pk]), "the rerun completing")
        time.sleep(VISIBILITY_SECONDS + 2)  # a second, doubled run would show up by now
    finally:
        _stop(worker)
        blocker.close()
        probe.close()
    # then: every member of every cooperative has exactly one bill for the month
    for cooperative in (first, second, third):
        assert bills(cooperative) == sorted(members[cooperative.pk])
        with cooperative_schema(cooperative):
            assert (
                WajibBill.objects.filter(period=this_month).values("member_id").distinct().count()
                == WajibBill.objects.filter(period=this_month).count()
            )
    with cooperative_schema(second):
        assert Member.objects.get(pk=late).status == "flagged"
        assert WajibBill.objects.filter(member_id=late).count() == late_bills + 1
