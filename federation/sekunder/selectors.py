from __future__ import annotations

from django.db.models import QuerySet

from sokoguru.federation.sekunder.models import SekunderMembership
from sokoguru.platform.accounts.models import ADMIN_ROLES, CooperativeRole
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.platform.tenancy.selectors import cooperatives_active


def sekunder_member_list(
    *, sekunder_id: int, status: str | None = SekunderMembership.Status.ACTIVE
) -> QuerySet[SekunderMembership]:
    qs = SekunderMembership.objects.filter(sekunder_id=sekunder_id).select_related(
        "member", "member__domicile"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("member__name")


def sekunder_member_ids(*, sekunder_id: int) -> QuerySet:
    """Registry ids of the active member cooperatives (a subquery-friendly values list)."""
    return SekunderMembership.objects.filter(
        sekunder_id=sekunder_id, status=SekunderMembership.Status.ACTIVE
    ).values("member_id")


def sekunder_list_for_user(*, user) -> QuerySet[Cooperative]:
    """Secondary cooperatives in which ``user`` is an officer (pengurus, pengawas, kasir)."""
    if not user.is_authenticated:
        return Cooperative.objects.none()
    ids = CooperativeRole.objects.filter(user=user, role__in=ADMIN_ROLES).values("cooperative_id")
    return (
        cooperatives_active()
        .filter(pk__in=ids, kind=Cooperative.Kind.SECONDARY)
        .select_related("domicile")
        .order_by("name")
    )


def sekunder_list_of_member(*, member_id: int) -> QuerySet[Cooperative]:
    """The secondary cooperatives ``member_id`` is an active member of."""
    return Cooperative.objects.filter(
        sekunder_memberships__member_id=member_id,
        sekunder_memberships__status=SekunderMembership.Status.ACTIVE,
    ).order_by("name")


def sekunder_invitations_pending(*, member_id: int) -> list:
    """Pending invitations addressed to the primary cooperative ``member_id``."""
    from sokoguru.federation.sekunder.models import SekunderInvitation

    return list(
        SekunderInvitation.objects.filter(
            member_id=member_id, status=SekunderInvitation.Status.PENDING
        ).select_related("sekunder")
    )
