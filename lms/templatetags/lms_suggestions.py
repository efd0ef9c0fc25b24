"""Template helpers of the suggestion pages: the plain-language why of a suggestion."""

from django import template

from lms.selectors.suggestions import (
    achievement_text,
    suggestion_evidence_text,
    suggestion_gap_text,
    suggestion_reason,
)

register = template.Library()


@register.filter
def suggestion_why(suggestion) -> str:
    """The gap and the course's evidence, in the active language."""
    return suggestion_reason(suggestion)


@register.filter
def suggestion_gap(suggestion) -> str:
    return suggestion_gap_text(suggestion)


@register.filter
def suggestion_evidence(suggestion) -> str:
    return suggestion_evidence_text(suggestion)


@register.filter
def achievement(value) -> str:
    """An achievement as the reasons write it: never rounded up to the threshold it falls short of."""
    return achievement_text(value)
