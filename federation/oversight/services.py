from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from sokoguru.federation.oversight.models import BodyRole, OversightBody
from sokoguru.platform.core.schema import require_public_schema
from sokoguru.platform.tenancy.models import Region


@transaction.atomic
def oversight_body_create(*, name: str, slug: str, kind: str, region_code: str) -> OversightBody:
    require_public_schema()
    if not Region.objects.filter(code=region_code).exists():
        raise ValidationError({"region": f"Wilayah tidak dikenal: {region_code!r}"})
    body, _ = OversightBody.objects.get_or_create(
        slug=slug, defaults={"name": name, "kind": kind, "region_id": region_code}
    )
    body.full_clean()
    return body


@transaction.atomic
def body_role_grant(*, user, body: OversightBody, role: str) -> BodyRole:
    require_public_schema()
    grant, _ = BodyRole.objects.get_or_create(user=user, body=body, role=role)
    grant.full_clean()
    return grant
