"""The public IKM questionnaire (no login) and its printable poster (staff).

Nothing about a respondent is written anywhere: no session, no address, no audit
entry; the rate limit counts by a keyed hash of the address, never the address.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from backend.appraisal import ratelimit
from backend.appraisal.access import can_manage_ikm, require
from backend.appraisal.public_forms import IkmAnswerForm
from backend.appraisal.selectors import ikm_survey_get
from backend.appraisal.services import ikm_response_submit
from backend.common.qr import qr_svg
from backend.people.access import access_for

RATE_LIMIT_DEFAULT = 10
RATE_WINDOW_SECONDS = 60 * 60


def _survey_or_page(request, token: str):
    """The survey, or the public page saying the link is wrong: the site's 404 page assumes a login."""
    try:
        return ikm_survey_get(token=token), None
    except Http404:
        return None, render(request, "appraisal/public/not_found.html", status=404)


def _closed(request, survey):
    # 410 Gone; never_cache keeps a browser from remembering it once the survey reopens.
    return render(request, "appraisal/public/closed.html", {"survey": survey}, status=410)


@never_cache
@require_http_methods(["GET", "POST"])
def ikm_form(request, token: str):
    survey, page = _survey_or_page(request, token)
    if page:
        return page
    if not survey.is_open:
        return _closed(request, survey)
    form = IkmAnswerForm(request.POST or None)
    if request.method == "POST":
        if form.is_robot:
            # Answer a robot exactly as a person, so it learns nothing from the reply.
            return redirect("ikm-thanks", token=survey.token)
        if form.is_valid():
            limit = getattr(settings, "IKM_RATE_LIMIT", RATE_LIMIT_DEFAULT)
            if not ratelimit.allow(request, scope=str(survey.pk), limit=limit, window=RATE_WINDOW_SECONDS):
                response = render(request, "appraisal/public/rate_limited.html", {"survey": survey}, status=429)
                response["Retry-After"] = str(RATE_WINDOW_SECONDS)
                return response
            try:
                ikm_response_submit(survey=survey, answers=form.answers())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                return redirect("ikm-thanks", token=survey.token)
    return render(request, "appraisal/public/form.html", {"survey": survey, "form": form})


@require_GET
def ikm_thanks(request, token: str):
    survey, page = _survey_or_page(request, token)
    return page or render(request, "appraisal/public/thanks.html", {"survey": survey})


@login_required
@require_GET
def ikm_poster(request, token: str):
    survey = ikm_survey_get(token=token)
    # Every login may read surveys (they are the units' public record); printing the
    # poster is managing the survey, so the unit's coordinators and HR only: 403.
    require(can_manage_ikm(access_for(request.user), survey.org_unit))
    form_url = request.build_absolute_uri(reverse("ikm-form", kwargs={"token": survey.token}))
    context = {"survey": survey, "form_url": form_url, "qr": qr_svg(form_url)}
    return render(request, "appraisal/public/poster.html", context)
