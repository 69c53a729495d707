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


def line_chart(
    labels: list[str],
    series: list[tuple[str, list]],
    *,
    percent: bool = False,
    title: str = "",
) -> SafeString:
    """``series``: [(name, values)], values aligned with ``labels``."""
    values = [Decimal(v or 0) for _, vs in series for v in vs]
    if not labels or not values:
        return mark_safe(  # noqa: S308 - every interpolated label is escaped
            f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} 60">'
            f'<text x="10" y="35" class="muted">{escape(_("Belum ada data"))}</text></svg>'
        )
    top = max(values + [Decimal(0)])
    bottom = min(values + [Decimal(0)])
    if top == bottom:
        top = bottom + 1
    plot_w, plot_h = WIDTH - PAD_L - PAD_R, HEIGHT - PAD_T - PAD_B
    step = plot_w / max(len(labels) - 1, 1)

    def y(v: Decimal) -> float:
        return PAD_T + plot_h - float((v - bottom) / (top - bottom)) * plot_h

    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i in range(5):
        v = bottom + (top - bottom) * i / 4
        yy = y(v)
        label = f"{(v * 100).quantize(Decimal('0.1'))}%" if percent else compact(v)
        parts.append(
            f'<line x1="{PAD_L}" x2="{WIDTH - PAD_R}" y1="{yy:.1f}" y2="{yy:.1f}" class="grid"/>'
            f'<text x="{PAD_L - 6}" y="{yy + 4:.1f}" text-anchor="end" class="axis">'
            f"{escape(label)}</text>"
        )
    every = max(1, len(labels) // 6)
    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            parts.append(
                f'<text x="{PAD_L + i * step:.1f}" y="{HEIGHT - 12}" text-anchor="middle" '
                f'class="axis">{escape(label)}</text>'
            )
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
            label = (
                f"{(Decimal(v or 0) * 100).quantize(Decimal('0.01'))}%" if percent else compact(v)
            )
            parts.append(
                f'<circle cx="{PAD_L + i * step:.1f}" cy="{y(Decimal(v or 0)):.1f}" r="3" '
                f'fill="{color}"><title>{escape(labels[i])}: {escape(label)}</title></circle>'
            )
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
        f'viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, n) in enumerate(rows):
        w = (WIDTH - 230) * n / top
        yy = 8 + i * 28
        color = palette[i % len(palette)]
        parts.append(
            f'<text x="0" y="{yy + 14}" class="axis">{escape(label)}</text>'
            f'<rect x="170" y="{yy}" width="{w:.1f}" height="18" rx="3" fill="{color}"/>'
            f'<text x="{176 + w:.1f}" y="{yy + 14}" class="axis">{n}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - labels escaped above
