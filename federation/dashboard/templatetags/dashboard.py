from __future__ import annotations

from decimal import Decimal

from django import template

from sokoguru.federation.dashboard.charts import percent_text
from sokoguru.platform.core.money import format_rupiah

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """Rp 21.500.000 (whole rupiah, Indonesian thousands separator)."""
    if value is None or value == "":
        return "–"
    return format_rupiah(value)


@register.filter
def pct(value) -> str:
    """0.1000 → 10,00%"""
    if value is None or value == "":
        return "–"
    return percent_text(Decimal(value))


@register.filter
def number(value) -> str:
    if value is None or value == "":
        return "–"
    return f"{int(value):,}".replace(",", ".")


@register.filter
def rupiah_exact(value) -> str:
    """Rp 21.500.000 or Rp 21.500.000,50: the cents shown when there are any (reports)."""
    if value is None or value == "":
        return "–"
    return format_rupiah(value, cents=None)


@register.filter
def signed_rupiah(value) -> str:
    """+Rp 1.000.000 / -Rp 250.000 / Rp 0 (month-on-month change)."""
    if value is None or value == "":
        return "–"
    text = format_rupiah(value, cents=None)
    return f"+{text}" if Decimal(value) > 0 else text
