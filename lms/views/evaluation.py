"""Pages of training evaluation: the participant's reaction survey and the L1/L2 reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from backend.common.charts import bar_shares
from backend.people.access import access_for
from backend.people.selectors import employee_for_user
from lms.choices import REACTION_SCALE
from lms.forms_evaluation import SCALE_LABELS, ReactionForm
from lms.selectors.evaluation import (
    course_evaluation_get,
    min_responses,
    offering_evaluation_get,
    reaction_form_get,
    reaction_pending_list,
)
from lms.services.reactions import reaction_submit

BANDS = ("high", "medium", "low")
BAND_COLOURS = {"high": "#0b6e4f", "medium": "#d9a21b", "low": "#d9652b"}


def _scale():
    return [(score, SCALE_LABELS[score]) for score in range(REACTION_SCALE[0], REACTION_SCALE[1] + 1)]


@login_required
@require_http_methods(["GET", "POST"])
def reaction_form(request, pk: int):
    """The participant's survey of one offering: given once, after its last session."""
    survey = reaction_form_get(access=access_for(request.user), pk=pk)
    form = ReactionForm(request.POST if request.method == "POST" else None, trainers=survey.trainers)
    if request.method == "POST" and survey.can_answer and form.is_valid():
        try:
            reaction_submit(enrollment=survey.enrollment, actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Thank you: your evaluation of %(course)s is recorded, without your name.")
                % {"course": survey.enrollment.offering.course.title},
            )
            return redirect("my-training")
    context = {
        "survey": survey,
        "form": form,
        "scale": _scale(),
        "offering": survey.enrollment.offering,
        "min_responses": min_responses(),
    }
    return render(request, "lms/evaluation/reaction_form.html", context)


@login_required
@require_GET
def reaction_pending(request):
    """The surveys waiting for the user: a box on "My training" (loaded by htmx) or a page of its own."""
    employee = employee_for_user(user=request.user)
    pending = list(reaction_pending_list(employee=employee)) if employee is not None else []
    if request.headers.get("HX-Request"):
        return render(request, "lms/evaluation/_pending.html", {"pending": pending})
    return render(request, "lms/evaluation/pending.html", {"pending": pending})


def _bands(counts: dict) -> dict:
    """The distribution of gain bands as a bar, its legend and the counts, in the active language."""
    labels = {"high": _("high"), "medium": _("medium"), "low": _("low")}
    return {
        "bar": bar_shares(
            counts={labels[band]: counts[band] for band in BANDS},
            colours={labels[band]: BAND_COLOURS[band] for band in BANDS},
        ),
        "rows": [(band, labels[band], counts[band], BAND_COLOURS[band]) for band in BANDS],
    }


@login_required
@require_GET
def offering_evaluation(request, pk: int):
    """L1 (anonymous) and L2 (per participant) of one offering, for its coordinators and HR."""
    report = offering_evaluation_get(access=access_for(request.user), pk=pk)
    context = {
        "report": report,
        "offering": report.offering,
        "scale": _scale(),
        "bands": _bands(report.learning.band_counts),
    }
    return render(request, "lms/evaluation/offering.html", context)


@login_required
@require_GET
def course_evaluation(request, pk: int):
    """A course's evaluation over its offerings the caller reads: pooled, then offering by offering."""
    report = course_evaluation_get(access=access_for(request.user), pk=pk)
    context = {
        "report": report,
        "course": report.course,
        "scale": _scale(),
        "bands": _bands(report.learning.band_counts),
    }
    return render(request, "lms/evaluation/course.html", context)


urlpatterns = [
    path("enrollments/<int:pk>/reaction/", reaction_form, name="enrollment-reaction"),
    path("me/evaluations/", reaction_pending, name="reaction-pending"),
    path("offerings/<int:pk>/evaluation/", offering_evaluation, name="offering-evaluation"),
    path("courses/<int:pk>/evaluation/", course_evaluation, name="course-evaluation"),
]
