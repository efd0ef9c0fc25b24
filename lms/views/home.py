"""The training part of the home page, loaded by htmx so that the people app needs nothing from lms."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from backend.people.access import access_for
from backend.people.selectors import employee_for_user
from lms.selectors.catalog import offering_upcoming_managed_list
from lms.selectors.enrollment import my_training_get
from lms.selectors.suggestion_pages import suggestion_top_list

UPCOMING_DAYS = 30
SHOWN = 5
SUGGESTIONS_SHOWN = 3


@login_required
def home_training(request):
    access = access_for(request.user)
    employee = employee_for_user(user=request.user)
    context = {"mine": my_training_get(employee=employee) if employee else None, "managed": []}
    if access.employee_id is not None:
        context["suggestions"] = suggestion_top_list(
            access=access, employee_id=access.employee_id, limit=SUGGESTIONS_SHOWN
        )
    if access.is_admin or access.is_coordinator:
        context["managed"] = offering_upcoming_managed_list(access=access, days=UPCOMING_DAYS)[:SHOWN]
    return render(request, "lms/home_training.html", context)


urlpatterns = [path("home/", home_training, name="home-training")]
