"""Pages of the catalog slice: the catalog, courses, offerings, sessions, the schedule and calendar feeds."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.audit.selectors import audit_history
from backend.people.access import access_for
from lms.access import can_manage_catalog, can_manage_offering, can_manage_offerings
from lms.filters_catalog import CourseFilter, OfferingFilter
from lms.forms_catalog import (
    CourseForm,
    OfferingCancelForm,
    OfferingForm,
    SessionForm,
    TargetIndicatorFormSet,
    target_pairs,
)
from lms.ical import calendar_token_employee_id, sessions_ics
from lms.selectors import calendar as calendar_selectors
from lms.selectors import catalog as selectors
from lms.services import catalog as catalog_services
from lms.services import scheduling

PAGE_SIZE = 20


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- Catalog ------------------------------------------------------------------


@login_required
def catalog(request):
    """Upcoming offerings (or all courses) with search and filters; the filter form swaps the list by htmx."""
    access = access_for(request.user)
    show = "courses" if request.GET.get("view") == "courses" else "offerings"
    choices = selectors.targeted_indicator_choices()
    if show == "courses":
        filterset = CourseFilter(
            request.GET or None, queryset=selectors.course_list(access=access), indicator_choices=choices
        )
    else:
        filterset = OfferingFilter(
            request.GET or None, queryset=selectors.offering_catalog_list(access=access), indicator_choices=choices
        )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "query": query.urlencode(),
        "show": show,
        "can_manage_catalog": can_manage_catalog(access),
        "can_manage_offerings": can_manage_offerings(access),
    }
    # A history restore needs the whole page, not the list the live search swaps in.
    partial = request.htmx and not request.htmx.history_restore_request
    response = render(request, "lms/catalog/_results.html" if partial else "lms/catalog/catalog.html", context)
    # The same URL answers a fragment or a page: caches (the browser's Back) must tell them apart.
    patch_vary_headers(response, ["HX-Request"])
    if partial:
        add_never_cache_headers(response)
    return response


# --- Courses ------------------------------------------------------------------


@login_required
def course_detail(request, pk: int):
    access = access_for(request.user)
    course = selectors.course_get(access=access, pk=pk)
    manages = can_manage_catalog(access)
    context = {
        "course": course,
        "offerings": selectors.offering_course_list(access=access, course=course)[:30],
        "can_manage_catalog": manages,
        "can_manage_offerings": can_manage_offerings(access),
        "history": audit_history(obj=course) if manages else None,
    }
    return render(request, "lms/catalog/course_detail.html", context)


def _course_form_page(request, *, course=None):
    _require(can_manage_catalog(access_for(request.user)))
    initial = CourseForm.initial_for(course) if course else {"is_active": True}
    form = CourseForm(request.POST or None, initial=initial, course=course)
    targets_initial = (
        [{"indicator": row.indicator, "weight": row.weight} for row in course.target_indicators.all()] if course else []
    )
    targets = TargetIndicatorFormSet(request.POST or None, initial=targets_initial, prefix="targets")
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        kwargs = form.service_kwargs(target_pairs(targets))
        try:
            if course is None:
                course = catalog_services.course_create(actor=request.user, **kwargs)
                messages.success(request, _("The course was added."))
            else:
                course = catalog_services.course_update(actor=request.user, course=course, **kwargs)
                messages.success(request, _("The changes were saved."))
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return redirect("course-detail", pk=course.pk)
    return render(request, "lms/catalog/course_form.html", {"form": form, "targets": targets, "course": course})


@login_required
def course_create(request):
    return _course_form_page(request)


@login_required
def course_edit(request, pk: int):
    access = access_for(request.user)
    _require(can_manage_catalog(access))
    return _course_form_page(request, course=selectors.course_get(access=access, pk=pk))


# --- Offerings ----------------------------------------------------------------


@login_required
def offering_detail(request, pk: int):
    access = access_for(request.user)
    offering = selectors.offering_get(access=access, pk=pk)
    can_manage = can_manage_offering(access, offering)
    context = {
        "offering": offering,
        "sessions": selectors.offering_session_list(offering=offering),
        "my_enrollment": selectors.offering_enrollment_get(offering=offering, employee_id=access.employee_id),
        "can_manage": can_manage,
        "seats_left": offering.seats_left,
        "cancel_form": OfferingCancelForm() if can_manage else None,
        "history": audit_history(obj=offering) if can_manage else None,
        "today": timezone.localdate(),
    }
    return render(request, "lms/catalog/offering_detail.html", context)


def _managed_offering(request, pk: int):
    """An offering the user manages: a wrong role is 403, an offering outside their scope 404."""
    access = access_for(request.user)
    _require(can_manage_offerings(access))
    return selectors.offering_managed_get(access=access, pk=pk)


def _offering_form_page(request, *, offering=None):
    access = access_for(request.user)
    _require(can_manage_offerings(access))
    if offering is not None:
        initial = OfferingForm.initial_for(offering)
    else:
        today = timezone.localdate()
        # ?course=&capacity=&owner_unit= prefill a new offering (the training-needs plan links here).
        capacity = request.GET.get("capacity", "")
        initial = {
            "course": request.GET.get("course"),
            "capacity": int(capacity) if capacity.isdigit() and int(capacity) > 0 else 30,
            "enroll_opens": today,
            "min_attendance_pct": settings.LMS_MIN_ATTENDANCE_PCT,
            "pass_mark": settings.LMS_PASS_MARK,
        }
    units = selectors.offering_unit_choices(access=access)
    owner = request.GET.get("owner_unit", "")
    if offering is None and owner.isdigit() and units.filter(pk=owner).exists():
        initial["owner_unit"] = int(owner)
    elif offering is None and units.count() == 1:
        initial["owner_unit"] = units.first()
    form = OfferingForm(request.POST or None, initial=initial, units=units, offering=offering)
    if request.method == "POST" and form.is_valid():
        try:
            if offering is None:
                offering = scheduling.offering_create(actor=request.user, **form.service_kwargs())
                messages.success(request, _("The offering was created as a draft: add its sessions, then publish it."))
            else:
                offering = scheduling.offering_update(actor=request.user, offering=offering, **form.service_kwargs())
                messages.success(request, _("The changes were saved."))
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return redirect("offering-detail", pk=offering.pk)
    return render(request, "lms/catalog/offering_form.html", {"form": form, "offering": offering})


@login_required
def offering_create(request):
    return _offering_form_page(request)


@login_required
def offering_edit(request, pk: int):
    return _offering_form_page(request, offering=_managed_offering(request, pk))


def _offering_action(request, pk: int, act, done: str):
    offering = _managed_offering(request, pk)
    try:
        act(offering)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("offering-detail", pk=offering.pk)


@login_required
@require_POST
def offering_publish(request, pk: int):
    return _offering_action(
        request,
        pk,
        lambda offering: scheduling.offering_publish(
            actor=request.user, offering=offering, override_reason=request.POST.get("override_reason", "")
        ),
        _("Published: employees can now see it and enroll within its window."),
    )


@login_required
@require_POST
def offering_start(request, pk: int):
    return _offering_action(
        request,
        pk,
        lambda offering: scheduling.offering_start(actor=request.user, offering=offering),
        _("The offering is running."),
    )


@login_required
@require_POST
def offering_cancel(request, pk: int):
    form = OfferingCancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _offering_action(
        request,
        pk,
        lambda offering: scheduling.offering_cancel(actor=request.user, offering=offering, reason=reason),
        _("The offering was cancelled and its participants told."),
    )


# --- Sessions -----------------------------------------------------------------


def _clashes_of(exc: ValidationError) -> list[str]:
    errors = exc.error_list if not hasattr(exc, "error_dict") else []
    return [error.message for error in errors if error.code == "clash"]


def _session_form_page(request, *, offering, session=None):
    initial = SessionForm.initial_for(session) if session else {"date": offering.start_date}
    form = SessionForm(request.POST or None, initial=initial)
    clashes: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            if session is None:
                scheduling.session_create(actor=request.user, offering=offering, **form.service_kwargs())
                messages.success(request, _("The session was added."))
            else:
                scheduling.session_update(actor=request.user, session=session, **form.service_kwargs())
                messages.success(request, _("The changes were saved."))
        except ValidationError as exc:
            clashes = _clashes_of(exc)
            if not clashes:
                form.add_service_errors(exc)
        else:
            return redirect("offering-detail", pk=offering.pk)
    context = {"form": form, "offering": offering, "session": session, "clashes": clashes}
    return render(request, "lms/catalog/session_form.html", context)


@login_required
def session_create(request, pk: int):
    return _session_form_page(request, offering=_managed_offering(request, pk))


def _managed_session(request, pk: int):
    access = access_for(request.user)
    _require(can_manage_offerings(access))
    return selectors.session_managed_get(access=access, pk=pk)


@login_required
def session_edit(request, pk: int):
    session = _managed_session(request, pk)
    return _session_form_page(request, offering=session.offering, session=session)


@login_required
@require_POST
def session_delete(request, pk: int):
    session = _managed_session(request, pk)
    try:
        scheduling.session_delete(actor=request.user, session=session, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The session was removed."))
    return redirect("offering-detail", pk=session.offering_id)


# --- Schedule and calendars ---------------------------------------------------


@login_required
def schedule(request):
    """A week or a month of sessions: the coordinator's offerings and the user's own sessions."""
    access = access_for(request.user)
    today = timezone.localdate()
    try:
        anchor = datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        anchor = today
    view = calendar_selectors.MONTH if request.GET.get("view") == "month" else calendar_selectors.WEEK
    plan = calendar_selectors.schedule_get(access=access, view=view, anchor=anchor, today=today)
    return render(request, "lms/catalog/schedule.html", {"schedule": plan, "today": today})


def _ics(content: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # Calendar apps poll: a few minutes of staleness is fine, a shared cache is not.
    patch_cache_control(response, private=True, max_age=300)
    return response


@login_required
def offering_calendar(request, pk: int):
    offering = selectors.offering_get(access=access_for(request.user), pk=pk)
    content = sessions_ics(
        name=f"{offering.course.title} ({offering.code})",
        sessions=selectors.offering_session_list(offering=offering),
    )
    return _ics(content, f"{offering.code}.ics")


def my_calendar_feed(request, token: str):
    """A person's sessions at a secret address: calendar apps subscribe without logging in."""
    employee_id = calendar_token_employee_id(token)
    if employee_id is None:
        raise Http404
    employee = calendar_selectors.employee_feed_get(employee_id=employee_id)
    content = sessions_ics(
        name=_("Training of %(name)s") % {"name": employee.display_name},
        sessions=calendar_selectors.employee_session_list(employee_id=employee.pk),
    )
    return _ics(content, "pelatihan.ics")


urlpatterns: list = [
    path("", catalog, name="catalog"),
    path("courses/new/", course_create, name="course-create"),
    path("courses/<int:pk>/", course_detail, name="course-detail"),
    path("courses/<int:pk>/edit/", course_edit, name="course-edit"),
    path("offerings/new/", offering_create, name="offering-create"),
    path("offerings/<int:pk>/", offering_detail, name="offering-detail"),
    path("offerings/<int:pk>/edit/", offering_edit, name="offering-edit"),
    path("offerings/<int:pk>/publish/", offering_publish, name="offering-publish"),
    path("offerings/<int:pk>/start/", offering_start, name="offering-start"),
    path("offerings/<int:pk>/cancel/", offering_cancel, name="offering-cancel"),
    path("offerings/<int:pk>/sessions/new/", session_create, name="session-create"),
    path("offerings/<int:pk>/calendar.ics", offering_calendar, name="offering-calendar"),
    path("sessions/<int:pk>/edit/", session_edit, name="session-edit"),
    path("sessions/<int:pk>/delete/", session_delete, name="session-delete"),
    path("schedule/", schedule, name="schedule"),
    path("calendar/<str:token>.ics", my_calendar_feed, name="my-calendar-feed"),
]
