from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from sokoguru.federation.snapshots import services as snapshot_services
from sokoguru.federation.snapshots.models import CooperativeSnapshot, SnapshotFailure
from sokoguru.federation.snapshots.services import (
    snapshot_prune,
    snapshot_refresh,
)
from sokoguru.federation.snapshots.tasks import changed_cooperative_ids, snapshot_refresh_chunk
from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.celery import app as celery_app
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.tenants.bylaws.selectors import bylaws_current
from sokoguru.tenants.members.services import member_register
from sokoguru.tenants.savings.services import pokok_pay, sukarela_deposit

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def eager_celery():
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


def seed_members(coop):
    """Two active members with pokok paid and sukarela 500.000 and 250.000 (in coop's schema)."""
    connection.set_tenant(coop)
    try:
        pokok = bylaws_current().pokok_amount
        for n, sukarela in ((1, Decimal("500000.00")), (2, Decimal("250000.00"))):
            member = member_register(
                full_name=f"Anggota Uji {n}",
                nik=f"32750315058500{n:02d}",
                joined_on=date(2026, 1, 5),
                created_by_id=SYSTEM,
            )
            pokok_pay(member_id=member.pk, date=date(2026, 1, 5), created_by_id=SYSTEM)
            sukarela_deposit(
                member_id=member.pk,
                amount=sukarela,
                date=date(2026, 1, 6),
                idempotency_key=f"uji:sukarela:{n}",
                created_by_id=SYSTEM,
            )
        return pokok
    finally:
        connection.set_schema_to_public()


def test_refresh_computes_the_figures_from_the_cooperatives_books(coop_a):
    # given
    pokok = seed_members(coop_a)
    # when
    snapshot = snapshot_refresh(cooperative=coop_a, as_of=date(2026, 3, 31))
    # then
    assert snapshot.region_code == "32.75.03.1001"
    assert snapshot.cooperative_kind == "primary_rw"
    assert snapshot.is_latest is True
    assert snapshot.is_month_end is True
    assert snapshot.savings_pokok == pokok * 2
    assert snapshot.savings_sukarela == Decimal("750000.00")
    assert snapshot.savings_total == snapshot.savings_pokok + snapshot.savings_wajib + Decimal(
        "750000.00"
    )
    assert snapshot.members_active == 2
    assert snapshot.total_assets == snapshot.total_liabilities + snapshot.total_equity
    assert snapshot.cash_and_bank == pokok * 2 + Decimal("750000.00") + snapshot.savings_wajib
    assert connection.schema_name == "public"


def test_refresh_before_members_joined_counts_no_members(coop_a):
    # given
    seed_members(coop_a)
    # when
    snapshot = snapshot_refresh(cooperative=coop_a, as_of=date(2025, 12, 31))
    # then
    assert snapshot.members_active == 0
    assert snapshot.savings_total == Decimal("0.00")


def test_refresh_is_idempotent_and_moves_the_latest_mark(coop_a):
    # given
    seed_members(coop_a)
    first = snapshot_refresh(cooperative=coop_a, as_of=date(2026, 1, 31))
    # when
    again = snapshot_refresh(cooperative=coop_a, as_of=date(2026, 1, 31))
    newer = snapshot_refresh(cooperative=coop_a, as_of=date(2026, 2, 28))
    older = snapshot_refresh(cooperative=coop_a, as_of=date(2025, 12, 31))
    # then
    assert again.pk == first.pk
    assert CooperativeSnapshot.objects.filter(cooperative=coop_a).count() == 3
    latest = CooperativeSnapshot.objects.filter(cooperative=coop_a, is_latest=True)
    assert [s.date for s in latest] == [date(2026, 2, 28)]
    assert newer.savings_total == again.savings_total
    assert older.is_latest is False


def test_a_failure_midway_leaves_no_partial_snapshot(coop_a, put_snapshot, monkeypatch):
    # given: yesterday's figures are stored
    day = date(2026, 4, 30)
    put_snapshot(coop_a, day, members_active=7, savings_pokok=Decimal("700000.00"))

    def broken(*args, **kwargs):
        raise RuntimeError("worker killed")

    # when: the write fails after the upsert, before the latest mark and member rows
    monkeypatch.setattr(snapshot_services, "_mark_latest", broken)
    with pytest.raises(RuntimeError):
        snapshot_services.snapshot_write(
            cooperative=coop_a,
            as_of=date(2026, 5, 1),
            figures={"members_active": 9},
            computed_at=timezone.now(),
        )
    # then: nothing of the new snapshot is there and the old one is intact
    rows = list(CooperativeSnapshot.objects.filter(cooperative=coop_a))
    assert [(r.date, r.members_active, r.is_latest) for r in rows] == [(day, 7, True)]
    # and: the rerun completes
    monkeypatch.undo()
    snapshot_refresh(cooperative=coop_a, as_of=date(2026, 5, 1))
    assert CooperativeSnapshot.objects.get(cooperative=coop_a, is_latest=True).date == date(
        2026, 5, 1
    )


def test_a_failure_while_reading_the_books_writes_nothing(coop_a, monkeypatch):
    # given
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(snapshot_services, "compute_roster", broken)
    monkeypatch.setattr(snapshot_services, "cooperative_shares_member_level", lambda **kw: True)
    # when
    with pytest.raises(RuntimeError):
        snapshot_refresh(cooperative=coop_a)
    # then
    assert CooperativeSnapshot.objects.filter(cooperative=coop_a).count() == 0
    assert connection.schema_name == "public"


def test_an_older_computation_never_overwrites_a_newer_one(coop_a, put_snapshot):
    # given
    day = date(2026, 4, 30)
    put_snapshot(coop_a, day, at=datetime(2026, 5, 1, 1, 0, tzinfo=WIB), members_active=5)
    # when
    put_snapshot(coop_a, day, at=datetime(2026, 4, 30, 12, 0, tzinfo=WIB), members_active=3)
    # then
    assert CooperativeSnapshot.objects.get(cooperative=coop_a, date=day).members_active == 5


def test_prune_keeps_month_ends_and_the_last_90_days(coop_a, coop_b, put_snapshot):
    # given
    today = date(2026, 11, 20)
    for day in (date(2026, 7, 15), date(2026, 7, 31), date(2026, 8, 21), date(2026, 8, 23)):
        put_snapshot(coop_a, day)
    put_snapshot(coop_b, date(2026, 6, 10))  # coop_b's only (latest) row
    # when
    deleted = snapshot_prune(today=today)
    # then
    assert deleted == 2
    assert sorted(
        CooperativeSnapshot.objects.filter(cooperative__in=[coop_a, coop_b]).values_list(
            "date", flat=True
        )
    ) == [date(2026, 6, 10), date(2026, 7, 31), date(2026, 8, 23)]


def test_debounced_refresher_picks_changed_books_after_the_delay(coop_a, coop_b, put_snapshot):
    # given
    now = timezone.now()
    put_snapshot(coop_a, now.date(), at=now - timedelta(hours=1))
    put_snapshot(coop_b, now.date(), at=now - timedelta(hours=1))
    Cooperative.objects.filter(pk=coop_a.pk).update(books_changed_at=now - timedelta(minutes=5))
    Cooperative.objects.filter(pk=coop_b.pk).update(books_changed_at=now - timedelta(seconds=30))
    # when
    ids = changed_cooperative_ids(now=now)
    # then
    assert coop_a.pk in ids
    assert coop_b.pk not in ids
    # and once coop_a is refreshed it is no longer picked
    snapshot_refresh(cooperative=coop_a)
    assert coop_a.pk not in changed_cooperative_ids(now=now)


def test_one_failing_cooperative_does_not_stop_the_rest(coop_a, coop_b, eager_celery, monkeypatch):
    # given: coop_a's books cannot be read
    real = snapshot_services.compute_figures

    def flaky(**kwargs):
        if connection.schema_name == coop_a.schema_name:
            raise RuntimeError("rusak")
        return real(**kwargs)

    monkeypatch.setattr(snapshot_services, "compute_figures", flaky)
    # when
    result = snapshot_refresh_chunk.apply(kwargs={"cooperative_ids": [coop_a.pk, coop_b.pk]}).get()
    # then
    assert result == {"refreshed": 1, "failed": [coop_a.pk]}
    assert CooperativeSnapshot.objects.filter(cooperative=coop_b, is_latest=True).exists()
    assert not CooperativeSnapshot.objects.filter(cooperative=coop_a).exists()
    failure = SnapshotFailure.objects.get(cooperative=coop_a)
    assert failure.attempts == 4  # first try and three retries
    assert failure.error == "RuntimeError: rusak"
