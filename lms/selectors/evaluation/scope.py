"""When the reaction survey is open, whose survey it is, and who reads the evaluation reports."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from backend.common.db import subquery_count
from backend.people.access import Access
from lms.access import offerings_managed
from lms.choices import SEAT_STATUSES, OfferingStatus
from lms.models import Course, Enrollment, Offering, ReactionReceipt, ReactionResponse, Session, Trainer

# Offerings whose survey may have answers: the report lists these.
EVALUATED_STATUSES = (OfferingStatus.RUNNING, OfferingStatus.FINISHED)


# --- When the survey is open -------------------------------------------------------


def _sessions_ahead(now: datetime.datetime) -> QuerySet[Session]:
    today = now.date()
    return Session.objects.filter(offering=OuterRef("pk")).filter(
        Q(date__gt=today) | Q(date=today, ends_at__gt=now.time())
    )


def reaction_open_filter(*, now: datetime.datetime | None = None, prefix: str = "") -> Q:
    """Offerings whose survey is open: finished, or running with every session (and the end date) behind."""
    now = timezone.localtime() if now is None else now
    ended = Offering.objects.filter(
        pk=OuterRef(f"{prefix}pk" if prefix else "pk"),
        status=OfferingStatus.RUNNING,
        end_date__lte=now.date(),
    ).filter(~Exists(_sessions_ahead(now)))
    finished = Q(**{f"{prefix}status": OfferingStatus.FINISHED})
    return finished | Q(Exists(ended))


def offering_reaction_open(offering: Offering, *, now: datetime.datetime | None = None) -> bool:
    return Offering.objects.filter(reaction_open_filter(now=now), pk=offering.pk).exists()


def reaction_trainers(*, offering: Offering) -> list[Trainer]:
    """The trainers of the offering's sessions, each once, by name: each is rated on the trainer items."""
    taught = Session.objects.filter(offering=offering, trainer=OuterRef("pk"))
    return list(Trainer.objects.filter(Exists(taught)).order_by("name", "pk"))


# --- The participant's side ---------------------------------------------------------


def _answered() -> Exists:
    return Exists(ReactionReceipt.objects.filter(enrollment=OuterRef("pk")))


def reaction_pending_list(*, employee) -> QuerySet[Enrollment]:
    """The employee's seats in offerings whose survey is open and not yet answered, latest first."""
    return (
        Enrollment.objects.filter(employee_id=employee.pk, status__in=SEAT_STATUSES)
        .filter(reaction_open_filter(prefix="offering__"))
        .filter(~_answered())
        .select_related("offering__course")
        .order_by("-offering__end_date", "pk")
    )


@dataclass(frozen=True)
class ReactionForm:
    enrollment: Enrollment
    trainers: list[Trainer]
    answered: bool
    is_open: bool
    holds_seat: bool

    @property
    def can_answer(self) -> bool:
        return self.is_open and self.holds_seat and not self.answered


def reaction_enrollment_get(*, access: Access, pk) -> Enrollment:
    """The caller's own enrollment (anyone else's is a 404: a survey is filled by the participant)."""
    if access.employee_id is None:
        raise Http404
    try:
        return (
            Enrollment.objects.select_related("offering__course", "employee")
            .annotate(answered=_answered())
            .get(pk=pk, employee_id=access.employee_id)
        )
    except (Enrollment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def reaction_form_get(*, access: Access, pk) -> ReactionForm:
    """What the survey page needs: the enrollment, whom to rate, and whether it may be answered now."""
    enrollment = reaction_enrollment_get(access=access, pk=pk)
    return ReactionForm(
        enrollment=enrollment,
        trainers=reaction_trainers(offering=enrollment.offering),
        answered=enrollment.answered,
        is_open=offering_reaction_open(enrollment.offering),
        holds_seat=enrollment.status in SEAT_STATUSES,
    )


# --- Who reads the reports ---------------------------------------------------------


def can_see_evaluations(access: Access) -> bool:
    """Coordinators (for the offerings they manage), HR and administrators read evaluation reports."""
    return access.is_admin or access.is_hr or access.is_coordinator


def _evaluation_scope(access: Access) -> Q:
    if access.is_admin or access.is_hr:
        return Q(pk__isnull=False)
    return offerings_managed(access)


def evaluation_offering_list(*, access: Access) -> QuerySet[Offering]:
    """Running and finished offerings whose evaluation ``access`` reads, newest first, with the
    number of answers and of seat holders (subqueries: a page costs the same whatever its size)."""
    if not can_see_evaluations(access):
        return Offering.objects.none()
    return with_reaction_counts(
        Offering.objects.filter(_evaluation_scope(access), status__in=EVALUATED_STATUSES)
        .select_related("course")
        .order_by("-end_date", "code")
    )


def with_reaction_counts(offerings: QuerySet[Offering]) -> QuerySet[Offering]:
    return offerings.annotate(
        reaction_responses=subquery_count(
            ReactionResponse.objects.filter(offering=OuterRef("pk")), outer_field="offering"
        ),
        reaction_eligible=subquery_count(
            Enrollment.objects.filter(offering=OuterRef("pk"), status__in=SEAT_STATUSES), outer_field="offering"
        ),
    )


def evaluation_offering_get(*, access: Access, pk) -> Offering:
    """An offering whose evaluation ``access`` reads (any status): a wrong role is 403, another agency's 404."""
    if not can_see_evaluations(access):
        raise PermissionDenied
    try:
        return with_reaction_counts(
            Offering.objects.filter(_evaluation_scope(access)).select_related("course", "owner_unit")
        ).get(pk=pk)
    except (Offering.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def evaluation_course_get(*, pk) -> Course:
    try:
        return Course.objects.get(pk=pk)
    except (Course.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
