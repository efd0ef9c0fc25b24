"""Small server-side SVG charts: no JavaScript library, nothing from a CDN."""

from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe


def plain_number(value: Decimal) -> str:
    """30.00 → "30", 62.50 → "62.5": never "3E+1", which ``normalize()`` alone can give."""
    return format(Decimal(value).normalize(), "f")


PALETTE = ["#0b6e4f", "#c98a00", "#3b6ea5", "#b3261e", "#6a4c93", "#2a9d8f", "#8d6e63"]


def line_chart(
    *,
    labels: list[str],
    series: dict[str, list[Decimal | None]],
    reference: Decimal | None = None,
    reference_label: str = "",
    width: int = 640,
    height: int = 220,
    title: str = "",
) -> SafeString:
    """Lines over shared x ``labels``; ``None`` values leave gaps. Values are percentages."""
    # Room below the plot for the x labels and one legend line per series.
    pad_left, pad_right, pad_top, pad_bottom = 40, 48, 12, 30 + 16 * len(series)
    height += 16 * len(series)
    plot_w, plot_h = width - pad_left - pad_right, height - pad_top - pad_bottom
    values = [v for points in series.values() for v in points if v is not None]
    top = max([Decimal(120), *values, reference or 0])
    top = Decimal((int(top) // 20 + 1) * 20)

    def x(i: int) -> float:
        return pad_left + (plot_w * i / max(len(labels) - 1, 1))

    def y(v: Decimal) -> float:
        return pad_top + plot_h - float(v) / float(top) * plot_h

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    for tick in range(0, int(top) + 1, 20):
        parts.append(
            f'<line x1="{pad_left}" x2="{width - pad_right}" y1="{y(Decimal(tick)):.1f}" y2="{y(Decimal(tick)):.1f}" '
            f'stroke="#e3e8ee"/><text x="{pad_left - 6}" y="{y(Decimal(tick)) + 4:.1f}" font-size="10" '
            f'text-anchor="end" fill="#5b6776">{tick}</text>'
        )
    if reference is not None:
        ry = y(reference)
        parts.append(
            f'<line x1="{pad_left}" x2="{width - pad_right}" y1="{ry:.1f}" y2="{ry:.1f}" stroke="#b3261e" '
            f'stroke-dasharray="4 3"/><text x="{pad_left + 4}" y="{ry - 4:.1f}" font-size="10" '
            f'fill="#b3261e">{escape(reference_label)}</text>'
        )
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - pad_bottom + 14}" font-size="10" text-anchor="middle" '
            f'fill="#5b6776">{escape(label)}</text>'
        )
    for n, (name, points) in enumerate(series.items()):
        colour = PALETTE[n % len(PALETTE)]
        segments, current = [], []
        for i, value in enumerate(points):
            if value is None:
                if current:
                    segments.append(current)
                current = []
            else:
                current.append(f"{x(i):.1f},{y(value):.1f}")
        if current:
            segments.append(current)
        for segment in segments:
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(segment)}"/>')
            for point in segment:
                cx, cy = point.split(",")
                parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="{colour}"/>')
        legend_y = height - pad_bottom + 30 + 16 * n
        parts.append(
            f'<rect x="{pad_left}" y="{legend_y - 9}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{pad_left + 14}" y="{legend_y}" font-size="11" fill="#1d2733">{escape(name[:90])}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text inside was escaped above


def bar_shares(*, counts: dict[str, int], colours: dict[str, str], width: int = 240, height: int = 14) -> SafeString:
    """One horizontal stacked bar of counts (e.g. a predikat distribution)."""
    total = sum(counts.values())
    parts = [f'<svg class="bar" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">']
    offset = 0.0
    for key, count in counts.items():
        if not count:
            continue
        share = count / total * width
        parts.append(
            f'<rect x="{offset:.1f}" y="0" width="{share:.1f}" height="{height}" fill="{colours.get(key, "#999")}">'
            f"<title>{escape(key)}: {count}</title></rect>"
        )
        offset += share
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - labels escaped above
