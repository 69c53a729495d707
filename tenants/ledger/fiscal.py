"""The cooperative's fiscal year (tahun buku) and "not in the future" for officer-entered dates.

The fiscal year starts on the first day of the month the by-laws name
(``BylawsVersion.fiscal_year_start_month``; January when the by-laws do not name one, as most
anggaran dasar follow the calendar year)."""

from __future__ import annotations

from datetime import date as Date
from datetime import timedelta

from django.core.exceptions import ValidationError

from sokoguru.platform.core.errors import NotFound
from sokoguru.tenants.bylaws.calendar import cooperative_today

_READ = object()


def fiscal_year_start_month(*, as_of: Date, bylaws=_READ) -> int:
    """``bylaws``: the version in force on ``as_of`` when the caller has read it already
    (None: no by-laws in force)."""
    from sokoguru.tenants.bylaws.selectors import bylaws_current

    if bylaws is _READ:
        try:
            bylaws = bylaws_current(as_of=as_of)
        except NotFound:
            return 1
    month = getattr(bylaws, "fiscal_year_start_month", None) or 1
    return month if 1 <= month <= 12 else 1


def fiscal_year_start(day: Date, *, bylaws=_READ) -> Date:
    """First day of the fiscal year ``day`` falls in (``bylaws``: the version in force on
    ``day``, when already read)."""
    month = fiscal_year_start_month(as_of=day, bylaws=bylaws)
    year = day.year if day.month >= month else day.year - 1
    return Date(year, month, 1)


def fiscal_year_end(day: Date) -> Date:
    """Last day of the fiscal year ``day`` falls in."""
    start = fiscal_year_start(day)
    return Date(start.year + 1, start.month, 1) - timedelta(days=1)


def fiscal_year_of(day: Date) -> int:
    """The fiscal year ``day`` falls in, named by the calendar year it starts in (with a
    January start: the calendar year)."""
    return fiscal_year_start(day).year


def fiscal_year_bounds(year: int) -> tuple[Date, Date]:
    """First and last day of fiscal year ``year`` (the one starting in calendar year
    ``year``), by the start month of the by-laws in force at the end of that calendar year."""
    month = fiscal_year_start_month(as_of=Date(year, 12, 31))
    start = Date(year, month, 1)
    return start, Date(year + 1, month, 1) - timedelta(days=1)


def is_fiscal_year_end(day: Date) -> bool:
    return fiscal_year_end(day) == day


def refuse_future(day: Date | None, *, field: str) -> None:
    """An officer-entered date may not lie after the cooperative's today."""
    if day is not None and day > cooperative_today():
        raise ValidationError(
            {field: f"Tanggal {day:%d-%m-%Y} masih di masa depan. / The date is in the future."}
        )
