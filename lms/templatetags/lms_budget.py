"""Rupiah as Indonesians write them, whatever the page's language: ``Rp 1.250.000``.

Django's number localisation would print ``Rp 1,250,000`` on the English pages; budgets are
read, compared and copied into letters in the Indonesian form, so it is fixed here.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def rupiah(value) -> str:
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
def rupiah_change(new, old) -> str:
    """The change from ``old`` to ``new``, signed: ``+Rp 5.000.000`` or ``-Rp 594.000.000``."""
    if new is None or old is None:
        return "–"
    change = Decimal(new) - Decimal(old)
    return rupiah(change) if change < 0 else f"+{rupiah(change)}"
