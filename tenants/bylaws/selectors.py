from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.bylaws.models import BylawsVersion


def bylaws_current(*, as_of: date | None = None) -> BylawsVersion:
    """The version in force on ``as_of`` (today in the cooperative's time zone by default)."""
    require_tenant_schema()
    as_of = as_of or cooperative_today()
    version = (
        BylawsVersion.objects.filter(effective_from__lte=as_of).order_by("-effective_from").first()
    )
    if version is None:
        raise NotFound(
            f"Belum ada anggaran dasar yang berlaku pada {as_of:%d-%m-%Y}. / "
            "No by-laws in force on that date.",
            field="as_of",
        )
    return version


def bylaws_list() -> QuerySet[BylawsVersion]:
    """Every version, newest effective date first (the history)."""
    require_tenant_schema()
    return BylawsVersion.objects.order_by("-effective_from")


def bylaws_versions_between(*, start: date, end: date) -> list[BylawsVersion]:
    """The versions that apply at some day in [start, end], oldest first (one query)."""
    require_tenant_schema()
    versions = list(
        BylawsVersion.objects.filter(effective_from__lte=end).order_by("effective_from")
    )
    applying = [v for v in versions if v.effective_from > start]
    before = [v for v in versions if v.effective_from <= start]
    return ([before[-1]] if before else []) + applying


def bylaws_for_day(versions: list[BylawsVersion], day: date) -> BylawsVersion | None:
    """From versions sorted oldest first, the one in force on ``day``."""
    found = None
    for version in versions:
        if version.effective_from <= day:
            found = version
        else:
            break
    return found
