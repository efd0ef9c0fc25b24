"""The one way an enrollment changes status: the row and its history move together."""

from django.utils import timezone

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
    return enrollment
