from __future__ import annotations

from django.db.models import QuerySet

from sokoguru.federation.oversight.models import BodyRole


def body_role_list(*, user) -> QuerySet[BodyRole]:
    if not user.is_authenticated:
        return BodyRole.objects.none()
    return BodyRole.objects.filter(user=user).select_related("body", "body__region")
