"""Rupiah as Indonesians write them, whatever the page's language: ``Rp 1.250.000``.

Django's number localisation would print ``Rp 1,250,000`` on the English pages; budgets are
read, compared and copied into letters in the Indonesian form, so it is fixed here.

On pages (the ``rupiah`` filter) "Rp" is joined to its digits by a no-break space, and a minus
to "Rp" by a word joiner, so that a narrow cell never splits an amount over two lines. Text
that leaves the page (messages of the services, which the API and the audit trail also carry,
chart tooltips, exports) is written by ``rupiah_text`` with a plain space, as people type it.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()

NO_BREAK_SPACE = "\u00a0"
# Between a minus and "Rp": a browser may otherwise break the line after the hyphen-minus.
WORD_JOINER = "\u2060"


def rupiah_text(value) -> str:
    """``1250000`` → ``Rp 1.250.000``; ``-5000`` → ``-Rp 5.000``; rounded to the rupiah; empty → ``–``."""
    if value is None or value == "":
        return "–"
    try:
        amount = Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return "–"
    digits = f"{abs(int(amount)):,}".replace(",", ".")
    return f"-Rp {digits}" if amount < 0 else f"Rp {digits}"


@register.filter
def rupiah(value) -> str:
    """As ``rupiah_text``, kept on one line (for HTML): a no-break space after "Rp", and a word joiner
    after the minus of a negative amount."""
    text = rupiah_text(value).replace(" ", NO_BREAK_SPACE)
    return f"-{WORD_JOINER}{text[1:]}" if text.startswith("-") else text


@register.filter
def rupiah_change(new, old) -> str:
    """The change from ``old`` to ``new``, signed: ``+Rp 5.000.000`` or ``-Rp 594.000.000`` (for HTML)."""
    if new is None or old is None:
        return "–"
    change = Decimal(new) - Decimal(old)
    return rupiah(change) if change < 0 else f"+{rupiah(change)}"
