"""Pages of course suggestions: "Saran pelatihan" (one's own, enroll or dismiss) and a team's view.

Enroll and dismiss answer htmx with the suggestion's card swapped for its outcome, and a plain
POST with a message and a redirect back to the page, so both work without JavaScript.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.people.access import access_for
from lms.choices import EnrollmentStatus, SuggestionStatus
from lms.filters_suggestions import SuggestionFilter
from lms.forms_suggestions import DismissForm
from lms.selectors.suggestion_pages import (
    can_see_team_suggestions,
    suggestion_card_get,
    suggestion_page_get,
    suggestion_team_list,
)
from lms.selectors.suggestions import suggestion_get
from lms.services.suggestions import suggestion_dismiss, suggestion_enroll
from lms.tasks import compute_suggestions_task

TEAM_PAGE_SIZE = 25
CARD = "lms/suggestions/_card.html"


def enroll_outcome(suggestion) -> str:
    """What the one click did, in the words of the enrollment's status."""
    status = suggestion.enrollment.status if suggestion.enrollment_id else None
    if status == EnrollmentStatus.PENDING:
        return _("Request sent: it waits for your supervisor's approval.")
    if status == EnrollmentStatus.WAITLISTED:
        return _("The offering is full: you are on the waitlist.")
    return _("You are enrolled.")


def _answer(request, *, pk, error: list[str] | None = None, form=None, outcome: str = ""):
    """The card for htmx, else a message and the page again."""
    if request.htmx:
        card = suggestion_card_get(access=access_for(request.user), pk=pk)
        context = {"s": card, "errors": error or [], "dismiss_form": form or DismissForm(), "outcome": outcome}
        return render(request, CARD, context)
    for message in error or []:
        messages.error(request, message)
    if outcome:
        messages.success(request, outcome)
    return redirect("suggestions")


@login_required
def suggestions_page(request):
    """The ASN's open suggestions, best first, and the past ones."""
    access = access_for(request.user)
    if access.employee_id is None:
        return render(request, "lms/enrollment/no_employee.html")
    context = {
        "page": suggestion_page_get(access=access, employee_id=access.employee_id),
        "dismiss_form": DismissForm(),
    }
    return render(request, "lms/suggestions/mine.html", context)


@login_required
@require_POST
def suggestion_enroll_view(request, pk: int):
    suggestion = suggestion_get(access=access_for(request.user), pk=pk)
    try:
        suggestion = suggestion_enroll(suggestion=suggestion, actor=request.user)
    except ValidationError as exc:
        return _answer(request, pk=pk, error=exc.messages)
    return _answer(request, pk=pk, outcome=enroll_outcome(suggestion))


@login_required
@require_POST
def suggestion_dismiss_view(request, pk: int):
    suggestion = suggestion_get(access=access_for(request.user), pk=pk)
    form = DismissForm(request.POST)
    if not form.is_valid():
        errors = [str(e) for errors in form.errors.values() for e in errors]
        return _answer(request, pk=pk, error=errors, form=form)
    try:
        suggestion_dismiss(suggestion=suggestion, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        return _answer(request, pk=pk, error=exc.messages, form=form)
    return _answer(request, pk=pk, outcome=_("Dismissed. It will not be suggested again."))


@login_required
@require_POST
def suggestions_refresh(request):
    """Recompute one's own suggestions: in the background with a broker, at once without one."""
    employee_id = access_for(request.user).employee_id
    if employee_id is None:
        raise PermissionDenied
    actor_id = request.user.pk
    transaction.on_commit(lambda: compute_suggestions_task.delay(employee_id, actor_id))
    messages.info(request, _("Suggestions are being refreshed."))
    return redirect("suggestions")


@login_required
def suggestions_team(request):
    """Supervisors (their direct team), coordinators (their units): who was suggested what, and what came of it."""
    access = access_for(request.user)
    if not can_see_team_suggestions(access):
        raise PermissionDenied
    filterset = SuggestionFilter(request.GET or None, queryset=suggestion_team_list(access=access))
    page = Paginator(filterset.qs, TEAM_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "query": query.urlencode(), "statuses": SuggestionStatus.choices}
    return render(request, "lms/suggestions/team.html", context)


urlpatterns: list = [
    path("suggestions/", suggestions_page, name="suggestions"),
    path("suggestions/team/", suggestions_team, name="suggestions-team"),
    path("suggestions/refresh/", suggestions_refresh, name="suggestions-refresh"),
    path("suggestions/<int:pk>/enroll/", suggestion_enroll_view, name="suggestion-enroll"),
    path("suggestions/<int:pk>/dismiss/", suggestion_dismiss_view, name="suggestion-dismiss"),
]
