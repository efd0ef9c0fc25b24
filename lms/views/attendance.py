"""Pages of the attendance slice: roll call, QR check-in, imports, results and finishing."""

import io
from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from backend.appraisal.imports import staging
from backend.appraisal.imports.forms import ConfirmForm, UploadForm
from backend.common.qr import qr_svg
from backend.people.access import access_for
from lms import checkin as codes
from lms.choices import AttendanceStatus, OfferingStatus
from lms.forms_attendance import RollCallForm, ScoreSheetForm
from lms.imports import ATTENDANCE, ATTENDANCE_COLUMNS, SCORE_COLUMNS, SCORES
from lms.selectors.attendance import (
    attendance_sheet_get,
    checkin_session_get,
    offering_managed_get,
    offering_results_get,
    roll_call_get,
    session_checkin_count,
    session_managed_get,
)
from lms.services.attendance import CheckinRefused, attendance_checkin, attendance_import, attendance_record_bulk
from lms.services.completion import enrollment_scores_import, enrollment_scores_save, offering_finish

CLOSED = (OfferingStatus.FINISHED, OfferingStatus.CANCELLED)
ERRORS_SHOWN = 1000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _add_errors(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


@login_required
@require_http_methods(["GET", "POST"])
def roll_call(request, pk: int):
    session = session_managed_get(access=access_for(request.user), pk=pk)
    closed = session.offering.status in CLOSED
    form = RollCallForm(request.POST if request.method == "POST" else None, rows=roll_call_get(session=session))
    if request.method == "POST" and not closed and form.is_valid():
        marks = form.marks(rest_present=request.POST.get("action") == "all_present")
        try:
            records = attendance_record_bulk(session=session, marks=marks, actor=request.user)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Attendance saved for %(count)d participant.",
                    "Attendance saved for %(count)d participants.",
                    len(records),
                )
                % {"count": len(records)},
            )
            return redirect("session-roll-call", pk=session.pk)
    tally = Counter(row.attendance.status for row in form.rows if row.attendance)
    summary = [(label, tally.get(value, 0)) for value, label in AttendanceStatus.choices]
    context = {
        "session": session,
        "offering": session.offering,
        "form": form,
        "closed": closed,
        "summary": summary,
        "unmarked": sum(1 for row in form.rows if row.attendance is None),
        "statuses": AttendanceStatus,
    }
    return render(request, "lms/attendance/roll_call.html", context)


@login_required
def checkin_screen(request, pk: int):
    """The big QR code for the room's screen; a rotating code is fetched again by htmx."""
    session = session_managed_get(access=access_for(request.user), pk=pk)
    token = codes.checkin_token(session)
    url = request.build_absolute_uri(reverse("checkin", kwargs={"token": token}))
    opens, _starts, closes = codes.session_window(session)
    recorded, holders = session_checkin_count(session=session)
    context = {
        "session": session,
        "offering": session.offering,
        "token": token,
        "url": url,
        "qr": qr_svg(url),
        "opens": opens,
        "closes": closes,
        "is_open": opens <= timezone.now() <= closes,
        "recorded": recorded,
        "holders": holders,
        "refresh_seconds": codes.refresh_seconds(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "lms/attendance/_checkin_code.html", context)
    return render(request, "lms/attendance/checkin_screen.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request, token: str):
    """A participant's phone after scanning: the session, a confirm button, then the result."""
    session = checkin_session_get(token=token)
    context = {"session": session, "token": token}
    if session is None:
        context["refusal"] = _("This check-in code is not valid. Scan the code on the session screen again.")
        return render(request, "lms/attendance/checkin.html", context, status=404)
    if request.method == "POST":
        try:
            context["record"] = attendance_checkin(token=token, user=request.user)
        except CheckinRefused as exc:
            context["refusal"] = exc.messages[0]
            return render(request, "lms/attendance/checkin.html", context, status=400)
    return render(request, "lms/attendance/checkin.html", context)


def _import_page(request, offering, *, kind: str, service, columns, back: str):
    """Upload → preview (nothing written) → confirm, the way the appraisal imports work."""
    stage_kind = f"{kind}-{offering.pk}"
    form = UploadForm()
    result = token = None
    filename = ""
    if request.method == "POST" and "token" in request.POST:
        confirm = ConfirmForm(request.POST)
        staged = staging.claim(user=request.user, kind=stage_kind, token=request.POST["token"])
        if not confirm.is_valid() or staged is None:
            messages.error(request, _("This preview has expired or was already imported. Upload the file again."))
            return redirect(request.path)
        filename = staged.filename
        result = service(offering=offering, actor=request.user, data=staged.data, dry_run=False, source=filename)
    elif request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data, filename = upload.read(), upload.name
            dry_run = form.cleaned_data["preview_only"]
            result = service(offering=offering, actor=request.user, data=data, dry_run=dry_run, source=filename)
            if dry_run and result.ok:
                token = staging.stage(user=request.user, kind=stage_kind, data=data, filename=filename)
            form = UploadForm()
    if result is not None and result.written:
        messages.success(
            request,
            _("Imported: %(created)d added, %(updated)d updated, %(unchanged)d unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
        return redirect(back)
    context = {
        "offering": offering,
        "kind": kind,
        "columns": columns,
        "form": form,
        "result": result,
        "errors_shown": result.errors[:ERRORS_SHOWN] if result else [],
        "errors_hidden": max(len(result.errors) - ERRORS_SHOWN, 0) if result else 0,
        "confirm": ConfirmForm(initial={"token": token}) if token else None,
        "filename": filename,
        "back": back,
    }
    return render(request, "lms/attendance/import.html", context)


def _sheet(filename: str, headers: list[str], rows: list[list]) -> HttpResponse:
    """A fill-in workbook: NIP stored as text so that Excel cannot round it into another number."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for cell in sheet["A"]:
        cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def attendance_import_page(request, pk: int):
    offering = offering_managed_get(access=access_for(request.user), pk=pk)
    if request.method == "GET" and request.GET.get("sheet"):
        rows = [
            [row.nip, row.session.date.isoformat(), row.session.starts_at.strftime("%H:%M"), row.status, row.name]
            for row in attendance_sheet_get(offering=offering)
        ]
        return _sheet(f"kehadiran-{offering.code}.xlsx", ["nip", "tanggal", "jam_mulai", "status", "nama"], rows)
    back = reverse("offering-results", kwargs={"pk": offering.pk})
    return _import_page(
        request, offering, kind=ATTENDANCE, service=attendance_import, columns=ATTENDANCE_COLUMNS, back=back
    )


@login_required
@require_http_methods(["GET", "POST"])
def scores_import_page(request, pk: int):
    offering = offering_managed_get(access=access_for(request.user), pk=pk)
    if request.method == "GET" and request.GET.get("sheet"):
        results = offering_results_get(offering=offering)
        rows = [
            [
                row.enrollment.employee.nip,
                row.enrollment.pre_test,
                row.enrollment.post_test,
                row.enrollment.employee.name,
            ]
            for row in results.open_rows
        ]
        return _sheet(f"nilai-{offering.code}.xlsx", ["nip", "pre_test", "post_test", "nama"], rows)
    back = reverse("offering-results", kwargs={"pk": offering.pk})
    return _import_page(
        request, offering, kind=SCORES, service=enrollment_scores_import, columns=SCORE_COLUMNS, back=back
    )


@login_required
@require_http_methods(["GET", "POST"])
def results(request, pk: int):
    """Attendance %, pre/post-test and gain per participant; scores editable until the offering finishes."""
    offering = offering_managed_get(access=access_for(request.user), pk=pk)
    results = offering_results_get(offering=offering)
    closed = offering.status in CLOSED
    form = ScoreSheetForm(request.POST if request.method == "POST" else None, rows=results.open_rows)
    if request.method == "POST" and not closed and form.is_valid():
        try:
            enrollment_scores_save(offering=offering, scores=form.scores(), actor=request.user)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Test scores saved."))
            return redirect("offering-results", pk=offering.pk)
    context = {
        "offering": offering,
        "results": results,
        "form": form,
        "closed": closed,
        "can_finish": offering.status in (OfferingStatus.PUBLISHED, OfferingStatus.RUNNING),
    }
    return render(request, "lms/attendance/results.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def finish(request, pk: int):
    """GET: who would pass and who not, and a confirm button; POST: finish the offering."""
    offering = offering_managed_get(access=access_for(request.user), pk=pk)
    if request.method == "POST":
        try:
            offering = offering_finish(offering=offering, actor=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("offering-finish", pk=offering.pk)
        messages.success(
            request,
            _("%(offering)s is finished; the participants have been told their results.") % {"offering": offering.code},
        )
        return redirect("offering-results", pk=offering.pk)
    results = offering_results_get(offering=offering)
    last = results.last_session_date
    context = {
        "offering": offering,
        "results": results,
        "finished": offering.status == OfferingStatus.FINISHED,
        "not_yet": last is not None and last > timezone.localdate(),
    }
    return render(request, "lms/attendance/finish.html", context)


urlpatterns = [
    path("sessions/<int:pk>/roll-call/", roll_call, name="session-roll-call"),
    path("sessions/<int:pk>/checkin-screen/", checkin_screen, name="session-checkin-screen"),
    path("checkin/<str:token>/", checkin, name="checkin"),
    path("offerings/<int:pk>/attendance/import/", attendance_import_page, name="offering-attendance-import"),
    path("offerings/<int:pk>/results/", results, name="offering-results"),
    path("offerings/<int:pk>/scores/import/", scores_import_page, name="offering-scores-import"),
    path("offerings/<int:pk>/finish/", finish, name="offering-finish"),
]
