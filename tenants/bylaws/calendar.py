"""Dates as a cooperative sees them: today in its time zone, and month arithmetic for the
monthly cycles (wajib billing, jasa simpanan)."""

from __future__ import annotations

import calendar as _calendar
from datetime import date, datetime

from sokoguru.platform.tenancy.today import (
    DEFAULT_TIME_ZONE,
    cooperative_now,
    cooperative_time_zone,
    cooperative_today,
)

__all__ = [
    "DEFAULT_TIME_ZONE",
    "add_months",
    "cooperative_now",
    "cooperative_time_zone",
    "cooperative_today",
    "month_end",
    "month_label",
    "month_start",
    "months_between",
    "parse_period",
]


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=_calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months (clamped to the month's last day)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def months_between(start: date, end: date) -> int:
    """Whole calendar months from ``start``'s month to ``end``'s month (0 when the same)."""
    return (end.year - start.year) * 12 + (end.month - start.month)


def parse_period(value: str | date) -> date:
    """ "2026-11" / "2026-11-01" / a date → the first day of that month."""
    if isinstance(value, date):
        return month_start(value)
    text = (value or "").strip()
    try:
        if len(text) == 7:
            return datetime.strptime(text, "%Y-%m").date()  # noqa: DTZ007 - a calendar month
        return month_start(date.fromisoformat(text))
    except ValueError as exc:
        from django.core.exceptions import ValidationError

        raise ValidationError(
            {"period": "Periode harus berformat TTTT-BB, mis. 2026-11. / Use YYYY-MM."}
        ) from exc


MONTH_NAMES_ID = [
    "",
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def month_label(day: date) -> str:
    """ "November 2026"."""
    return f"{MONTH_NAMES_ID[day.month]} {day.year}"
