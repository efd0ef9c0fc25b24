"""The budget pages' charts: inline SVG drawn on the server, like ``backend.common.charts``."""

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from lms.templatetags.lms_budget import rupiah_text

BUDGET_COLOUR, USED_COLOUR, SPENT_COLOUR, OVER_COLOUR = "#d8dee6", "#3b6ea5", "#0b6e4f", "#b3261e"
BAR_COLOUR = "#3b6ea5"
# Drawn 720 units wide, the width ``.chart`` is shown at: a unit is a pixel and FONT_SIZE stays 12 px.
WIDTH, FONT_SIZE = 720, 12
LABEL_WIDTH, VALUE_WIDTH, ROW_HEIGHT, GUTTER = 270, 120, 26, 8
# A generous average glyph width of the sans-serif the page falls back to (DejaVu Sans is among the
# widest), so that a shortened label never runs past the left edge; the <title> has the full name.
GLYPH_EM = 0.62


def _label(text: str, room: float = LABEL_WIDTH - 2 * GUTTER) -> str:
    """``text`` shortened at its end with "…" to fit ``room`` units at FONT_SIZE."""
    limit = max(4, int(room / (FONT_SIZE * GLYPH_EM)))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def realisation_chart(rows, *, width: int = WIDTH) -> SafeString:
    """Per OPD with a budget and money drawn on it: the budget (grey), what is used (blue, red past
    the budget) and what is spent (green, inside), all on one scale."""
    shown = [r for r in rows if r.budget is not None and (r.usage.used or r.usage.spent)]
    if not shown:
        return mark_safe("")
    plot = width - LABEL_WIDTH - VALUE_WIDTH
    scale = max(max(r.budget.amount, r.usage.used) for r in shown) or 1
    height = ROW_HEIGHT * len(shown) + 8
    title = escape(_("Budget, used and spent per OPD"))
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{title}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{title}</title>'
    ]
    for i, row in enumerate(shown):
        y = 4 + i * ROW_HEIGHT

        def w(amount: int) -> float:
            return max(0.0, amount / scale * plot)

        budget, used, spent = row.budget.amount, row.usage.used, row.usage.spent
        tip = escape(
            _("%(opd)s: budget %(budget)s, used %(used)s, spent %(spent)s")
            % {
                "opd": row.opd.name,
                "budget": rupiah_text(budget),
                "used": rupiah_text(used),
                "spent": rupiah_text(spent),
            }
        )
        parts.append(
            f"<g><title>{tip}</title>"
            f'<text x="{LABEL_WIDTH - GUTTER}" y="{y + 15}" font-size="{FONT_SIZE}" text-anchor="end" fill="#1d2733">'
            f"{escape(_label(row.opd.name))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{w(budget):.1f}" height="18" fill="{BUDGET_COLOUR}"/>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 6}" width="{w(min(used, budget)):.1f}" height="10" fill="{USED_COLOUR}"/>'
        )
        if used > budget:
            parts.append(
                f'<rect x="{LABEL_WIDTH + w(budget):.1f}" y="{y + 6}" width="{w(used - budget):.1f}" height="10" '
                f'fill="{OVER_COLOUR}"/>'
            )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y + 9}" width="{w(spent):.1f}" height="4" fill="{SPENT_COLOUR}"/>'
            f'<text x="{width - VALUE_WIDTH + GUTTER}" y="{y + 15}" font-size="{FONT_SIZE}" fill="#1d2733">'
            f"{escape(rupiah_text(budget - used))}</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text inside was escaped above


def bar_chart(items: list[tuple[str, float | None]], *, title: str, width: int = WIDTH) -> SafeString:
    """Horizontal bars of one amount per row (rows without one are left out), labelled in rupiah."""
    shown = [(label, value) for label, value in items if value is not None]
    if not shown:
        return mark_safe("")
    plot = width - LABEL_WIDTH - VALUE_WIDTH
    scale = max(float(v) for _l, v in shown) or 1.0
    height = ROW_HEIGHT * len(shown) + 8
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(shown):
        y = 4 + i * ROW_HEIGHT
        parts.append(
            f"<g><title>{escape(label)}: {escape(rupiah_text(value))}</title>"
            f'<text x="{LABEL_WIDTH - GUTTER}" y="{y + 15}" font-size="{FONT_SIZE}" text-anchor="end" fill="#1d2733">'
            f"{escape(_label(label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{float(value) / scale * plot:.1f}" height="14" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text x="{width - VALUE_WIDTH + GUTTER}" y="{y + 15}" font-size="{FONT_SIZE}" fill="#1d2733">'
            f"{escape(rupiah_text(value))}</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text inside was escaped above
