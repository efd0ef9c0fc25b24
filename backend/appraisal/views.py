from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backend.appraisal import selectors, services
from backend.appraisal.access import can_attach_evidence, can_manage_ikm, can_manage_reference, can_write_scores
from backend.appraisal.choices import FollowUpStatus, PeriodKind, PeriodStatus, Predikat
from backend.appraisal.forms import (
    EvaluationForm,
    EvidenceForm,
    FollowUpForm,
    IkmSurveyForm,
    PeriodForm,
    ReasonForm,
    ScoreSheet,
)
from backend.appraisal.models import Period, period_short_label
from backend.appraisal.selectors.core import overdue_q
from backend.appraisal.selectors.pages import (
    annual_period,
    latest_scored_period,
    score_history,
    score_sheet_get,
    team_list,
)
from backend.common.charts import bar_shares, line_chart, plain_number
from backend.common.views import stored_file_response
from backend.people.access import access_for
from backend.people.selectors import employee_for_user, employee_get, org_unit_choices

PREDIKAT_COLOURS = {
    Predikat.SANGAT_BAIK: "#0b6e4f",
    Predikat.BAIK: "#5fa67f",
    Predikat.BUTUH_PERBAIKAN: "#c98a00",
    Predikat.KURANG: "#d9652b",
    Predikat.SANGAT_KURANG: "#b3261e",
}


def _chosen_period(request, fallback: Callable[[], Period | None]) -> Period | None:
    """The period asked for in ``?period=``; ``fallback`` is only queried when none (or none valid) is."""
    period_id = request.GET.get("period")
    if period_id and period_id.isdigit():
        period = selectors.period_list().filter(pk=period_id).first()
        if period is not None:
            return period
    return fallback()


def _performance_context(request, employee):
    access = access_for(request.user)
    history = score_history(access=access, employee=employee)
    period = _chosen_period(request, lambda: latest_scored_period(access=access, employee=employee))
    rules = selectors.appraisal_rules_get()
    chart = line_chart(
        labels=[period_short_label(p) for p in history.periods],
        series={indicator.name: values for indicator, values in history.rows.items()},
        reference=rules.weak_threshold,
        reference_label=_("weak below %(n)s %%") % {"n": plain_number(rules.weak_threshold)},
        title=_("Achievement per indicator (%)"),
    )
    evaluation = None
    if period is not None:
        evaluation = (
            selectors.evaluation_list(access=access)
            .filter(employee=employee, period__year=period.year, period__kind=PeriodKind.ANNUAL)
            .first()
        )
    return {
        "subject": employee,
        "history": history,
        "chart": chart,
        "period": period,
        "periods": history.periods[::-1],
        "gaps": selectors.employee_gap_list(access=access, employee_id=employee.pk, period=period) if period else [],
        "evaluation": evaluation,
        "follow_ups": selectors.follow_up_list(access=access).filter(employee=employee)[:10],
        "weak_threshold": rules.weak_threshold,
        "period_scores": (
            selectors.score_list(access=access).filter(employee=employee, period=period) if period else []
        ),
        "can_attach": can_attach_evidence(access, employee),
        "can_plan": can_write_scores(access, employee),
        "evidence_form": EvidenceForm(),
        "follow_up_form": FollowUpForm(),
        "my_employee_id": access.employee_id,
        "follow_up_statuses": FollowUpStatus.choices,
    }


def _latest_period() -> Period | None:
    return selectors.period_list().exclude(kind=PeriodKind.ANNUAL).order_by("-start_date").first()


@login_required
def my_performance(request):
    employee = employee_for_user(user=request.user)
    if employee is None:
        return render(request, "appraisal/no_employee.html")
    return render(request, "appraisal/my_performance.html", _performance_context(request, employee))


@login_required
def team(request):
    access = access_for(request.user)
    if not access.is_supervisor:
        raise PermissionDenied
    period = _chosen_period(request, lambda: latest_scored_period(access=access))
    members = list(team_list(access=access, period=period)) if period else []
    return render(
        request,
        "appraisal/team.html",
        {
            "period": period,
            "periods": selectors.period_list().exclude(kind=PeriodKind.ANNUAL).order_by("-start_date")[:12],
            "members": members,
            "predikat_labels": dict(Predikat.choices),
        },
    )


@login_required
def employee_appraisal(request, pk: int):
    """An employee's performance, and for their appraiser (or HR) the score sheet and evaluation."""
    access = access_for(request.user)
    employee = employee_get(access=access, pk=pk)
    context = _performance_context(request, employee)
    period = context["period"] or _latest_period()
    context["period"] = period
    # A closed period is read-only except for an administrator (who gives a reason).
    writable = can_write_scores(access, employee) and period is not None and (not period.is_closed or access.is_admin)
    context["writable"] = writable
    if writable:
        indicators, initial = score_sheet_get(employee=employee, period=period)
        year_period = annual_period(year=period.year)
        sheet = ScoreSheet(
            request.POST if request.POST.get("action") == "scores" else None,
            initial=initial,
            form_kwargs={"indicators": indicators},
            prefix="scores",
        )
        evaluation_form = EvaluationForm(
            request.POST if request.POST.get("action") == "evaluation" else None,
            initial=_evaluation_initial(context["evaluation"]),
        )
        reason_form = ReasonForm(request.POST or None)
        if request.method == "POST":
            response = _save(request, employee, period, year_period, sheet, evaluation_form, reason_form)
            if response is not None:
                return response
        context.update(
            {"sheet": sheet, "evaluation_form": evaluation_form, "reason_form": reason_form, "year_period": year_period}
        )
    return render(request, "appraisal/employee_appraisal.html", context)


def _evaluation_initial(evaluation) -> dict:
    if evaluation is None:
        return {}
    initial = {f"behaviour_{b.value}": b.rating for b in evaluation.behaviour_ratings.all()}
    initial.update(
        {"result_override": evaluation.result_rating_override, "override_reason": evaluation.override_reason}
    )
    return initial


def _save(request, employee, period, year_period, sheet, evaluation_form, reason_form):
    reason = reason_form.data.get("reason", "") if reason_form.is_bound else ""
    try:
        if request.POST.get("action") == "scores" and sheet.is_valid():
            rows = [form.cleaned_data for form in sheet if form.cleaned_data and not form.is_blank]
            services.score_sheet_save(actor=request.user, employee=employee, period=period, rows=rows, reason=reason)
            messages.success(request, _("Scores saved for %(period)s.") % {"period": period})
            return redirect(f"{request.path}?period={period.pk}")
        if request.POST.get("action") == "evaluation" and evaluation_form.is_valid() and year_period is not None:
            data = evaluation_form.cleaned_data
            evaluation = services.evaluation_save(
                actor=request.user,
                employee=employee,
                period=year_period,
                behaviour=evaluation_form.behaviour(),
                result_override=data["result_override"],
                override_reason=data["override_reason"],
                reason=data["reason"],
            )
            messages.success(
                request, _("Evaluation saved: predikat %(predikat)s.") % {"predikat": evaluation.get_predikat_display()}
            )
            return redirect(f"{request.path}?period={period.pk}")
    except ValidationError as exc:
        target = evaluation_form if request.POST.get("action") == "evaluation" else None
        for messages_ in exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages]:
            for message in messages_:
                if target is not None:
                    target.add_error(None, message)
                else:
                    messages.error(request, message)
    return None


@login_required
def overview(request):
    access = access_for(request.user)
    if not (access.sees_all_employees or access.is_coordinator):
        raise PermissionDenied
    quarters = selectors.period_list().filter(kind=PeriodKind.QUARTERLY).order_by("-start_date")
    period = _chosen_period(request, quarters.first)
    context = {"period": period, "periods": quarters[:12], "distributions": [], "weakest": [], "ikm": []}
    if period is not None:
        year_period = annual_period(year=period.year)
        distributions = selectors.predikat_distribution_list(access=access, period=year_period) if year_period else []
        for distribution in distributions:
            distribution.bar = bar_shares(
                counts={Predikat(key).label: n for key, n in distribution.counts.items()},
                colours={Predikat(key).label: colour for key, colour in PREDIKAT_COLOURS.items()},
            )
        context.update(
            {
                "year_period": year_period,
                "distributions": distributions,
                "weakest": selectors.org_unit_gap_summary(access=access, unit=None, period=period)[:15],
                "ikm": selectors.ikm_results_for_period(period=period),
                "overdue": selectors.follow_up_list(access=access).filter(overdue_q())[:50],
                "predikat_labels": Predikat.choices,
                "predikat_colours": PREDIKAT_COLOURS,
            }
        )
    return render(request, "appraisal/overview.html", context)


@login_required
def ikm_surveys(request):
    """IKM surveys: results for everyone; creating, opening and applying for those who manage the unit."""
    access = access_for(request.user)
    manageable = org_unit_choices(access=access) if (access.sees_all_employees or access.is_coordinator) else None
    form = None
    if manageable is not None:
        form = IkmSurveyForm(
            request.POST if request.POST.get("action") == "create" else None,
            units=manageable,
            periods=selectors.period_list().filter(status=PeriodStatus.OPEN),
        )
    if request.method == "POST":
        try:
            response = _ikm_action(request, form)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            return response
    # One period at a time (the newest with surveys by default): a regency has hundreds of surveys.
    periods = selectors.period_list().filter(ikm_surveys__isnull=False).distinct().order_by("-start_date")
    period = _chosen_period(request, periods.first)
    surveys = list(selectors.ikm_survey_list().filter(period=period)) if period else []
    results = selectors.ikm_result_list(surveys=surveys)
    rows = [(survey, results[survey.pk], can_manage_ikm(access, survey.org_unit)) for survey in surveys]
    return render(
        request, "appraisal/ikm_surveys.html", {"rows": rows, "form": form, "period": period, "periods": periods}
    )


def _ikm_action(request, form):
    action = request.POST.get("action")
    if action == "create":
        if form is None:
            raise PermissionDenied
        if not form.is_valid():
            raise ValidationError([str(e) for errors in form.errors.values() for e in errors])
        survey = services.ikm_survey_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Survey created: share its link or print its poster."))
        return redirect(f"{reverse('ikm-surveys')}?period={survey.period_id}")
    survey = selectors.ikm_survey_get(pk=request.POST.get("survey"))
    back = redirect(f"{reverse('ikm-surveys')}?period={survey.period_id}")
    if action == "apply":
        changed = services.ikm_survey_apply(actor=request.user, survey=survey)
        messages.success(request, _("%(n)d community-satisfaction scores updated.") % {"n": changed})
    elif action in ("open", "close"):
        services.ikm_survey_update(actor=request.user, survey=survey, is_open=action == "open")
    return back


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    return redirect(target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else fallback)


@login_required
@require_POST
def score_evidence(request, pk: int):
    """The ASN (or the appraiser) adds a link or a file as evidence for one score."""
    access = access_for(request.user)
    score = selectors.score_get(access=access, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError([str(e) for errors in form.errors.values() for e in errors])
        services.score_attach_evidence(actor=request.user, score=score, **form.cleaned_data)
        messages.success(request, _("Evidence added."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return _back(request, reverse("my-performance"))


@login_required
@require_GET
def score_evidence_file(request, pk: int):
    """A score's evidence file, only to those who see the score (never a public /media/ link)."""
    score = selectors.score_get(access=access_for(request.user), pk=pk)
    return stored_file_response(score.evidence_file)


@login_required
@require_POST
def follow_up_add(request, pk: int):
    """The appraiser (or HR) plans a follow-up for an employee; they own it."""
    access = access_for(request.user)
    employee = employee_get(access=access, pk=pk)
    form = FollowUpForm(request.POST)
    owner = employee_for_user(user=request.user)
    try:
        if not form.is_valid() or owner is None:
            raise ValidationError([str(e) for errors in form.errors.values() for e in errors] or [_("No owner.")])
        services.follow_up_create(actor=request.user, employee=employee, owner=owner, **form.cleaned_data)
        messages.success(request, _("Follow-up planned."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return _back(request, reverse("employee-appraisal", args=[employee.pk]))


@login_required
@require_POST
def follow_up_status(request, pk: int):
    follow_up = selectors.follow_up_get(access=access_for(request.user), pk=pk)
    try:
        services.follow_up_update(actor=request.user, follow_up=follow_up, status=request.POST.get("status", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return _back(request, reverse("my-performance"))


@login_required
def periods(request):
    """HR opens appraisal periods and closes them when the appraisal is done."""
    access = access_for(request.user)
    if not can_manage_reference(access):
        raise PermissionDenied
    form = PeriodForm(request.POST if request.POST.get("action") == "create" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "create":
                if not form.is_valid():
                    raise ValidationError([str(e) for errors in form.errors.values() for e in errors])
                services.period_create(actor=request.user, **form.cleaned_data)
            elif request.POST.get("action") == "close":
                services.period_close(actor=request.user, period=selectors.period_get(pk=request.POST.get("period")))
            elif request.POST.get("action") == "reopen":
                services.period_reopen(
                    actor=request.user,
                    period=selectors.period_get(pk=request.POST.get("period")),
                    reason=request.POST.get("reason", ""),
                )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Saved."))
            return redirect("appraisal-periods")
    return render(request, "appraisal/periods.html", {"form": form, "periods": selectors.period_list()})
