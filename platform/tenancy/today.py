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


def require_not_future(day, *, field: str) -> date:
    """Refuse (``ValidationError`` on ``field``) a missing date or one after the cooperative's
    today: the rule for every date an officer enters for something that happened."""
    from django.core.exceptions import ValidationError

    if not isinstance(day, date) or isinstance(day, datetime):
        raise ValidationError({field: "Tanggal wajib diisi. / Date required."})
    if day > cooperative_today():
        raise ValidationError({field: "Tanggal tidak boleh di masa depan. / Not in the future."})
    return day
