"""Writes to consent: only a cooperative's ketua changes what it shares; every change is logged."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from sokoguru.federation.consent.models import Consent, ConsentLevel, ConsentLog, SharedMember
from sokoguru.federation.oversight.models import OversightBody
from sokoguru.federation.sekunder.models import SekunderMembership
from sokoguru.platform.accounts.models import CooperativeRole
from sokoguru.platform.core.errors import PermissionDenied
from sokoguru.platform.core.schema import require_public_schema
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.platform.tenancy.regions import region_contains


def _body_covers(body: OversightBody, cooperative: Cooperative) -> bool:
    return region_contains(body.region_id, cooperative.domicile_id)


@transaction.atomic
def consent_set(
    *,
    cooperative: Cooperative,
    level: str,
    user,
    body: OversightBody | None = None,
    sekunder: Cooperative | None = None,
    reason: str = "",
) -> Consent:
    """Set the level ``cooperative`` shares with ``body`` (or ``sekunder``). Only the
    cooperative's ketua may; the body must be one that oversees or groups it. Revoking the last
    member-level consent removes the cooperative's member-level rows from the public schema."""
    require_public_schema()
    if (body is None) == (sekunder is None):
        raise ValidationError({"body": "Pilih tepat satu badan penerima data."})
    if level not in ConsentLevel.values:
        raise ValidationError({"level": "Tingkat berbagi data tidak dikenal."})
    if not CooperativeRole.objects.filter(
        user=user, cooperative=cooperative, role=CooperativeRole.Role.KETUA
    ).exists():
        raise PermissionDenied(
            "Hanya ketua koperasi yang dapat mengubah persetujuan berbagi data.",
            field="cooperative",
        )
    if body is not None and not _body_covers(body, cooperative):
        raise ValidationError({"body": "Badan ini tidak mengawasi wilayah koperasi Anda."})
    if (
        sekunder is not None
        and not SekunderMembership.objects.filter(
            sekunder=sekunder, member=cooperative, status=SekunderMembership.Status.ACTIVE
        ).exists()
    ):
        raise ValidationError({"sekunder": "Koperasi Anda bukan anggota koperasi sekunder ini."})
    reason = (reason or "").strip()[:255]

    target = {"body": body} if body is not None else {"sekunder": sekunder}
    consent = Consent.objects.select_for_update().filter(cooperative=cooperative, **target).first()
    before = consent.level if consent is not None else ConsentLevel.AGGREGATE
    if consent is None:
        consent = Consent(cooperative=cooperative, **target)
    if consent.pk is not None and before == level:
        return consent
    consent.level = level
    consent.updated_by = user
    consent.full_clean()
    consent.save()
    ConsentLog.objects.create(
        cooperative=cooperative,
        level_before=before,
        level_after=level,
        reason=reason,
        changed_by=user,
        **target,
    )
    if not Consent.objects.filter(
        cooperative=cooperative, level=ConsentLevel.MEMBER_LEVEL
    ).exists():
        SharedMember.objects.filter(cooperative=cooperative).delete()
    return consent


def shared_member_replace(
    *, cooperative_id: int, rows: Iterable[dict], refreshed_at: datetime
) -> int:
    """Replace a cooperative's member-level rows with ``rows`` (called by the snapshot job inside
    its write transaction). Without any member-level consent nothing is kept."""
    require_public_schema()
    SharedMember.objects.filter(cooperative_id=cooperative_id).delete()
    if not Consent.objects.filter(
        cooperative_id=cooperative_id, level=ConsentLevel.MEMBER_LEVEL
    ).exists():
        return 0
    objs = [
        SharedMember(cooperative_id=cooperative_id, refreshed_at=refreshed_at, **row)
        for row in rows
    ]
    SharedMember.objects.bulk_create(objs, batch_size=1000)
    return len(objs)
