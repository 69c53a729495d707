"""Writes to the registry: regions, provisioning and deactivating cooperatives."""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models.sql import InsertQuery
from django.utils.module_loading import import_string

from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.core.schema import require_public_schema
from sokoguru.platform.tenancy import ddl as ddl_module
from sokoguru.platform.tenancy import distributed, locks, spares, template
from sokoguru.platform.tenancy.context import cooperative_schema
from sokoguru.platform.tenancy.hosts import registry_changed
from sokoguru.platform.tenancy.models import REGION_CODE_PATTERNS, Cooperative, Domain, Region

logger = logging.getLogger("sokoguru.tenancy")

DEMO_REGIONS = Path(__file__).resolve().parent / "fixtures" / "regions_demo.csv"


def _level_of(code: str) -> int:
    for level, pattern in REGION_CODE_PATTERNS.items():
        if pattern.match(code):
            return level
    raise ValidationError({"code": f"Kode wilayah tidak dikenal: {code!r}"})


@transaction.atomic
def region_load(*, rows: Iterable[dict]) -> int:
    """Upsert regions from rows with ``code`` and ``name`` (the Kemendagri list). Parents must
    come before children or already exist. All rows or none."""
    require_public_schema()
    count = 0
    errors: dict[str, list[str]] = {}
    for lineno, row in enumerate(rows, start=2):
        code = (row.get("code") or row.get("kode") or "").strip()
        name = (row.get("name") or row.get("nama") or "").strip()
        try:
            level = _level_of(code)
            if not name:
                raise ValidationError({"name": "Nama wilayah wajib diisi."})
            parent = code.rsplit(".", 1)[0] if level > 1 else None
            region = Region(code=code, name=name, level=level, parent_id=parent)
            region.full_clean(validate_unique=False)
            if parent and not Region.objects.filter(code=parent).exists():
                raise ValidationError({"parent": f"Induk {parent} belum ada."})
            Region.objects.update_or_create(
                code=code, defaults={"name": name, "level": level, "parent_id": parent}
            )
            count += 1
        except ValidationError as exc:
            errors[f"row {lineno}"] = [str(m) for m in exc.messages]
    if errors:
        raise ValidationError(errors)
    return count


def region_load_csv(*, path: str | Path) -> int:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return region_load(rows=list(csv.DictReader(fh)))


def platform_bootstrap() -> Cooperative:
    """Make sure the public tenant (the platform host) exists."""
    public, _ = Cooperative.objects.get_or_create(
        schema_name="public",
        defaults={"name": "Sokoguru", "slug": "platform", "kind": Cooperative.Kind.PLATFORM},
    )
    Domain.objects.get_or_create(
        domain=settings.PLATFORM_DOMAIN, defaults={"tenant": public, "is_primary": True}
    )
    return public


def cooperative_domain(slug: str) -> str:
    return f"{slug}.{settings.PLATFORM_DOMAIN}"


def run_provision_hooks(cooperative: Cooperative, *, search_path_set: bool = False) -> None:
    """Install a new cooperative's seed rows (chart of accounts, by-law defaults, ...). The hooks
    are named in settings.TENANT_PROVISION_HOOKS so the platform never imports tenant apps.
    ``search_path_set``: the transaction's search_path already points at the new schema.
    On Citus the (still empty) schema is made a distributed schema first, so every seed row is
    written on its worker."""
    if distributed.citus_enabled():
        distributed.schema_distribute(cooperative.schema_name)
    with cooperative_schema(cooperative):
        if search_path_set:
            connection.search_path_set_schemas = connection._get_cursor_search_paths()
        for path in getattr(settings, "TENANT_PROVISION_HOOKS", []):
            import_string(path)(cooperative=cooperative)


def _cooperative_build(
    *,
    name: str,
    slug: str,
    kind: str,
    domicile_code: str,
    legal_number: str = "",
    time_zone: str = "Asia/Jakarta",
    known_regions: dict[str, int] | None = None,
) -> Cooperative:
    """A validated, unsaved cooperative; ``ValidationError`` naming the field otherwise."""
    slug = (slug or "").strip().lower()
    domicile_code = (domicile_code or "").strip()
    if kind == Cooperative.Kind.PLATFORM:
        raise ValidationError({"kind": "Jenis koperasi tidak valid."})
    if known_regions is not None:
        level = known_regions.get(domicile_code)
    else:
        level = Region.objects.filter(code=domicile_code).values_list("level", flat=True).first()
    if level is None:
        raise ValidationError({"domicile": f"Wilayah tidak dikenal: {domicile_code!r}"})
    if level != Region.Level.VILLAGE:
        raise ValidationError({"domicile": "Domisili koperasi harus sebuah kelurahan/desa."})
    domicile = Region(code=domicile_code, level=level)
    domicile._state.adding = False
    domicile._state.db = "default"
    cooperative = Cooperative(
        name=(name or "").strip(),
        slug=slug,
        kind=kind,
        legal_number=(legal_number or "").strip(),
        domicile=domicile,
        time_zone=(time_zone or "").strip() or "Asia/Jakarta",
        schema_name=Cooperative.schema_for_slug(slug) if slug else "",
        migration_state=template.migration_state(),
    )
    # The domicile was checked above (one query, or none in bulk).
    # Uniqueness (slug, schema, legal number, domain) is checked by ``_check_free`` in one query.
    cooperative.full_clean(exclude=["domicile"], validate_unique=False, validate_constraints=False)
    return cooperative


def _probe(
    *, cooperatives: list[Cooperative], region_codes: list[str] = (), reserve: int = 0
) -> tuple[dict[str, int], tuple[bool, bool, bool], list[int]]:
    """One query: the levels of ``region_codes``; whether a slug (or its domain), a schema or a
    legal number of ``cooperatives`` is taken; and ``reserve`` new cooperative ids."""
    coop_table = Cooperative._meta.db_table
    domain_table = Domain._meta.db_table
    region_table = Region._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"""SELECT
                  (SELECT coalesce(json_object_agg(code, level), '{{}}') FROM {region_table}
                   WHERE code = ANY(%s)),
                  EXISTS (SELECT 1 FROM {coop_table} WHERE slug = ANY(%s))
                  OR EXISTS (SELECT 1 FROM {domain_table} WHERE domain = ANY(%s)),
                  EXISTS (SELECT 1 FROM pg_namespace WHERE lower(nspname) = ANY(%s))
                  OR EXISTS (SELECT 1 FROM {coop_table} WHERE lower(schema_name) = ANY(%s)),
                  EXISTS (SELECT 1 FROM {coop_table}
                          WHERE legal_number <> '' AND legal_number = ANY(%s)),
                  ARRAY(SELECT nextval(pg_get_serial_sequence('{coop_table}', 'id'))
                        FROM generate_series(1, %s))""",
            [
                list(region_codes),
                [c.slug for c in cooperatives],
                [cooperative_domain(c.slug) for c in cooperatives],
                [c.schema_name.lower() for c in cooperatives],
                [c.schema_name.lower() for c in cooperatives],
                [c.legal_number for c in cooperatives if c.legal_number],
                reserve,
            ],
        )
        levels, slug_taken, schema_taken, legal_taken, ids = cur.fetchone()
    return levels, (slug_taken, schema_taken, legal_taken), list(ids)


def _raise_taken(taken: tuple[bool, bool, bool]) -> None:
    slug_taken, schema_taken, legal_taken = taken
    if slug_taken:
        raise ValidationError({"slug": "Slug atau domainnya sudah dipakai koperasi lain."})
    if schema_taken:
        raise ValidationError({"slug": "Skema basis data untuk slug ini sudah ada."})
    if legal_taken:
        raise ValidationError({"legal_number": "Nomor induk koperasi sudah dipakai."})


def _check_free(cooperatives: list[Cooperative]) -> None:
    """Slugs, domains, schemas and legal numbers not taken yet (one query for the whole list)."""
    _raise_taken(_probe(cooperatives=cooperatives)[1])


def _insert_sql(model, objs: list, *, with_pk: bool) -> str:
    """The INSERT Django would run for ``objs`` (defaults, auto_now_add applied), as SQL text."""
    opts = model._meta
    fields = [
        f
        for f in opts.concrete_fields
        if not getattr(f, "generated", False) and (with_pk or f is not opts.pk)
    ]
    query = InsertQuery(model)
    query.insert_values(fields, objs)
    statements = query.get_compiler(connection=connection).as_sql()
    connection.ensure_connection()
    with connection.connection.cursor() as raw:
        text = "\n".join(raw.mogrify(sql, params).decode() + ";" for sql, params in statements)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return text


def _schema_sql(coop: Cooperative, ddl: template.TemplateDDL, spare: str | None) -> str:
    if spare is None:
        return ddl.ddl.replace(ddl_module.SCHEMA_PLACEHOLDER, coop.schema_name)
    ddl_module.check_name(spare)
    return spares.rename_sql(spare, coop.schema_name)


def _create_in_one_round_trip(
    cooperatives: list[Cooperative],
    ddl: template.TemplateDDL,
    *,
    leave_search_path: bool,
    spares: dict[int, str] | None = None,
) -> None:
    """In the current transaction, one statement batch: take the registry lock (shared), insert
    the cooperatives and their domains, create every schema from the template DDL — or, for the
    cooperatives given a spare in ``spares`` (by position), rename that pre-built schema."""
    spares = spares or {}
    domains = [
        Domain(domain=cooperative_domain(c.slug), tenant=c, is_primary=True) for c in cooperatives
    ]
    for coop in cooperatives:
        ddl_module.check_name(coop.schema_name)
    parts = [
        distributed.local_ddl_prefix(),
        "SET LOCAL search_path TO public;",
        f"SELECT pg_advisory_xact_lock_shared({locks.REGISTRY});",
        _insert_sql(Cooperative, cooperatives, with_pk=True),
        _insert_sql(Domain, domains, with_pk=False),
        *(_schema_sql(c, ddl, spares.get(i)) for i, c in enumerate(cooperatives)),
    ]
    if leave_search_path:
        parts.append(f"SET LOCAL search_path TO {cooperatives[-1].schema_name}, public;")
    try:
        with connection.wrap_database_errors, connection.connection.cursor() as raw:
            raw.execute("\n".join(parts))
    except IntegrityError as exc:
        # Lost a race with a concurrent provisioning of the same slug or legal number.
        field = "legal_number" if "legal_number" in str(exc) else "slug"
        raise ValidationError({field: "Sudah dipakai koperasi lain."}) from exc
    finally:
        connection.search_path_set_schemas = None


def cooperative_provision(
    *,
    name: str,
    slug: str,
    kind: str,
    domicile_code: str,
    legal_number: str = "",
    time_zone: str = "Asia/Jakarta",
) -> Cooperative:
    """Register a cooperative and create its schema, domain and seed rows — all or nothing.

    The schema is not built by replaying the migration history: the current schema template's
    DDL (see ``tenancy/template.py``) is applied together with the registry rows in one round
    trip (the applied migrations are recorded with it), then the seed hooks run — all in one
    transaction, so a failure at any point leaves neither schema nor registry row.

    Raises ``ValidationError`` naming the field (``slug``, ``kind``, ``domicile``,
    ``legal_number``, ``name``) when the input is bad; nothing is written then.
    """
    require_public_schema()
    slug = (slug or "").strip().lower()
    domicile_code = (domicile_code or "").strip()
    probe = Cooperative(
        slug=slug,
        schema_name=Cooperative.schema_for_slug(slug) if slug else "",
        legal_number=(legal_number or "").strip(),
    )
    levels, taken, ids = _probe(cooperatives=[probe], region_codes=[domicile_code], reserve=1)
    cooperative = _cooperative_build(
        name=name,
        slug=slug,
        kind=kind,
        domicile_code=domicile_code,
        legal_number=legal_number,
        time_zone=time_zone,
        known_regions=levels,
    )
    _raise_taken(taken)
    cooperative.pk = ids[0]
    ddl = template.tenant_ddl()
    with transaction.atomic():
        spare = spares.spare_take(ddl) if spares.pool_size() else None
        _create_in_one_round_trip(
            [cooperative], ddl, leave_search_path=True, spares={0: spare} if spare else None
        )
        run_provision_hooks(cooperative, search_path_set=True)
        transaction.on_commit(registry_changed)
        if spare:
            transaction.on_commit(_refill_spares)
    logger.info(
        "provisioned cooperative %s (%s%s)",
        cooperative.slug,
        cooperative.schema_name,
        f", from spare {spare}" if spare else "",
    )
    return cooperative


def _refill_spares() -> None:
    from sokoguru.platform.tenancy.tasks import spares_refill

    try:
        spares_refill.apply_async()
    except Exception:  # the broker being away must not fail a committed provisioning
        logger.warning("could not queue the spare-schema refill", exc_info=True)


@dataclass
class ProvisionRow:
    """One cooperative to provision in bulk; ``line`` is its row number in the source file."""

    line: int
    name: str
    slug: str
    kind: str
    domicile_code: str
    legal_number: str = ""
    time_zone: str = "Asia/Jakarta"


@dataclass
class BulkProvisionResult:
    created: list[Cooperative] = field(default_factory=list)
    errors: dict[int, dict[str, list[str]]] = field(default_factory=dict)


def cooperative_provision_many(
    *,
    rows: Iterable[ProvisionRow],
    batch_size: int = 25,
    progress: Callable[[int], object] | None = None,
) -> BulkProvisionResult:
    """Provision many cooperatives: every row is validated first (errors per row number and
    field); valid rows are created ``batch_size`` to a transaction (registry rows, schemas in one
    round trip, seed hooks). A batch that fails is retried row by row, so one bad row costs only
    itself."""
    require_public_schema()
    rows = list(rows)
    result = BulkProvisionResult()
    regions = dict(
        Region.objects.filter(code__in={r.domicile_code.strip() for r in rows}).values_list(
            "code", "level"
        )
    )
    taken_domains = set(
        Domain.objects.filter(
            domain__in=[cooperative_domain((r.slug or "").strip().lower()) for r in rows]
        ).values_list("domain", flat=True)
    )
    taken_legal = set(
        Cooperative.objects.filter(
            legal_number__in=[r.legal_number.strip() for r in rows if r.legal_number.strip()]
        ).values_list("legal_number", flat=True)
    )
    seen_slugs: set[str] = set()
    seen_legal: set[str] = set()
    valid: list[tuple[ProvisionRow, Cooperative]] = []
    for row in rows:
        try:
            coop = _build_unique_later(row, regions)
            if coop.slug in seen_slugs or cooperative_domain(coop.slug) in taken_domains:
                raise ValidationError({"slug": f"Slug sudah dipakai: {coop.slug}"})
            if coop.legal_number and (
                coop.legal_number in seen_legal or coop.legal_number in taken_legal
            ):
                raise ValidationError(
                    {"legal_number": f"Nomor induk sudah dipakai: {coop.legal_number}"}
                )
            seen_slugs.add(coop.slug)
            if coop.legal_number:
                seen_legal.add(coop.legal_number)
            valid.append((row, coop))
        except ValidationError as exc:
            result.errors[row.line] = exc.message_dict
            if progress:
                progress(1)
    ddl = template.tenant_ddl() if valid else None
    for start in range(0, len(valid), batch_size):
        batch = valid[start : start + batch_size]
        try:
            _provision_batch([c for _, c in batch], ddl)
            result.created.extend(c for _, c in batch)
        except Exception as exc:
            if len(batch) == 1:
                row, coop = batch[0]
                _record_failure(result, row, coop, exc)
            else:
                for row, coop in batch:
                    coop.pk = None
                    coop._state.adding = True
                    try:
                        _provision_batch([coop], ddl)
                        result.created.append(coop)
                    except Exception as one:
                        _record_failure(result, row, coop, one)
        if progress:
            progress(len(batch))
    if result.created:
        registry_changed()
    return result


def _build_unique_later(row: ProvisionRow, regions: dict[str, int]) -> Cooperative:
    """Validate one row without the per-row uniqueness queries (checked in bulk instead)."""
    coop = _cooperative_build(
        name=row.name,
        slug=row.slug,
        kind=row.kind,
        domicile_code=row.domicile_code,
        legal_number=row.legal_number,
        time_zone=row.time_zone,
        known_regions=regions,
    )
    return coop


def _record_failure(
    result: BulkProvisionResult, row: ProvisionRow, coop: Cooperative, exc: Exception
) -> None:
    if isinstance(exc, ValidationError):
        result.errors[row.line] = exc.message_dict
        return
    try:
        _check_free([coop])
    except ValidationError as taken:
        result.errors[row.line] = taken.message_dict
        return
    result.errors[row.line] = {"__all__": [str(exc).strip() or type(exc).__name__]}


def _provision_batch(cooperatives: list[Cooperative], ddl) -> None:
    ids = _probe(cooperatives=[], reserve=len(cooperatives))[2]
    for coop, pk in zip(cooperatives, ids, strict=True):
        coop.pk = pk
    with transaction.atomic():
        _create_in_one_round_trip(cooperatives, ddl, leave_search_path=False)
        for coop in cooperatives:
            run_provision_hooks(coop)


@transaction.atomic
def cooperative_deactivate(*, slug: str) -> Cooperative:
    require_public_schema()
    cooperative = Cooperative.objects.select_for_update().filter(slug=slug).first()
    if cooperative is None or cooperative.kind == Cooperative.Kind.PLATFORM:
        raise NotFound(f"Koperasi tidak ditemukan: {slug}", field="slug")
    cooperative.is_active = False
    cooperative.save(update_fields=["is_active"])
    return cooperative


# --- Books changed ---------------------------------------------------------------------------


class _BooksChanged:
    """on_commit callback: mark the cooperative's registry row as changed (the federation
    refresher picks it up).

    The mark is a hint, written with ``synchronous_commit`` off for that one statement: the
    posting itself was committed durably; the mark does not wait for its own WAL flush (it is
    flushed with the next durable commit, at the latest within the WAL writer's delay). That
    keeps a posting at one disk flush, and the registry row's lock — shared by every posting of
    the cooperative — is held for microseconds."""

    def __init__(self, cooperative_id: int):
        self.cooperative_id = cooperative_id

    def __call__(self) -> None:
        public = connection.ops.quote_name(settings.PUBLIC_SCHEMA_NAME)
        with connection.cursor() as cur:
            cur.execute(
                "SET LOCAL synchronous_commit TO OFF; "
                f"UPDATE {public}.tenancy_cooperative SET books_changed_at = now() WHERE id = %s",
                [self.cooperative_id],
            )


def cooperative_books_changed_mark() -> None:
    """Mark the current cooperative's registry row as changed once its database transaction
    commits (called by every ledger posting): the federation refresher picks it up. One mark
    per transaction, however many postings it holds; nothing outside a cooperative's schema."""
    tenant = getattr(connection, "tenant", None)
    cooperative_id = getattr(tenant, "pk", None)
    if cooperative_id is None:
        return
    # One mark per database transaction, however many postings it holds.
    for entry in connection.run_on_commit:
        callback = entry[1]
        if isinstance(callback, _BooksChanged) and callback.cooperative_id == cooperative_id:
            return
    # robust: the posting has committed; a failed mark is logged, not raised to the caller.
    transaction.on_commit(_BooksChanged(cooperative_id), robust=True)
