from __future__ import annotations

from django.db.models import QuerySet

from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.platform.tenancy.regions import region_q


def cooperative_list(
    *, kind: str | None = None, region_code: str | None = None, active: bool | None = None
) -> QuerySet[Cooperative]:
    """Registered cooperatives (never the platform's own public row), newest filters first."""
    qs = Cooperative.objects.exclude(kind=Cooperative.Kind.PLATFORM).select_related("domicile")
    if kind:
        qs = qs.filter(kind=kind)
    if region_code:
        qs = qs.filter(region_q("domicile__code", region_code))
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.order_by("name")


def cooperatives_active() -> QuerySet[Cooperative]:
    """The cooperatives that run (active, never the platform's own public row)."""
    return Cooperative.objects.filter(is_active=True).exclude(kind=Cooperative.Kind.PLATFORM)


def cooperative_get(*, slug: str) -> Cooperative | None:
    return Cooperative.objects.filter(slug=slug).exclude(kind=Cooperative.Kind.PLATFORM).first()
