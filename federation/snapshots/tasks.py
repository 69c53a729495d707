"""Snapshot jobs. Nightly: every active cooperative, in chunks spread over time (rate-capped); a
cooperative that fails does not stop its chunk, is retried with back-off and, when it still fails,
recorded in ``SnapshotFailure``. Every minute: cooperatives whose books changed more than the
debounce delay ago and after their last snapshot. Daily: pruning."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings

from sokoguru.federation.snapshots import services as snapshot_services
from sokoguru.federation.snapshots.services import (
    cooperative_today,
    snapshot_failure_record,
    snapshot_prune,
    snapshot_refresh,
    snapshot_refresh_by_id,
)
from sokoguru.platform.celery import platform_task
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.platform.tenancy.selectors import cooperatives_active

logger = logging.getLogger("sokoguru.federation.snapshots")


def _setting(name: str, default):
    return getattr(settings, name, default)


def active_cooperative_ids() -> list[int]:
    return list(cooperatives_active().order_by("pk").values_list("pk", flat=True))


@platform_task(name="sokoguru.federation.snapshots.refresh_all")
def snapshot_refresh_all(*, closing: bool = True) -> dict:
    """Fan out over every active cooperative. ``closing``: snapshot the day that just ended (the
    nightly run, so month-end rows hold the month's final figures); otherwise today."""
    ids = active_cooperative_ids()
    size = _setting("FEDERATION_SNAPSHOT_CHUNK_SIZE", 50)
    spacing = _setting("FEDERATION_SNAPSHOT_CHUNK_SPACING_SECONDS", 10)
    chunks = [ids[i : i + size] for i in range(0, len(ids), size)]
    for n, chunk in enumerate(chunks):
        snapshot_refresh_chunk.apply_async(
            kwargs={"cooperative_ids": chunk, "closing": closing}, countdown=n * spacing
        )
    logger.info("snapshot fan-out: %s cooperatives in %s chunks", len(ids), len(chunks))
    return {"cooperatives": len(ids), "chunks": len(chunks)}


@platform_task(
    name="sokoguru.federation.snapshots.refresh_chunk",
    rate_limit=_setting("FEDERATION_SNAPSHOT_CHUNK_RATE", "12/m"),
)
def snapshot_refresh_chunk(*, cooperative_ids: list[int], closing: bool = False) -> dict:
    refreshed, failed = 0, []
    # In id order: a redelivered chunk (worker killed midway) redoes its cooperatives in the
    # same order; each refresh is an upsert, so the ones already done are not doubled.
    chunk = Cooperative.objects.filter(pk__in=cooperative_ids, is_active=True).order_by("pk")
    for cooperative in chunk:
        as_of = cooperative_today(cooperative) - timedelta(days=1) if closing else None
        try:
            snapshot_refresh(cooperative=cooperative, as_of=as_of)
            refreshed += 1
        except Exception as exc:  # one cooperative never stops the rest
            logger.warning("snapshot of %s failed, will retry: %r", cooperative.slug, exc)
            failed.append(cooperative.pk)
            snapshot_refresh_one.apply_async(
                kwargs={
                    "cooperative_id": cooperative.pk,
                    "as_of": as_of.isoformat() if as_of else None,
                },
                countdown=_setting("FEDERATION_SNAPSHOT_RETRY_DELAY_SECONDS", 60),
            )
    return {"refreshed": refreshed, "failed": failed}


@platform_task(bind=True, name="sokoguru.federation.snapshots.refresh_one", max_retries=3)
def snapshot_refresh_one(self, *, cooperative_id: int, as_of: str | None = None) -> str:
    try:
        snapshot = snapshot_refresh_by_id(
            cooperative_id=cooperative_id, as_of=date.fromisoformat(as_of) if as_of else None
        )
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            snapshot_failure_record(
                cooperative_id=cooperative_id,
                error=f"{type(exc).__name__}: {exc}",
                attempts=self.request.retries + 1,
            )
            raise
        delay = _setting("FEDERATION_SNAPSHOT_RETRY_DELAY_SECONDS", 60) * 2**self.request.retries
        raise self.retry(exc=exc, countdown=delay)
    return snapshot.date.isoformat()


def changed_cooperative_ids(*, now=None, limit: int = 500) -> list[int]:
    """Cooperatives whose books changed after their latest snapshot was computed and longer ago
    than the debounce delay, and cooperatives with no snapshot yet."""
    return snapshot_services.changed_cooperative_ids(
        now=now,
        debounce_seconds=_setting("FEDERATION_SNAPSHOT_DEBOUNCE_SECONDS", 120),
        limit=limit,
    )


@platform_task(name="sokoguru.federation.snapshots.refresh_changed")
def snapshot_refresh_changed() -> dict:
    ids = changed_cooperative_ids()
    for cooperative_id in ids:
        snapshot_refresh_one.apply_async(kwargs={"cooperative_id": cooperative_id})
    return {"enqueued": len(ids)}


@platform_task(name="sokoguru.federation.snapshots.prune")
def snapshot_prune_task() -> int:
    return snapshot_prune()
