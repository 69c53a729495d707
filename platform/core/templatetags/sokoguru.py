from django import template

from sokoguru.platform.core.money import format_rupiah

register = template.Library()


@register.filter
def rupiah(value, cents: bool = False):
    """``{{ amount|rupiah }}`` → ``Rp 1.100.000``."""
    if value is None or value == "":
        return "–"
    return format_rupiah(value, cents=bool(cents))


@register.filter
def get_item(mapping, key):
    """``{{ names|get_item:loan.entered_by_id }}``: a dict lookup by a variable key."""
    if not mapping:
        return ""
    return mapping.get(key, "")


@register.filter
def rupiah_exact(value):
    """``Rp 50.000`` for whole rupiah, ``Rp 50.000,50`` when there are cents."""
    if value is None or value == "":
        return "–"
    return format_rupiah(value, cents=None)
