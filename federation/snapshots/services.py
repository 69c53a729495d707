"""Writes of snapshots: refresh one cooperative (compute in its schema, upsert in public),
back-fill month ends, prune, record failures."""

from __future__ import annotations

import calendar
import logging
import multiprocessing
import time
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date, datetime, timedelta

from django.db import connection, connections, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from sokoguru.federation.consent.selectors import (
    cooperative_shares_member_level,
    cooperatives_sharing_member_level,
)
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


# --- Many cooperatives at once -----------------------------------------------------------------


@dataclass
class RefreshReport:
    refreshed: int = 0
    failed: dict[int, str] = dc_field(default_factory=dict)
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.refreshed / self.seconds if self.seconds else 0.0


def _write_many(rows: list[tuple[Cooperative, dict, datetime, list | None]], as_of_of) -> None:
    """The writes of ``snapshot_write`` for a whole chunk, in one transaction and a fixed number
    of statements: every cooperative's lock, one multi-row upsert, the ``is_latest`` marks, the
    member-level rows of those that share them, the failure marks cleared."""
    ids = sorted(coop.pk for coop, _, _, _ in rows)
    cols = [f.column for f in _COLUMNS]
    params: list = []
    for coop, figures, computed_at, _ in rows:
        as_of = as_of_of[coop.pk]
        values = {
            **figures,
            "cooperative_id": coop.pk,
            "date": as_of,
            "region_code": coop.domicile_id or "",
            "cooperative_kind": coop.kind,
            "is_latest": False,
            "is_month_end": is_month_end(as_of),
            "computed_at": computed_at,
        }
        params.extend(
            f.get_db_prep_save(values.get(f.attname, f.get_default()), connection) for f in _COLUMNS
        )
    one = "(" + ", ".join(["%s"] * len(cols)) + ")"
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "SELECT pg_advisory_xact_lock(%s, id) FROM unnest(%s::integer[]) AS id ORDER BY id",
            [LOCK_NAMESPACE, ids],
        )
        cur.execute(
            f"INSERT INTO {TABLE} ({', '.join(cols)}) VALUES {', '.join([one] * len(rows))} "
            f"ON CONFLICT (cooperative_id, date) DO UPDATE SET "
            + ", ".join(f"{c} = EXCLUDED.{c}" for c in _UPDATE)
            + f" WHERE {TABLE}.computed_at <= EXCLUDED.computed_at",
            params,
        )
        latest = (
            f"SELECT cooperative_id, max(date) AS d FROM {TABLE} "
            "WHERE cooperative_id = ANY(%s) GROUP BY cooperative_id"
        )
        cur.execute(
            f"UPDATE {TABLE} s SET is_latest = false FROM ({latest}) m "
            "WHERE s.cooperative_id = m.cooperative_id AND s.is_latest AND s.date <> m.d",
            [ids],
        )
        cur.execute(
            f"UPDATE {TABLE} s SET is_latest = true FROM ({latest}) m "
            "WHERE s.cooperative_id = m.cooperative_id AND NOT s.is_latest AND s.date = m.d",
            [ids],
        )
        for coop, _, computed_at, roster in rows:
            if roster is not None:
                shared_member_replace(cooperative_id=coop.pk, rows=roster, refreshed_at=computed_at)
        SnapshotFailure.objects.filter(cooperative_id__in=ids).delete()


def _refresh_chunk(cooperatives: list[Cooperative], as_of: date | None) -> RefreshReport:
    report = RefreshReport()
    sharing = cooperatives_sharing_member_level(cooperative_ids=[c.pk for c in cooperatives])
    rows = []
    as_of_of: dict[int, date] = {}
    for coop in cooperatives:
        try:
            today = cooperative_today(coop)
            day = as_of or today
            computed_at = timezone.now()
            wanted = day >= today and coop.pk in sharing
            figures, roster = _read(coop, as_of=day, today=today, roster=wanted)
            if day >= today and roster is None:
                roster = []
        except Exception as exc:  # one cooperative never stops the rest
            connection.set_schema_to_public()
            report.failed[coop.pk] = f"{type(exc).__name__}: {exc}"
            continue
        as_of_of[coop.pk] = day
        rows.append((coop, figures, computed_at, roster))
    if rows:
        _write_many(rows, as_of_of)
    report.refreshed = len(rows)
    return report


def _refresh_worker(args: tuple[list[int], date | None]) -> RefreshReport:
    ids, as_of = args
    connection.set_schema_to_public()
    coops = list(Cooperative.objects.filter(pk__in=ids).order_by("pk"))
    return _refresh_chunk(coops, as_of)


def snapshots_refresh_many(
    *,
    cooperative_ids: list[int],
    as_of: date | None = None,
    workers: int = 1,
    chunk_size: int = 50,
    progress=None,
) -> RefreshReport:
    """Refresh the snapshots of many cooperatives: the same figures and writes as
    ``snapshot_refresh`` for each, with the writes of ``chunk_size`` cooperatives in one
    transaction of a fixed number of statements, in ``workers`` parallel processes. A cooperative
    whose books cannot be read is reported in ``failed`` and does not stop the others."""
    require_public_schema()
    started = time.monotonic()
    report = RefreshReport()
    ids = sorted(set(cooperative_ids))
    if not ids:
        report.seconds = time.monotonic() - started
        return report
    active = set(
        cooperatives_active()
        .exclude(kind=Cooperative.Kind.PLATFORM)
        .filter(pk__in=ids)
        .values_list("pk", flat=True)
    )
    ids = [i for i in ids if i in active]
    jobs = [(ids[i : i + chunk_size], as_of) for i in range(0, len(ids), chunk_size)]
    if workers <= 1 or len(jobs) <= 1 or connection.in_atomic_block:
        results = (_refresh_worker(job) for job in jobs)
    else:
        # Forked workers open their own connections (the parent closes its own first).
        connections.close_all()
        pool = multiprocessing.get_context("fork").Pool(processes=min(workers, len(jobs)))
        results = pool.imap_unordered(_refresh_worker, jobs, chunksize=1)
    try:
        for part in results:
            report.refreshed += part.refreshed
            report.failed.update(part.failed)
            if progress:
                progress(part.refreshed + len(part.failed))
    finally:
        if workers > 1 and len(jobs) > 1 and not connection.in_atomic_block:
            pool.close()
            pool.join()
            connection.set_schema_to_public()
    report.seconds = time.monotonic() - started
    return report


def changed_cooperative_ids(*, now=None, debounce_seconds: float = 0, limit=None) -> list[int]:
    """Cooperatives whose books changed after their latest snapshot was computed (and longer
    ago than ``debounce_seconds``), and cooperatives with no snapshot yet — one query over the
    registry and the latest snapshot rows."""
    now = now or timezone.now()
    last = CooperativeSnapshot.objects.filter(cooperative_id=OuterRef("pk"), is_latest=True).values(
        "computed_at"
    )[:1]
    ids = (
        Cooperative.objects.filter(is_active=True)
        .exclude(kind=Cooperative.Kind.PLATFORM)
        .annotate(last_snapshot_at=Subquery(last))
        .filter(
            Q(last_snapshot_at__isnull=True)
            | Q(
                books_changed_at__isnull=False,
                books_changed_at__lt=now - timedelta(seconds=debounce_seconds),
                books_changed_at__gt=F("last_snapshot_at"),
            )
        )
        .order_by("books_changed_at", "pk")
        .values_list("pk", flat=True)
    )
    return list(ids if limit is None else ids[:limit])


def snapshots_refresh_changed(
    *, now=None, debounce_seconds: float = 0, workers: int = 1, chunk_size: int = 50
) -> RefreshReport:
    """The incremental refresh: only cooperatives whose books changed since their latest
    snapshot (``books_changed_at``, marked by every posting) or that have none; the others are
    not read at all."""
    require_public_schema()
    ids = changed_cooperative_ids(now=now, debounce_seconds=debounce_seconds)
    return snapshots_refresh_many(cooperative_ids=ids, workers=workers, chunk_size=chunk_size)
