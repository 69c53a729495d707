"""Refreshing many cooperatives at once, and the incremental refresh of changed books only."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sokoguru.federation.snapshots.models import CooperativeSnapshot
from sokoguru.federation.snapshots.services import (
    snapshot_refresh,
    snapshots_refresh_changed,
    snapshots_refresh_many,
)
from sokoguru.platform.tenancy.models import Cooperative
from tests.federation.test_snapshots import seed_members

SKIP = {"id", "computed_at"}


def _values(snapshot: CooperativeSnapshot) -> dict:
    return {
        f.attname: getattr(snapshot, f.attname)
        for f in CooperativeSnapshot._meta.concrete_fields
        if f.attname not in SKIP
    }


def _latest(coop) -> CooperativeSnapshot:
    return CooperativeSnapshot.objects.get(cooperative=coop, is_latest=True)


def test_refresh_many_writes_the_figures_of_one_by_one(coop_a, coop_b):
    # given books with members and savings in one cooperative, none in the other
    seed_members(coop_a)
    # when both are refreshed together, with the writes of both in one chunk
    report = snapshots_refresh_many(cooperative_ids=[coop_a.pk, coop_b.pk], chunk_size=10)
    assert report.refreshed == 2 and report.failed == {}
    batched = {c.pk: _values(_latest(c)) for c in (coop_a, coop_b)}
    # then each row holds exactly what a single refresh computes
    for coop in (coop_a, coop_b):
        single = snapshot_refresh(cooperative=coop)
        assert _values(single) == batched[coop.pk]
    assert batched[coop_a.pk]["members_active"] == 2
    assert batched[coop_a.pk]["savings_sukarela"] > 0
    assert CooperativeSnapshot.objects.filter(cooperative=coop_a, is_latest=True).count() == 1


def test_refresh_many_moves_the_latest_mark_to_the_newest_day(coop_a):
    today = timezone.localdate()
    snapshot_refresh(cooperative=coop_a, as_of=today - timedelta(days=3))
    snapshots_refresh_many(cooperative_ids=[coop_a.pk])
    rows = CooperativeSnapshot.objects.filter(cooperative=coop_a).order_by("date")
    assert [r.is_latest for r in rows] == [False, True]


def test_incremental_refresh_reads_only_cooperatives_whose_books_changed(coop_a, coop_b):
    # given every cooperative has a current snapshot
    snapshots_refresh_changed()
    nothing = CaptureQueriesContext(connection)
    with nothing:
        report = snapshots_refresh_changed()
    # then with no books changed the incremental refresh is one query and reads no schema
    assert report.refreshed == 0
    assert len(nothing.captured_queries) == 1
    # when coop_a's books change: postings, and the registry mark their commit writes (the
    # test's one transaction gives the database's now() its start time, so it is set here)
    seed_members(coop_a)
    Cooperative.objects.filter(pk=coop_a.pk).update(books_changed_at=timezone.now())
    before = _latest(coop_b)
    alone = CaptureQueriesContext(connection)
    with transaction.atomic(), alone:
        snapshots_refresh_many(cooperative_ids=[coop_a.pk])
        transaction.set_rollback(True)
    incremental = CaptureQueriesContext(connection)
    with incremental:
        report = snapshots_refresh_changed(now=timezone.now() + timedelta(seconds=5))
    # then only coop_a was read and written: the listing query plus what coop_a alone costs
    assert report.refreshed == 1
    assert len(incremental.captured_queries) == len(alone.captured_queries) + 1
    search_paths = [q["sql"] for q in incremental.captured_queries if "search_path" in q["sql"]]
    assert any(coop_a.schema_name in sql for sql in search_paths)
    assert not any(coop_b.schema_name in sql for sql in search_paths)
    assert _latest(coop_b).computed_at == before.computed_at
    assert _latest(coop_a).members_active == 2
    # and once refreshed, coop_a is not read again
    assert snapshots_refresh_changed(now=timezone.now() + timedelta(seconds=5)).refreshed == 0
