from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from backend.appraisal.choices import FollowUpStatus
from backend.appraisal.models import (
    AppraisalRules,
    BehaviourRating,
    Evaluation,
    FollowUp,
    Indicator,
    Period,
    Score,
)
from backend.people.access import Access, employee_visibility


def _get(queryset: QuerySet, pk):
    """One object of ``queryset`` or a 404: out-of-scope objects do not exist for the caller."""
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def appraisal_rules_get() -> AppraisalRules:
    """The regency's rules; the legal defaults until an administrator saves their own."""
    return AppraisalRules.objects.order_by("pk").first() or AppraisalRules()


def period_list() -> QuerySet[Period]:
    return Period.objects.order_by("-year", "kind", "-number")


def period_get(*, pk) -> Period:
    return _get(Period.objects.all(), pk)


def indicator_list() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("org_unit", "parent").order_by("code")


def indicator_get(*, pk) -> Indicator:
    return _get(indicator_list(), pk)


def score_list(*, access: Access) -> QuerySet[Score]:
    """Scores of the employees ``access`` may see (an ASN: their own)."""
    return (
        Score.objects.filter(employee_visibility(access, prefix="employee__"))
        .select_related("employee", "indicator", "period", "appraiser")
        .order_by("-period__start_date", "employee__name", "indicator__code")
    )


def score_get(*, access: Access, pk) -> Score:
    return _get(score_list(access=access), pk)


def evaluation_list(*, access: Access) -> QuerySet[Evaluation]:
    return (
        Evaluation.objects.filter(employee_visibility(access, prefix="employee__"))
        .select_related("employee", "period", "appraiser")
        .prefetch_related(Prefetch("behaviour_ratings", queryset=BehaviourRating.objects.order_by("value")))
        .order_by("-period__start_date", "employee__name")
    )


def evaluation_get(*, access: Access, pk) -> Evaluation:
    return _get(evaluation_list(access=access), pk)


def follow_up_list(*, access: Access) -> QuerySet[FollowUp]:
    """Follow-ups of visible employees, and those the caller owns."""
    visible = employee_visibility(access, prefix="employee__")
    if access.employee_id is not None:
        visible |= Q(owner_id=access.employee_id)
    return (
        FollowUp.objects.filter(visible)
        .select_related("employee", "owner", "evaluation__period")
        .order_by("due_date", "pk")
    )


def follow_up_get(*, access: Access, pk) -> FollowUp:
    return _get(follow_up_list(access=access), pk)


def overdue_q() -> Q:
    return Q(due_date__lt=timezone.localdate(), status__in=[FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS])
