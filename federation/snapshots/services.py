"""Writes of snapshots: refresh one cooperative (compute in its schema, upsert in public),
back-fill month ends, prune, record failures."""

from __future__ import annotations

import calendar
import logging
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from sokoguru.federation.consent.selectors import cooperative_shares_member_level
from sokoguru.federation.consent.services import shared_member_replace
from sokoguru.federation.snapshots.compute import compute_figures, compute_roster
from sokoguru.federation.snapshots.models import CooperativeSnapshot, SnapshotFailure
from sokoguru.platform.core.errors import NotFound, WrongSchema
from sokoguru.platform.core.schema import require_public_schema
from sokoguru.platform.tenancy.context import cooperative_schema
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.platform.tenancy.selectors import cooperatives_active
from sokoguru.platform.tenancy.today import cooperative_today

logger = logging.getLogger("sokoguru.federation.snapshots")

DAILY_RETENTION_DAYS = 90
TABLE = CooperativeSnapshot._meta.db_table
# Lock namespace for pg_advisory_xact_lock(namespace, cooperative_id).
LOCK_NAMESPACE = 7401


def is_month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def month_ends_before(day: date, *, count: int) -> list[date]:
    """The last ``count`` month-end dates strictly before ``day``'s month, oldest first."""
    out = []
    cursor = day.replace(day=1) - timedelta(days=1)
    for _ in range(count):
        out.append(cursor)
        cursor = cursor.replace(day=1) - timedelta(days=1)
    return list(reversed(out))


@contextmanager
def _in_schema(cooperative: Cooperative):
    if connection.schema_name != "public":
        raise WrongSchema("Snapshot dihitung dari skema publik.")
    with cooperative_schema(cooperative):
        yield


def _read(cooperative: Cooperative, *, as_of: date, today: date, roster: bool) -> tuple:
    """Read a cooperative's figures in its schema, in one transaction. As the outermost
    transaction it is REPEATABLE READ, so every figure comes from the same state of the books."""
    outermost = not connection.in_atomic_block
    with _in_schema(cooperative), transaction.atomic():
        if outermost:
            with connection.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        figures = compute_figures(as_of=as_of, today=today)
        members = compute_roster(as_of=as_of) if roster else None
    return figures, members


_COLUMNS = [f for f in CooperativeSnapshot._meta.concrete_fields if not f.primary_key]
_UPDATE = [f.column for f in _COLUMNS if f.name not in ("cooperative", "date", "is_latest")]


def _upsert(values: dict) -> None:
    cols = [f.column for f in _COLUMNS]
    params = [
        f.get_db_prep_save(values.get(f.attname, f.get_default()), connection) for f in _COLUMNS
    ]
    sql = (
        f"INSERT INTO {TABLE} ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))}) "
        f"ON CONFLICT (cooperative_id, date) DO UPDATE SET "
        + ", ".join(f"{c} = EXCLUDED.{c}" for c in _UPDATE)
        + f" WHERE {TABLE}.computed_at <= EXCLUDED.computed_at"
    )
    with connection.cursor() as cur:
        cur.execute(sql, params)


def _mark_latest(cooperative_id: int) -> None:
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {TABLE} SET is_latest = false WHERE cooperative_id = %s AND is_latest "
            f"AND date <> (SELECT max(date) FROM {TABLE} WHERE cooperative_id = %s)",
            [cooperative_id, cooperative_id],
        )
        cur.execute(
            f"UPDATE {TABLE} SET is_latest = true WHERE cooperative_id = %s AND NOT is_latest "
            f"AND date = (SELECT max(date) FROM {TABLE} WHERE cooperative_id = %s)",
            [cooperative_id, cooperative_id],
        )


def snapshot_write(
    *,
    cooperative: Cooperative,
    as_of: date,
    figures: dict,
    computed_at: datetime,
    roster: list[dict] | None = None,
) -> CooperativeSnapshot:
    """Upsert one snapshot row (INSERT … ON CONFLICT; an older computation never overwrites a
    newer one), move the cooperative's ``is_latest`` mark and, for a current snapshot, replace its
    member-level rows — all in one transaction."""
    require_public_schema()
    values = {
        **figures,
        "cooperative_id": cooperative.pk,
        "date": as_of,
        "region_code": cooperative.domicile_id or "",
        "cooperative_kind": cooperative.kind,
        "is_latest": False,
        "is_month_end": is_month_end(as_of),
        "computed_at": computed_at,
    }
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, cooperative.pk])
        _upsert(values)
        _mark_latest(cooperative.pk)
        if roster is not None:
            shared_member_replace(
                cooperative_id=cooperative.pk, rows=roster, refreshed_at=computed_at
            )
        SnapshotFailure.objects.filter(cooperative_id=cooperative.pk).delete()
    return CooperativeSnapshot.objects.get(cooperative_id=cooperative.pk, date=as_of)


def snapshot_refresh(*, cooperative: Cooperative, as_of: date | None = None) -> CooperativeSnapshot:
    """Compute ``cooperative``'s figures as of ``as_of`` (default: its today) in its schema and
    store them. Idempotent: a rerun overwrites the same row with the same figures."""
    require_public_schema()
    if cooperative.kind == Cooperative.Kind.PLATFORM:
        raise NotFound("Koperasi tidak ditemukan.", field="cooperative")
    today = cooperative_today(cooperative)
    as_of = as_of or today
    # Taken before reading: a posting committed after this instant marks the books changed
    # later than the snapshot, so the debounced refresher picks the cooperative up again.
    computed_at = timezone.now()
    roster_wanted = as_of >= today and cooperative_shares_member_level(
        cooperative_id=cooperative.pk
    )
    figures, roster = _read(cooperative, as_of=as_of, today=today, roster=roster_wanted)
    if as_of >= today and roster is None:
        roster = []  # no consent (any more): keep no member-level rows
    return snapshot_write(
        cooperative=cooperative,
        as_of=as_of,
        figures=figures,
        computed_at=computed_at,
        roster=roster,
    )


def snapshot_refresh_by_id(*, cooperative_id: int, as_of: date | None = None):
    cooperative = cooperatives_active().filter(pk=cooperative_id).first()
    if cooperative is None:
        raise NotFound("Koperasi tidak ditemukan atau tidak aktif.", field="cooperative_id")
    return snapshot_refresh(cooperative=cooperative, as_of=as_of)


def snapshot_backfill_month_ends(*, cooperative: Cooperative, months: int = 12) -> int:
    """Month-end snapshots for the past ``months`` months from the ledger's as-of figures (so
    trends have history from the first day). Returns the number of rows written."""
    require_public_schema()
    today = cooperative_today(cooperative)
    written = 0
    for day in month_ends_before(today, count=months):
        snapshot_refresh(cooperative=cooperative, as_of=day)
        written += 1
    return written


@transaction.atomic
def snapshot_prune(*, today: date | None = None) -> int:
    """Delete daily rows older than 90 days; month ends and each cooperative's latest row stay."""
    require_public_schema()
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=DAILY_RETENTION_DAYS)
    deleted, _ = CooperativeSnapshot.objects.filter(
        date__lt=cutoff, is_month_end=False, is_latest=False
    ).delete()
    return deleted


@transaction.atomic
def snapshot_failure_record(*, cooperative_id: int, error: str, attempts: int) -> SnapshotFailure:
    require_public_schema()
    now = timezone.now()
    failure, created = SnapshotFailure.objects.select_for_update().get_or_create(
        cooperative_id=cooperative_id,
        defaults={
            "error": error[:4000],
            "attempts": attempts,
            "first_failed_at": now,
            "last_failed_at": now,
        },
    )
    if not created:
        failure.error = error[:4000]
        failure.attempts = failure.attempts + attempts
        failure.last_failed_at = now
        failure.save(update_fields=["error", "attempts", "last_failed_at"])
    logger.error(
        "snapshot of cooperative %s failed after %s attempts: %s", cooperative_id, attempts, error
    )
    return failure
