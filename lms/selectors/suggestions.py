"""Reading suggestions: whose, why, and how many were taken up."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backend.appraisal.choices import PeriodKind
from backend.appraisal.models import Period, Score
from backend.people.access import Access, employee_visibility
from backend.people.models import OrgUnit
from lms.choices import GapKind, SuggestionStatus
from lms.models import Suggestion


def gap_period_get() -> Period | None:
    """The period suggestions rest on: the latest scored period that is not an annual summary."""
    return (
        Period.objects.exclude(kind=PeriodKind.ANNUAL)
        .filter(Exists(Score.objects.filter(period=OuterRef("pk"))))
        .order_by("-start_date")
        .first()
    )


def suggestion_list(*, access: Access) -> QuerySet[Suggestion]:
    """Suggestions of the employees ``access`` sees: one's own, one's team's, a coordinator's unit's."""
    return (
        Suggestion.objects.filter(employee_visibility(access, prefix="employee__"))
        .select_related("employee", "employee__unit", "course", "offering", "period")
        .order_by("employee__name", "-rank_score", "pk")
    )


def suggestion_get(*, access: Access, pk) -> Suggestion:
    try:
        return suggestion_list(access=access).get(pk=pk)
    except (Suggestion.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def achievement_text(value: Decimal | None) -> str:
    """62 → "62", 79.89 → "79,9" (Indonesian; rounded as the score pages round it), but 79.96 →
    "79,96": a value rounding to a whole number it is not keeps its decimals, so that a gap
    never reads as the 80 % threshold it falls short of."""
    if value is None:
        return "?"
    if value == value.to_integral_value():
        return number_format(value, 0)
    tenths = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if tenths == tenths.to_integral_value():
        return number_format(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), 2)
    return number_format(tenths, 1)


def _points(value: Decimal) -> str:
    """9 → "9", 2.95 → "3" … 2.94 → "2,9": points to one decimal, rounded, no trailing ",0"."""
    tenths = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return number_format(tenths, 0 if tenths == tenths.to_integral_value() else 1)


def suggestion_gap_text(suggestion: Suggestion) -> str:
    """The gap in words, e.g. "Achievement of *Permit completion time* is 62 % of target"."""
    if suggestion.gap_kind == GapKind.INDICATOR:
        return _("Achievement of “%(label)s” is %(value)s %% of target") % {
            "label": suggestion.gap_label,
            "value": achievement_text(suggestion.gap_value),
        }
    if suggestion.gap_kind == GapKind.BEHAVIOUR:
        return _("Work behaviour “%(label)s” was rated below expectation (%(period)s)") % {
            "label": suggestion.gap_label,
            "period": suggestion.period,
        }
    return _("The unit's community satisfaction (IKM) on “%(label)s” scored %(value)s") % {
        "label": suggestion.gap_label,
        "value": number_format(suggestion.gap_value, 2) if suggestion.gap_value is not None else "?",
    }


def suggestion_evidence_text(suggestion: Suggestion) -> str:
    """What is known of the course's effect on this gap, with its sample size.

    Below the impact report's minimum n the measurement is named but not stated as an effect:
    the ranking still leans on it, shrunk toward the prior (``suggestion_engine``).
    """
    n = suggestion.uplift_n
    if suggestion.uplift is None or not n:
        return _("its effect on this indicator has not been measured yet")
    if n < settings.LMS_IMPACT_MIN_N:
        return ngettext(
            "only %(n)d earlier participant has been measured on this indicator so far, too few to tell its effect",
            "only %(n)d earlier participants have been measured on this indicator so far, too few to tell its effect",
            n,
        ) % {"n": n}
    if suggestion.uplift > 0:
        return ngettext(
            "this course raised this indicator by %(points)s points on average for %(n)d earlier participant",
            "this course raised this indicator by %(points)s points on average for %(n)d earlier participants",
            n,
        ) % {"points": _points(suggestion.uplift), "n": n}
    return ngettext(
        "its %(n)d earlier participant did not improve on this indicator more than their peers (%(points)s points)",
        "its %(n)d earlier participants did not improve on this indicator more than their peers (%(points)s points)",
        n,
    ) % {"points": _points(suggestion.uplift), "n": n}


def suggestion_reason(suggestion: Suggestion) -> str:
    """The plain-language why of a suggestion: its gap, then the course's evidence."""
    return _("%(gap)s — %(evidence)s.") % {
        "gap": suggestion_gap_text(suggestion),
        "evidence": suggestion_evidence_text(suggestion),
    }


def suggestion_uptake(*, access: Access, year: int | None = None, org_unit: OrgUnit | None = None) -> dict:
    """How suggestions fared: counts by status and the share taken up (enrolled of those answered or open).

    ``year`` keeps suggestions first made in that year. One query.
    """
    suggestions = Suggestion.objects.filter(employee_visibility(access, prefix="employee__"))
    if year is not None:
        suggestions = suggestions.filter(first_suggested_at__year=year)
    if org_unit is not None:
        suggestions = suggestions.filter(employee__unit__path__startswith=org_unit.path)
    counts = dict.fromkeys(SuggestionStatus.values, 0)
    for row in suggestions.values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    total = sum(counts.values())
    return {**counts, "total": total, "uptake": counts[SuggestionStatus.ENROLLED] / total if total else None}
