"""Consent-checked reads. Member-level data is read only through ``shared_member_list``."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from sokoguru.federation.consent.models import (
    Consent,
    ConsentLevel,
    ConsentLog,
    MemberDataRead,
    SharedMember,
)
from sokoguru.federation.oversight.selectors import oversight_bodies_covering
from sokoguru.federation.scope.selectors import Scope
from sokoguru.federation.sekunder.selectors import sekunder_list_of_member
from sokoguru.platform.audit.context import current_actor
from sokoguru.platform.core.errors import PermissionDenied
from sokoguru.platform.tenancy.models import Cooperative


def _target_q(scope: Scope) -> Q:
    return Q(sekunder_id=scope.pk) if scope.is_sekunder else Q(body_id=scope.pk)


def member_level_cooperative_ids(*, scope: Scope, cooperative_ids: Iterable[int]) -> set[int]:
    """Of ``cooperative_ids``, those sharing member-level data with ``scope`` (one query)."""
    ids = list(cooperative_ids)
    if not ids:
        return set()
    return set(
        Consent.objects.filter(
            _target_q(scope), cooperative_id__in=ids, level=ConsentLevel.MEMBER_LEVEL
        ).values_list("cooperative_id", flat=True)
    )


def consent_level(*, scope: Scope, cooperative_id: int) -> str:
    if member_level_cooperative_ids(scope=scope, cooperative_ids=[cooperative_id]):
        return ConsentLevel.MEMBER_LEVEL
    return ConsentLevel.AGGREGATE


def cooperative_shares_member_level(*, cooperative_id: int) -> bool:
    return Consent.objects.filter(
        cooperative_id=cooperative_id, level=ConsentLevel.MEMBER_LEVEL
    ).exists()


def shared_member_list(
    *, scope: Scope, cooperative_id: int, search: str | None = None
) -> QuerySet[SharedMember]:
    """The member roster summary of a cooperative, for a scope that covers it and to which the
    cooperative has given member-level consent; ``PermissionDenied`` otherwise."""
    if (
        not scope.covers(cooperative_id)
        or consent_level(scope=scope, cooperative_id=cooperative_id) != ConsentLevel.MEMBER_LEVEL
    ):
        raise PermissionDenied(
            "Koperasi ini tidak membagikan data per anggota kepada badan Anda. / "
            "This cooperative does not share member-level data with your body.",
            field="cooperative",
        )
    qs = SharedMember.objects.filter(cooperative_id=cooperative_id)
    if search:
        qs = qs.filter(Q(full_name__icontains=search) | Q(number__icontains=search))
    _member_data_read_log(scope=scope, cooperative_id=cooperative_id, search=search, rows=qs)
    return qs.order_by("number", "member_id")


def _member_data_read_log(*, scope: Scope, cooperative_id: int, search, rows) -> None:
    """Every read of member-level data is logged here, the one door to it (UU 27/2022): the
    reader and address of the request (audit actor), the cooperative, the members read."""
    actor = current_actor.get()
    MemberDataRead.objects.create(
        cooperative_id=cooperative_id,
        body_id=None if scope.is_sekunder else scope.pk,
        sekunder_id=scope.pk if scope.is_sekunder else None,
        reader_id=actor.user_id,
        reader_email=actor.email,
        address=actor.address,
        search=(search or "")[:200],
        member_ids=sorted(rows.values_list("member_id", flat=True)),
    )


def consent_targets(*, cooperative: Cooperative) -> list[dict]:
    """Every body that may receive this cooperative's data, with the current level: the
    oversight bodies covering its domicile and the sekunders it is an active member of."""
    current = {
        (c.body_id, c.sekunder_id): c for c in Consent.objects.filter(cooperative=cooperative)
    }
    out = []
    if cooperative.domicile_id:
        for body in oversight_bodies_covering(region_code=cooperative.domicile_id).order_by(
            "region_id"
        ):
            consent = current.get((body.pk, None))
            out.append(
                {
                    "body": body,
                    "sekunder": None,
                    "name": body.name,
                    "level": consent.level if consent else ConsentLevel.AGGREGATE,
                    "updated_at": consent.updated_at if consent else None,
                }
            )
    for sekunder in sekunder_list_of_member(member_id=cooperative.pk):
        consent = current.get((None, sekunder.pk))
        out.append(
            {
                "body": None,
                "sekunder": sekunder,
                "name": sekunder.name,
                "level": consent.level if consent else ConsentLevel.AGGREGATE,
                "updated_at": consent.updated_at if consent else None,
            }
        )
    return out


def consent_log_list(*, cooperative_id: int) -> QuerySet[ConsentLog]:
    return (
        ConsentLog.objects.filter(cooperative_id=cooperative_id)
        .select_related("body", "sekunder", "changed_by")
        .order_by("-changed_at", "-id")
    )


def cooperatives_sharing_member_level(*, cooperative_ids: Iterable[int]) -> set[int]:
    """Of ``cooperative_ids``, those that gave some body member-level consent (one query)."""
    return set(
        Consent.objects.filter(
            cooperative_id__in=list(cooperative_ids), level=ConsentLevel.MEMBER_LEVEL
        ).values_list("cooperative_id", flat=True)
    )
