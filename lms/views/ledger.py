"""Pages of the ledger slice: my JP, the review queue, compliance per OPD, the JP table."""

import contextlib
import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backend.common.charts import bar_shares
from backend.common.views import stored_file_response
from backend.people.access import access_for
from backend.people.selectors import employee_for_user, employee_get
from lms.access import can_review_activities
from lms.choices import ActivityStatus, ConversionBasis
from lms.forms_ledger import ExternalActivityForm, JpConversionForm, PreviewForm, ReviewForm
from lms.models import JpConversion
from lms.rules import format_jp, jp_from_minutes
from lms.selectors import ledger as selectors
from lms.selectors.jp import jp_progress_get, jp_target_minutes
from lms.services import ledger as services

MET_COLOUR, SHORT_COLOUR = "#0b6e4f", "#d9652b"


def year_param(request) -> int:
    """The ``?year=`` asked for, or this year when it is missing or not a plausible year."""
    value = request.GET.get("year", "")
    if value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return timezone.localdate().year


def _years(year: int) -> list[int]:
    current = timezone.localdate().year
    return sorted({*range(current - 4, current + 1), year}, reverse=True)


def _errors_into(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    return redirect(target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else fallback)


@login_required
def jp_progress(request):
    """JP of one year for the ASN (or, with ?employee=, for someone the user sees), and their claims."""
    access = access_for(request.user)
    year = year_param(request)
    if request.GET.get("employee"):
        employee = employee_get(access=access, pk=request.GET["employee"])
    else:
        employee = employee_for_user(user=request.user)
        if employee is None:
            return render(request, "lms/ledger/no_employee.html")
    may_submit = selectors.can_submit_activity(access, employee)
    if request.method == "POST" and not may_submit:
        raise PermissionDenied
    form = ExternalActivityForm(request.POST or None, request.FILES or None) if may_submit else None
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.external_activity_submit(employee=employee, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(
                request,
                _("Claim submitted: %(jp)s JP once verified.") % {"jp": format_jp(activity.claimed_minutes)},
            )
            query = {"year": activity.end_date.year}
            if employee.pk != access.employee_id:
                query["employee"] = employee.pk
            return redirect(f"{reverse('jp-progress')}?{urlencode(query)}")
    activities = selectors.employee_activity_list(access=access, employee=employee, year=year)
    return render(
        request,
        "lms/ledger/jp_progress.html",
        {
            "subject": employee,
            "own": employee.pk == access.employee_id,
            "year": year,
            "years": _years(year),
            "progress": jp_progress_get(employee=employee, year=year),
            "entries": selectors.jp_ledger_list(access=access, year=year, employee=employee),
            "activities": activities,
            "conversions": selectors.jp_conversion_list(),
            "form": form,
            "status_submitted": ActivityStatus.SUBMITTED,
            "bonus": settings.LMS_INTERNATIONAL_BONUS_PCT,
        },
    )


@login_required
@require_GET
def jp_preview(request):
    """The JP a claim would earn now (htmx, while the form is filled in)."""
    access = access_for(request.user)
    form = PreviewForm(request.GET)
    context = {"claim": None}
    if form.is_valid():
        employee_id = access.employee_id
        if request.GET.get("employee"):
            employee_id = employee_get(access=access, pk=request.GET["employee"]).pk
        data = form.cleaned_data
        # A kind missing from the table previews nothing; submitting names the problem.
        with contextlib.suppress(JpConversion.DoesNotExist):
            context["claim"] = selectors.activity_claim_get(
                employee_id=employee_id,
                kind=data["kind"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                units=data["units"],
                is_international=data["is_international"],
            )
    return render(request, "lms/ledger/_preview.html", context)


@login_required
def activity_review(request):
    """Claims waiting for this coordinator (their scope) or HR, with the evidence and the decisions."""
    access = access_for(request.user)
    if not can_review_activities(access):
        raise PermissionDenied
    page = Paginator(selectors.activity_review_list(access=access), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "lms/ledger/review.html",
        {
            "page": page,
            "recent": selectors.activity_reviewed_list(access=access)[:20],
            "form": ReviewForm(),
        },
    )


@login_required
@require_POST
def activity_decide(request, pk: int):
    access = access_for(request.user)
    activity = selectors.external_activity_get(access=access, pk=pk)
    form = ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    decision = request.POST.get("decision")
    try:
        if decision == "verify":
            activity = services.external_activity_verify(activity=activity, actor=request.user, note=note)
            messages.success(
                request,
                _("%(name)s: %(jp)s JP credited.")
                % {"name": activity.employee.name, "jp": format_jp(activity.claimed_minutes)},
            )
        elif decision == "reject":
            services.external_activity_reject(activity=activity, actor=request.user, note=note)
            messages.success(request, _("%(name)s: claim rejected.") % {"name": activity.employee.name})
        else:
            raise Http404
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return _back(request, reverse("activity-review"))


@login_required
@require_POST
def activity_withdraw(request, pk: int):
    access = access_for(request.user)
    activity = selectors.external_activity_get(access=access, pk=pk)
    year = activity.end_date.year
    try:
        services.external_activity_withdraw(activity=activity, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Claim withdrawn."))
    return redirect(f"{reverse('jp-progress')}?year={year}")


@login_required
@require_GET
def activity_evidence(request, pk: int):
    """The evidence file, only to those who may see the claim (never a public /media/ link)."""
    activity = selectors.external_activity_get(access=access_for(request.user), pk=pk)
    return stored_file_response(activity.evidence_file)


def _require_compliance(access) -> None:
    if not selectors.can_see_compliance(access):
        raise PermissionDenied


@login_required
def jp_compliance(request):
    access = access_for(request.user)
    _require_compliance(access)
    year = year_param(request)
    rows = selectors.jp_compliance_list(access=access, year=year)
    met_label, short_label = _("At the target"), _("Below the target")
    for row in rows:
        row.bar = bar_shares(
            counts={met_label: row.met, short_label: row.short},
            colours={met_label: MET_COLOUR, short_label: SHORT_COLOUR},
        )
    totals = {"pns": sum(r.pns for r in rows), "met": sum(r.met for r in rows)}
    return render(
        request,
        "lms/ledger/compliance.html",
        {
            "year": year,
            "years": _years(year),
            "rows": rows,
            "totals": totals,
            "target_jp": format_jp(jp_target_minutes()),
            "legend": [(met_label, MET_COLOUR), (short_label, SHORT_COLOUR)],
        },
    )


@login_required
def jp_shortfall(request, unit_pk: int):
    access = access_for(request.user)
    unit = selectors.compliance_unit_get(access=access, pk=unit_pk)
    year = year_param(request)
    page = Paginator(selectors.jp_shortfall_list(access=access, year=year, unit=unit), 100).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "lms/ledger/shortfall.html",
        {"unit": unit, "year": year, "years": _years(year), "page": page, "target_jp": format_jp(jp_target_minutes())},
    )


@login_required
def jp_shortfall_csv(request, unit_pk: int):
    access = access_for(request.user)
    unit = selectors.compliance_unit_get(access=access, pk=unit_pk)
    year = year_param(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="jp-shortfall-{unit.code}-{year}.csv"'
    writer = csv.writer(response)
    writer.writerow([_("NIP"), _("Name"), _("Unit"), _("JP"), _("Deficit (JP)")])
    for employee in selectors.jp_shortfall_list(access=access, year=year, unit=unit).iterator(chunk_size=500):
        writer.writerow(
            [
                employee.nip,
                employee.name,
                employee.unit.label,
                jp_from_minutes(employee.earned_minutes),
                jp_from_minutes(employee.deficit_minutes),
            ]
        )
    return response


@login_required
def jp_conversions(request):
    """The JP table: everyone reads it; administrators and HR change a row at a time."""
    access = access_for(request.user)
    can_manage = selectors.can_manage_conversions(access)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        conversion = selectors.jp_conversion_get(pk=request.POST.get("conversion"))
        form = JpConversionForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            services.jp_conversion_update(conversion=conversion, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, f"{conversion}: {message}")
        else:
            messages.success(request, _("%(kind)s saved.") % {"kind": conversion})
        return redirect("jp-conversions")
    return render(
        request,
        "lms/ledger/conversions.html",
        {
            "conversions": selectors.jp_conversion_list(),
            "can_manage": can_manage,
            "basis_choices": ConversionBasis.choices,
            "bonus": settings.LMS_INTERNATIONAL_BONUS_PCT,
        },
    )


urlpatterns = [
    path("jp/", jp_progress, name="jp-progress"),
    path("jp/preview/", jp_preview, name="jp-preview"),
    path("jp/review/", activity_review, name="activity-review"),
    path("jp/activities/<int:pk>/decide/", activity_decide, name="activity-decide"),
    path("jp/activities/<int:pk>/withdraw/", activity_withdraw, name="activity-withdraw"),
    path("jp/activities/<int:pk>/evidence/", activity_evidence, name="activity-evidence"),
    path("jp/compliance/", jp_compliance, name="jp-compliance"),
    path("jp/compliance/<int:unit_pk>/", jp_shortfall, name="jp-shortfall"),
    path("jp/compliance/<int:unit_pk>/csv/", jp_shortfall_csv, name="jp-shortfall-csv"),
    path("jp/conversions/", jp_conversions, name="jp-conversions"),
]
