"""Pages of the enrollment slice: enroll/cancel/approve, the roster, "Pelatihan saya", approvals, notifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.people.access import access_for
from backend.people.selectors import employee_for_user
from lms.access import can_manage_offering, require_offering_manager
from lms.choices import EnrollmentSource, EnrollmentStatus
from lms.forms_enrollment import AssignForm, ReasonForm, RejectForm
from lms.ical import calendar_feed_url
from lms.selectors.enrollment import (
    approval_list,
    assignable_employee_list,
    enrollable_offering_get,
    enrollment_get,
    my_training_get,
    notification_list,
    notification_unread_count,
    roster_get,
)
from lms.services.enrollment import (
    enrollment_approve,
    enrollment_cancel,
    enrollment_reject,
    enrollment_request,
    offering_fill_seats,
)
from lms.services.notifications import notification_mark_read


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    return redirect(target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else fallback)


def _report(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _form_errors(form) -> ValidationError:
    return ValidationError([str(error) for errors in form.errors.values() for error in errors])


def _outcome(enrollment) -> str:
    if enrollment.status == EnrollmentStatus.PENDING:
        return _("Request sent: it waits for approval.")
    if enrollment.status == EnrollmentStatus.WAITLISTED:
        return _("The offering is full: %(name)s is on the waitlist.") % {"name": enrollment.employee.name}
    return _("%(name)s is enrolled.") % {"name": enrollment.employee.name}


@login_required
@require_POST
def offering_enroll(request, pk: int):
    """Enroll oneself; with an ``employee`` field, a coordinator assigns someone (by NIP or name)."""
    access = access_for(request.user)
    offering = enrollable_offering_get(access=access, pk=pk)
    assigning = "employee" in request.POST
    fallback = reverse("offering-roster", args=[pk]) if assigning else reverse("my-training")
    try:
        if assigning:
            if not can_manage_offering(access, offering):
                raise PermissionDenied
            form = AssignForm(request.POST)
            if not form.is_valid():
                raise _form_errors(form)
            matches = assignable_employee_list(access=access, query=form.cleaned_data["employee"])
            if len(matches) != 1:
                raise ValidationError(
                    _("No employee matches “%(query)s”.")
                    if not matches
                    else _("Several employees match “%(query)s”: give the NIP."),
                    params={"query": form.cleaned_data["employee"]},
                )
            employee, source = matches[0], EnrollmentSource.ASSIGNED
            override_reason = form.cleaned_data["override_reason"]
        else:
            employee, source, override_reason = employee_for_user(user=request.user), EnrollmentSource.SELF, ""
            if employee is None:
                raise ValidationError(_("This login is not linked to an employee record."))
        enrollment = enrollment_request(
            offering=offering, employee=employee, actor=request.user, source=source, override_reason=override_reason
        )
        messages.success(request, _outcome(enrollment))
    except ValidationError as exc:
        _report(request, exc)
    return _back(request, fallback)


@login_required
@require_POST
def enrollment_cancel_view(request, pk: int):
    enrollment = enrollment_get(access=access_for(request.user), pk=pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise _form_errors(form)
        enrollment_cancel(enrollment=enrollment, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Enrollment cancelled."))
    except ValidationError as exc:
        _report(request, exc)
    return _back(request, reverse("my-training"))


@login_required
@require_POST
def enrollment_approve_view(request, pk: int):
    enrollment = enrollment_get(access=access_for(request.user), pk=pk)
    try:
        enrollment = enrollment_approve(enrollment=enrollment, actor=request.user)
        messages.success(request, _outcome(enrollment))
    except ValidationError as exc:
        _report(request, exc)
    return _back(request, reverse("approvals"))


@login_required
@require_POST
def enrollment_reject_view(request, pk: int):
    enrollment = enrollment_get(access=access_for(request.user), pk=pk)
    form = RejectForm(request.POST)
    try:
        if not form.is_valid():
            raise _form_errors(form)
        enrollment_reject(enrollment=enrollment, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Request rejected."))
    except ValidationError as exc:
        _report(request, exc)
    return _back(request, reverse("approvals"))


@login_required
def offering_roster(request, pk: int):
    """Coordinators: seat holders, requests to approve, the waitlist in need order, the history."""
    access = access_for(request.user)
    offering = enrollable_offering_get(access=access, pk=pk)
    require_offering_manager(access, offering)
    return render(
        request,
        "lms/enrollment/roster.html",
        {"roster": roster_get(offering=offering), "assign_form": AssignForm()},
    )


@login_required
@require_POST
def offering_fill_seats_view(request, pk: int):
    access = access_for(request.user)
    offering = enrollable_offering_get(access=access, pk=pk)
    require_offering_manager(access, offering)
    promoted = offering_fill_seats(offering=offering, actor=request.user)
    messages.success(request, _("%(n)d promoted from the waitlist.") % {"n": len(promoted)})
    return redirect("offering-roster", pk=pk)


@login_required
def my_training(request):
    """ "Pelatihan saya": JP progress this year, upcoming sessions, requests, waitlist, history."""
    employee = employee_for_user(user=request.user)
    if employee is None:
        return render(request, "lms/enrollment/no_employee.html")
    mine = my_training_get(employee=employee)
    mine.calendar_url = calendar_feed_url(employee, request=request)
    return render(request, "lms/enrollment/my_training.html", {"mine": mine, "cancel_form": ReasonForm()})


@login_required
def approvals(request):
    """A supervisor's queue: their team's requests waiting for approval."""
    access = access_for(request.user)
    if not access.is_supervisor:
        raise PermissionDenied
    return render(request, "lms/enrollment/approvals.html", {"requests": approval_list(access=access)})


@login_required
def notifications(request):
    """The user's notifications; POST marks one (``notification``) or all of them read."""
    if request.method == "POST":
        raw = request.POST.get("notification", "")
        notification_mark_read(user=request.user, notification_ids=[int(raw)] if raw.isdigit() else None)
        return redirect("notifications")
    page = Paginator(notification_list(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "lms/enrollment/notifications.html", {"page": page})


def notification_badge(request):
    """The unread count for the nav, loaded by htmx; empty for anonymous visitors and when all is read."""
    if not request.user.is_authenticated:
        return HttpResponse("")
    return render(
        request, "lms/enrollment/_notification_badge.html", {"unread": notification_unread_count(user=request.user)}
    )


urlpatterns: list = [
    path("offerings/<int:pk>/enroll/", offering_enroll, name="offering-enroll"),
    path("offerings/<int:pk>/roster/", offering_roster, name="offering-roster"),
    path("offerings/<int:pk>/fill-seats/", offering_fill_seats_view, name="offering-fill-seats"),
    path("enrollments/<int:pk>/cancel/", enrollment_cancel_view, name="enrollment-cancel"),
    path("enrollments/<int:pk>/approve/", enrollment_approve_view, name="enrollment-approve"),
    path("enrollments/<int:pk>/reject/", enrollment_reject_view, name="enrollment-reject"),
    path("me/", my_training, name="my-training"),
    path("approvals/", approvals, name="approvals"),
    path("notifications/", notifications, name="notifications"),
    path("notifications/badge/", notification_badge, name="notification-badge"),
]
