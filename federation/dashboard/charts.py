"""Charts rendered on the server as inline SVG (no JavaScript, no CDN): a line chart of monthly
values and a horizontal bar chart. Values are Decimals or ints; labels are escaped."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 560, 220
PAD_L, PAD_R, PAD_T, PAD_B = 70, 30, 16, 36
COLORS = ["#1d6f42", "#c0392b", "#2c6fbb", "#b7791f"]


def compact(value) -> str:
    """Rupiah in short Indonesian form: 1,2 M (miliar), 350 jt (juta), 12 rb (ribu)."""
    v = Decimal(value or 0)
    sign = "-" if v < 0 else ""
    v = abs(v)
    for size, suffix in (
        (Decimal(10) ** 12, "T"),
        (Decimal(10) ** 9, "M"),
        (Decimal(10) ** 6, "jt"),
        (Decimal(10) ** 3, "rb"),
    ):
        if v >= size:
            return f"{sign}{(v / size).quantize(Decimal('0.1'))} {suffix}".replace(".", ",")
    return f"{sign}{v.quantize(Decimal('1'))}"


def percent_text(value) -> str:
    """0.0343 → ``3,43%``: the dashboard cards' format (two decimals, Indonesian comma)."""
    return f"{(Decimal(value or 0) * 100).quantize(Decimal('0.01'))}%".replace(".", ",")


def _nice_step(span: Decimal) -> Decimal:
    """A round tick step (1, 2, 2.5 or 5 × a power of ten) giving about four intervals."""
    raw = span / 4
    base = Decimal(1).scaleb(raw.adjusted())
    for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if raw <= m * base:
            return m * base
    return 10 * base


def axis_ticks(values: list[Decimal]) -> list[Decimal]:
    """Ticks of an axis scaled to the data: from 0 (or the lowest value, when negative) to the
    first round step at or above the highest value."""
    top = max(values + [Decimal(0)])
    bottom = min(values + [Decimal(0)])
    if top == bottom:
        top = bottom + (Decimal("0.01") if abs(bottom) < 1 else Decimal(1))
    step = _nice_step(top - bottom)
    low = (bottom / step).to_integral_value(rounding="ROUND_FLOOR") * step
    high = (top / step).to_integral_value(rounding="ROUND_CEILING") * step
    ticks = []
    v = low
    while v <= high:
        ticks.append(v)
        v += step
    return ticks


def _text(x, y, label, *, anchor: str = "start", css: str = "axis") -> str:
    return (
        f'<text x="{x}" y="{y}" text-anchor="{anchor}" class="{css}" font-size="11" '
        f'fill="#6b7785">{escape(label)}</text>'
    )


def line_chart(
    labels: list[str],
    series: list[tuple[str, list]],
    *,
    percent: bool = False,
    title: str = "",
) -> SafeString:
    """``series``: [(name, values)], values aligned with ``labels``. The value axis runs from 0
    to a round step above the data; percentages read like the cards (``3,43%``); a chart with
    more than one line has a legend under it. Presentation attributes are set on every element,
    so the SVG renders the same standalone (PDF reports) as inside a page."""
    values = [Decimal(v or 0) for _, vs in series for v in vs]
    if not labels or not values:
        return mark_safe(  # noqa: S308 - every interpolated label is escaped
            f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} 60" '
            f'width="{WIDTH}" height="60" xmlns="http://www.w3.org/2000/svg">'
            + _text(10, 35, _("Belum ada data"), css="muted")
            + "</svg>"
        )
    ticks = axis_ticks(values)
    bottom, top = ticks[0], ticks[-1]
    legend = len(series) > 1
    height = HEIGHT + (22 if legend else 0)
    plot_w, plot_h = WIDTH - PAD_L - PAD_R, HEIGHT - PAD_T - PAD_B
    step = plot_w / max(len(labels) - 1, 1)

    def y(v: Decimal) -> float:
        return PAD_T + plot_h - float((v - bottom) / (top - bottom)) * plot_h

    def fmt(v) -> str:
        return percent_text(v) if percent else compact(v)

    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    for v in ticks:
        yy = y(v)
        parts.append(
            f'<line x1="{PAD_L}" x2="{WIDTH - PAD_R}" y1="{yy:.1f}" y2="{yy:.1f}" class="grid" '
            f'stroke="#e3e8ee"/>' + _text(PAD_L - 6, f"{yy + 4:.1f}", fmt(v), anchor="end")
        )
    every = max(1, len(labels) // 6)
    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            parts.append(_text(f"{PAD_L + i * step:.1f}", HEIGHT - 12, label, anchor="middle"))
    for n, (name, vs) in enumerate(series):
        color = COLORS[n % len(COLORS)]
        points = " ".join(
            f"{PAD_L + i * step:.1f},{y(Decimal(v or 0)):.1f}" for i, v in enumerate(vs)
        )
        parts.append(
            f'<polyline fill="none" stroke="{color}" stroke-width="2.5" points="{points}">'
            f"<title>{escape(name)}</title></polyline>"
        )
        for i, v in enumerate(vs):
            parts.append(
                f'<circle cx="{PAD_L + i * step:.1f}" cy="{y(Decimal(v or 0)):.1f}" r="3" '
                f'fill="{color}"><title>{escape(labels[i])}: {escape(fmt(v))}</title></circle>'
            )
    if legend:
        x = PAD_L
        parts.append('<g class="legend">')
        for n, (name, _vs) in enumerate(series):
            color = COLORS[n % len(COLORS)]
            parts.append(
                f'<rect x="{x}" y="{HEIGHT + 4}" width="12" height="12" rx="2" fill="{color}"/>'
                + _text(x + 16, HEIGHT + 14, name, css="axis legend-label")
            )
            x += 28 + 7 * len(str(name))
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - labels escaped above


def bar_chart(
    rows: list[tuple[str, int]], *, title: str = "", colors: list[str] | None = None
) -> SafeString:
    """Horizontal bars of counts, e.g. cooperatives per NPL band."""
    palette = colors or COLORS
    height = 28 * max(len(rows), 1) + 8
    top = max([n for _, n in rows] + [1])
    parts = [
        f'<svg class="chart bars" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, n) in enumerate(rows):
        w = (WIDTH - 230) * n / top
        yy = 8 + i * 28
        color = palette[i % len(palette)]
        parts.append(
            _text(0, yy + 14, label)
            + f'<rect x="170" y="{yy}" width="{w:.1f}" height="18" rx="3" fill="{color}"/>'
            + _text(f"{176 + w:.1f}", yy + 14, str(n))
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - labels escaped above
