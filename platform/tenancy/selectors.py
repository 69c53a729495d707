from __future__ import annotations

from django.db.models import Q, QuerySet

from sokoguru.platform.tenancy.models import Cooperative


def cooperative_list(
    *, kind: str | None = None, region_code: str | None = None, active: bool | None = None
) -> QuerySet[Cooperative]:
    """Registered cooperatives (never the platform's own public row), newest filters first."""
    qs = Cooperative.objects.exclude(kind=Cooperative.Kind.PLATFORM).select_related("domicile")
    if kind:
        qs = qs.filter(kind=kind)
    if region_code:
        qs = qs.filter(
            Q(domicile__code=region_code) | Q(domicile__code__startswith=region_code + ".")
        )
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.order_by("name")


def cooperative_get(*, slug: str) -> Cooperative | None:
    return Cooperative.objects.filter(slug=slug).exclude(kind=Cooperative.Kind.PLATFORM).first()
