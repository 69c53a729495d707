from __future__ import annotations

from django.db.models import QuerySet

from sokoguru.platform.accounts.models import CooperativeRole, User


def cooperative_role_list(*, user: User, cooperative_id: int | None = None) -> QuerySet:
    qs = CooperativeRole.objects.filter(user=user).select_related("cooperative")
    if cooperative_id is not None:
        qs = qs.filter(cooperative_id=cooperative_id)
    return qs.order_by("cooperative__name", "role")


def user_roles_in(*, user: User, cooperative_id: int) -> frozenset[str]:
    """The role names a user holds in one cooperative (cached on the user for the request)."""
    if not user.is_authenticated:
        return frozenset()
    cache = user.__dict__.setdefault("_sokoguru_roles", {})
    if cooperative_id not in cache:
        cache[cooperative_id] = frozenset(
            CooperativeRole.objects.filter(user=user, cooperative_id=cooperative_id).values_list(
                "role", flat=True
            )
        )
    return cache[cooperative_id]
