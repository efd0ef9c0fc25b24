"""Who may do what in the appraisal, on top of the people app's visibility rules."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from backend.people.access import Access, org_unit_within_scope
from backend.people.models import Employee, OrgUnit


def can_write_scores(access: Access, employee: Employee) -> bool:
    """HR and administrators, and the employee's supervisor (the appraiser)."""
    if access.is_admin or access.is_hr:
        return True
    return access.employee_id is not None and employee.supervisor_id == access.employee_id


def scores_writable(access: Access) -> Q:
    """A filter on ``Employee`` for the people whose scores ``access`` may write."""
    if access.is_admin or access.is_hr:
        return Q()
    if access.employee_id is None:
        return Q(pk__in=[])
    return Q(supervisor_id=access.employee_id)


def can_attach_evidence(access: Access, employee: Employee) -> bool:
    return employee.pk == access.employee_id or can_write_scores(access, employee)


def can_manage_reference(access: Access) -> bool:
    """Periods, indicators, organisational ratings: HR and administrators."""
    return access.is_admin or access.is_hr


def can_manage_ikm(access: Access, unit: OrgUnit) -> bool:
    return access.is_admin or access.is_hr or (access.is_coordinator and org_unit_within_scope(access, unit))


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not do this."))
