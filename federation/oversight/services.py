from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from sokoguru.federation.oversight.models import BodyRole, OversightBody
from sokoguru.platform.core.schema import require_public_schema
from sokoguru.platform.tenancy.models import Region


@transaction.atomic
def oversight_body_create(*, name: str, slug: str, kind: str, region_code: str) -> OversightBody:
    """Register an oversight body (idempotent by slug). The region must match the kind: a
    kelurahan office covers a kelurahan, a kecamatan office a kecamatan, a city dinas a
    city/regency, a province dinas a province."""
    require_public_schema()
    if not Region.objects.filter(code=region_code).exists():
        raise ValidationError({"region": f"Wilayah tidak dikenal: {region_code!r}"})
    existing = OversightBody.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    body = OversightBody(name=name, slug=slug, kind=kind, region_id=region_code)
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def body_role_grant(*, user, body: OversightBody, role: str) -> BodyRole:
    require_public_schema()
    existing = BodyRole.objects.filter(user=user, body=body, role=role).first()
    if existing is not None:
        return existing
    grant = BodyRole(user=user, body=body, role=role)
    grant.full_clean()
    grant.save()
    return grant


@transaction.atomic
def body_role_revoke(*, user, body: OversightBody, role: str) -> int:
    require_public_schema()
    deleted, _ = BodyRole.objects.filter(user=user, body=body, role=role).delete()
    return deleted
