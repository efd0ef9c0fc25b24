"""The one way an enrollment changes status: the row and its history move together."""

from django.db import transaction
from django.utils import timezone

from lms.cache import catalog_touch
from lms.models import Enrollment, EnrollmentTransition


def enrollment_transition(
    *, enrollment: Enrollment, to_status: str, actor, reason: str = "", extra_fields: tuple[str, ...] = ()
) -> Enrollment:
    """Move ``enrollment`` to ``to_status``, validate, save, and record who/when/from/to/why.

    Call inside the caller's ``transaction.atomic`` with the enrollment (or its offering) locked.
    ``extra_fields`` names other fields the caller changed on the instance, saved in the same write.
    """
    from_status = enrollment.status if enrollment.pk else ""
    enrollment.status = to_status
    enrollment.decided_at = timezone.now()
    enrollment.full_clean()
    if enrollment.pk:
        enrollment.save(update_fields=["status", "decided_at", "updated_at", *extra_fields])
    else:
        enrollment.save()
    EnrollmentTransition.objects.create(
        enrollment=enrollment, from_status=from_status, to_status=to_status, actor=actor, reason=reason[:500]
    )
    # Seats left and waitlists are shown in the catalog.
    transaction.on_commit(catalog_touch)
    return enrollment


def enrollment_transition_bulk(
    *, changes: list[tuple[Enrollment, str, str]], actor, extra_fields: tuple[str, ...] = ()
) -> list[Enrollment]:
    """Move many enrollments at once (e.g. a 500-person class finishing): one update, one history insert.

    ``changes`` holds (enrollment, to_status, reason). The caller has locked the rows and loaded
    their related objects; each row is validated field by field here and the database checks
    every constraint on write.
    """
    now = timezone.now()
    history = []
    for enrollment, to_status, reason in changes:
        history.append(
            EnrollmentTransition(
                enrollment=enrollment,
                from_status=enrollment.status,
                to_status=to_status,
                actor=actor,
                reason=reason[:500],
            )
        )
        enrollment.status, enrollment.decided_at, enrollment.updated_at = to_status, now, now
        enrollment.full_clean(exclude=["offering", "employee"], validate_unique=False, validate_constraints=False)
    enrollments = [enrollment for enrollment, _to, _reason in changes]
    Enrollment.objects.bulk_update(enrollments, ["status", "decided_at", "updated_at", *extra_fields], batch_size=1000)
    EnrollmentTransition.objects.bulk_create(history, batch_size=1000)
    transaction.on_commit(catalog_touch)
    return enrollments
