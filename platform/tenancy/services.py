"""Writes to the registry: regions, provisioning and deactivating cooperatives."""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.module_loading import import_string

from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.core.schema import require_public_schema
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


def run_provision_hooks(cooperative: Cooperative) -> None:
    """Install a new cooperative's seed rows (chart of accounts, by-law defaults, ...). The hooks
    are named in settings.TENANT_PROVISION_HOOKS so the platform never imports tenant apps."""
    previous = connection.tenant
    connection.set_tenant(cooperative)
    try:
        for path in getattr(settings, "TENANT_PROVISION_HOOKS", []):
            import_string(path)(cooperative=cooperative)
    finally:
        connection.set_tenant(previous)


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

    Raises ``ValidationError`` naming the field (``slug``, ``kind``, ``domicile``,
    ``legal_number``, ``name``) when the input is bad; nothing is written then.
    """
    require_public_schema()
    slug = (slug or "").strip().lower()
    if kind == Cooperative.Kind.PLATFORM:
        raise ValidationError({"kind": "Jenis koperasi tidak valid."})
    if not Region.objects.filter(code=domicile_code).exists():
        raise ValidationError({"domicile": f"Wilayah tidak dikenal: {domicile_code!r}"})
    cooperative = Cooperative(
        name=(name or "").strip(),
        slug=slug,
        kind=kind,
        legal_number=(legal_number or "").strip(),
        domicile_id=domicile_code,
        time_zone=time_zone,
        schema_name=Cooperative.schema_for_slug(slug) if slug else "",
    )
    if (
        cooperative.legal_number
        and Cooperative.objects.filter(legal_number=cooperative.legal_number).exists()
    ):
        raise ValidationError({"legal_number": "Nomor induk koperasi sudah terdaftar."})
    cooperative.full_clean()
    domain = cooperative_domain(slug)
    if Domain.objects.filter(domain=domain).exists():
        raise ValidationError({"slug": "Domain untuk slug ini sudah dipakai."})
    try:
        with transaction.atomic():
            cooperative.save(verbosity=0)
            Domain.objects.create(domain=domain, tenant=cooperative, is_primary=True)
            run_provision_hooks(cooperative)
    except Exception:
        # PostgreSQL DDL is transactional, so the schema is gone with the rollback; drop it
        # anyway in case it was created on another connection.
        with connection.cursor() as cur:
            cur.execute(f'DROP SCHEMA IF EXISTS "{cooperative.schema_name}" CASCADE')
        raise
    logger.info("provisioned cooperative %s (%s)", cooperative.slug, cooperative.schema_name)
    return cooperative


@transaction.atomic
def cooperative_deactivate(*, slug: str) -> Cooperative:
    require_public_schema()
    cooperative = Cooperative.objects.select_for_update().filter(slug=slug).first()
    if cooperative is None or cooperative.kind == Cooperative.Kind.PLATFORM:
        raise NotFound(f"Koperasi tidak ditemukan: {slug}", field="slug")
    cooperative.is_active = False
    cooperative.save(update_fields=["is_active"])
    return cooperative
