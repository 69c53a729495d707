from django import template

from sokoguru.platform.core.money import format_rupiah

register = template.Library()


@register.filter
def rupiah(value, cents: bool = False):
    """``{{ amount|rupiah }}`` → ``Rp 1.100.000``."""
    if value is None or value == "":
        return "–"
    return format_rupiah(value, cents=bool(cents))
