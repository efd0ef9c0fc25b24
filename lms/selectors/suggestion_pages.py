"""Reads behind the suggestion pages and API: one's own suggestions with seats, a team's, the context.

Built on ``lms.selectors.suggestions`` (which scopes by employee visibility); this module adds
what the pages show beside a suggestion: seats left in the suggested offering, the resulting
enrollment, the period of the gaps and when the engine last ran.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, IntegerField, OuterRef, Q, QuerySet
from django.db.models.functions import Greatest
from django.http import Http404

from backend.appraisal.models import Period
from backend.appraisal.selectors.gaps import employee_gap_list
from backend.common.db import subquery_count
from backend.people.access import Access
from lms.choices import SEAT_STATUSES, EnrollmentStatus, SuggestionStatus
from lms.models import Enrollment, Suggestion, SuggestionRun
from lms.selectors.suggestions import gap_period_get, suggestion_list

PAST_SHOWN = 50


def _with_offering(suggestions: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    """Join the offering's venue and the enrollment, and count the offering's seats and waitlist."""
    taken = subquery_count(
        Enrollment.objects.filter(offering=OuterRef("offering_id"), status__in=SEAT_STATUSES), outer_field="offering"
    )
    waitlist = subquery_count(
        Enrollment.objects.filter(offering=OuterRef("offering_id"), status=EnrollmentStatus.WAITLISTED),
        outer_field="offering",
    )
    return (
        suggestions.select_related("offering__venue", "enrollment")
        .annotate(offering_seats_taken=taken, offering_waitlist_count=waitlist)
        .annotate(
            offering_seats_left=Greatest(
                F("offering__capacity") - F("offering_seats_taken"), 0, output_field=IntegerField()
            )
        )
    )


def suggestion_detail_list(*, access: Access) -> QuerySet[Suggestion]:
    """``suggestion_list`` with the enrollment joined (its status is part of every row)."""
    return suggestion_list(access=access).select_related("enrollment")


def suggestion_detail_get(*, access: Access, pk) -> Suggestion:
    try:
        return suggestion_detail_list(access=access).get(pk=pk)
    except (Suggestion.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def suggestion_card_get(*, access: Access, pk) -> Suggestion:
    """One suggestion as its card shows it (404 outside the caller's scope)."""
    try:
        return _with_offering(suggestion_list(access=access)).get(pk=pk)
    except (Suggestion.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def suggestion_team_list(*, access: Access) -> QuerySet[Suggestion]:
    """The suggestions of the others ``access`` sees (a supervisor's team, a coordinator's units), by name."""
    suggestions = suggestion_detail_list(access=access)
    if access.employee_id is not None:
        suggestions = suggestions.exclude(employee_id=access.employee_id)
    return suggestions


def can_see_team_suggestions(access: Access) -> bool:
    return access.is_supervisor or access.is_coordinator or access.sees_all_employees


@dataclass
class SuggestionPage:
    """What the "Suggested training" page shows one employee."""

    open: list[Suggestion]
    past: list[Suggestion]
    period: Period | None
    computed_at: datetime.datetime | None
    # Only looked up when nothing is open, to tell "no gaps" from "gaps, but no offering".
    gap_count: int | None = None
    # Some suggestions were taken up by enrolling (the empty state then says so).
    taken_up: bool = False
    shown_past: int = field(default=PAST_SHOWN)


def suggestion_page_get(*, access: Access, employee_id: int) -> SuggestionPage:
    """The employee's open suggestions (best first, with seats), past ones, and the engine's context."""
    mine = suggestion_list(access=access).filter(employee_id=employee_id)
    open_ = list(_with_offering(mine.filter(status=SuggestionStatus.SUGGESTED)).order_by("-rank_score", "pk"))
    past = list(
        mine.exclude(status=SuggestionStatus.SUGGESTED)
        .select_related("enrollment")
        .order_by(F("decided_at").desc(nulls_last=True), "-computed_at", "pk")[:PAST_SHOWN]
    )
    run = (
        SuggestionRun.objects.filter(Q(employee_id=employee_id) | Q(employee__isnull=True))
        .order_by("-started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    if run is None and open_:
        run = max(s.computed_at for s in open_)
    period = open_[0].period if open_ else gap_period_get()
    gap_count = None
    if not open_ and period is not None:
        gap_count = len(employee_gap_list(access=access, employee_id=employee_id, period=period))
    taken_up = any(s.status == SuggestionStatus.ENROLLED for s in past)
    return SuggestionPage(open=open_, past=past, period=period, computed_at=run, gap_count=gap_count, taken_up=taken_up)


def suggestion_top_list(*, access: Access, employee_id: int, limit: int = 3) -> list[Suggestion]:
    """The employee's best few open suggestions (the home page)."""
    return list(
        suggestion_list(access=access)
        .filter(employee_id=employee_id, status=SuggestionStatus.SUGGESTED)
        .order_by("-rank_score", "pk")[:limit]
    )
