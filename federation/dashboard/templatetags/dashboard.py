from __future__ import annotations

from decimal import Decimal

from django import template

from sokoguru.federation.dashboard.charts import percent_text
from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.core.templatetags.sokoguru import rupiah_exact

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


# Rp 21.500.000 or Rp 21.500.000,50 (the cents when there are any): the platform's filter.
register.filter("rupiah_exact", rupiah_exact)


@register.filter
def signed_rupiah(value) -> str:
    """+Rp 1.000.000 / -Rp 250.000 / Rp 0 (month-on-month change)."""
    if value is None or value == "":
        return "–"
    text = format_rupiah(value, cents=None)
    return f"+{text}" if Decimal(value) > 0 else text


@register.simple_tag
def query_with(params, **changes) -> str:
    """``?…`` of the current query with ``changes`` applied (``None`` or "" drops a key): the
    pager and sort links keep the filters."""
    query = params.copy()
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + query.urlencode() if query else "?"


@register.inclusion_tag("dashboard/_sort.html", takes_context=True)
def sort_header(context, column: str, label: str, numeric: bool = False, default_desc: bool = True):
    """A column header that sorts the table on the server (``?urut=<column>&arah=asc|desc``);
    the current column shows its direction and links to the opposite one."""
    request = context["request"]
    current = request.GET.get("urut", "")
    direction = request.GET.get("arah", "")
    active = current == column
    if active:
        desc = direction != "asc"
        next_direction = "asc" if desc else "desc"
        aria = "descending" if desc else "ascending"
        arrow = "▼" if desc else "▲"
    else:
        next_direction = "desc" if default_desc else "asc"
        aria, arrow = "none", ""
    return {
        "href": query_with(request.GET, urut=column, arah=next_direction, hal=None),
        "label": label,
        "numeric": numeric,
        "aria": aria,
        "arrow": arrow,
        "column": column,
    }


@register.filter
def get_item(mapping, key):
    """``mapping|get_item:key`` (None when absent)."""
    return (mapping or {}).get(key)


@register.filter
def health_band(value) -> str:
    """The health band's label (Sehat, Cukup Sehat, …)."""
    from sokoguru.federation.snapshots.alerts import health_band_label

    return health_band_label(value)
