from __future__ import annotations

from django.db.models import QuerySet

from sokoguru.federation.oversight.models import BodyRole, OversightBody


def body_role_list(*, user) -> QuerySet[BodyRole]:
    if not user.is_authenticated:
        return BodyRole.objects.none()
    return BodyRole.objects.filter(user=user).select_related("body", "body__region")


def oversight_body_list(*, user) -> QuerySet[OversightBody]:
    """The bodies on which ``user`` holds a role (any role)."""
    if not user.is_authenticated:
        return OversightBody.objects.none()
    return (
        OversightBody.objects.filter(roles__user=user)
        .select_related("region")
        .distinct()
        .order_by("name")
    )


def oversight_bodies_covering(*, region_code: str) -> QuerySet[OversightBody]:
    """Bodies whose region contains ``region_code`` (a cooperative's domicile)."""
    parts = region_code.split(".")
    prefixes = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
    return OversightBody.objects.filter(region_id__in=prefixes).select_related("region")
