"""A cooperative's "today": dates as the cooperative sees them, in its own time zone (WIB by
default). The one home for it; tenant apps reach it through ``tenants.bylaws.calendar``."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils import timezone

DEFAULT_TIME_ZONE = "Asia/Jakarta"


def cooperative_time_zone(cooperative=None) -> ZoneInfo:
    """The time zone of ``cooperative`` (default: the one whose schema is active)."""
    if cooperative is None:
        cooperative = getattr(connection, "tenant", None)
    name = getattr(cooperative, "time_zone", None) or DEFAULT_TIME_ZONE
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo(DEFAULT_TIME_ZONE)


def cooperative_now(cooperative=None) -> datetime:
    return timezone.now().astimezone(cooperative_time_zone(cooperative))


def cooperative_today(cooperative=None) -> date:
    """Today's date in the time zone of ``cooperative`` (default: the active schema's)."""
    return cooperative_now(cooperative).date()
