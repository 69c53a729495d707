from __future__ import annotations

from decimal import Decimal

from django import template

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
    return f"{(Decimal(value) * 100).quantize(Decimal('0.01'))}%".replace(".", ",")


@register.filter
def number(value) -> str:
    if value is None or value == "":
        return "–"
    return f"{int(value):,}".replace(",", ".")


@register.filter
def get_item(mapping, key):
    """``mapping|get_item:key`` (None when absent)."""
    return (mapping or {}).get(key)


@register.filter
def health_band(value) -> str:
    """The health band's label (Sehat, Cukup Sehat, …)."""
    from sokoguru.federation.snapshots.alerts import health_band_label

    return health_band_label(value)
