from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from backend.appraisal.access import require
from backend.appraisal.models import Period
from backend.people.access import Access, access_for

# The system (seeding, authorised imports, tasks) acts with every right.
SYSTEM = Access(user_id=None, is_superuser=True)


def actor_access(actor) -> Access:
    return SYSTEM if actor is None else access_for(actor)


def ensure_period_writable(*, actor, period: Period, reason: str = "") -> str:
    """Closed periods are read-only except for an administrator who gives a reason.

    Returns the reason to record with the change (empty for an open period).
    """
    if not period.is_closed:
        return ""
    access = actor_access(actor)
    require(access.is_admin, _("%(period)s is closed; only an administrator may change it.") % {"period": period})
    if actor is not None and not reason.strip():
        raise ValidationError({"reason": _("%(period)s is closed: give a reason for the change.") % {"period": period}})
    return reason.strip()
