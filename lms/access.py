"""Who may do what with training, on top of the people app's visibility rules.

- The catalog (courses, venues, trainers, competencies) is regency-wide: coordinators of
  the competency agency (BKPSDM) and administrators maintain it.
- An offering belongs to an owning unit: its coordinators (a coordinator of a unit's
  subtree, or any BKPSDM coordinator) manage it, its roster, roll call and results.
- Published offerings are visible to every signed-in employee; drafts only to those who
  manage them.
- An enrollment is visible to its employee, their supervisor, whoever manages the offering,
  the coordinators whose scope holds the employee, and HR.

Objects outside a user's scope are answered with 404.
"""

from django.db.models import Q

from backend.people.access import Access, employee_visibility, has_any_role, org_unit_within_scope
from backend.people.models import OrgUnit
from lms.choices import OfferingStatus


def can_manage_catalog(access: Access) -> bool:
    return access.is_admin or access.coordinates_all


def can_manage_offerings(access: Access) -> bool:
    """Whether the user manages offerings of at least one unit (shows the coordinator's pages)."""
    return access.is_admin or access.is_coordinator


def can_manage_unit_offerings(access: Access, unit: OrgUnit) -> bool:
    if access.is_admin:
        return True
    return access.is_coordinator and org_unit_within_scope(access, unit)


def can_manage_offering(access: Access, offering) -> bool:
    return can_manage_unit_offerings(access, offering.owner_unit)


def offerings_managed(access: Access, *, prefix: str = "") -> Q:
    """A filter on ``Offering`` (or through ``prefix``) for the offerings ``access`` manages."""
    if access.is_admin or access.coordinates_all:
        return Q(**{f"{prefix}pk__isnull": False})
    managed = Q(**{f"{prefix}pk__in": []})
    if access.is_coordinator:
        for path in access.coordinated_paths:
            managed |= Q(**{f"{prefix}owner_unit__path__startswith": path})
    return managed


def offerings_visible(access: Access, *, prefix: str = "") -> Q:
    """Everything but drafts for every signed-in user; drafts for those who manage them."""
    if access.user_id is None:
        return Q(**{f"{prefix}pk__in": []})
    if access.is_hr:
        return Q(**{f"{prefix}pk__isnull": False})
    return ~Q(**{f"{prefix}status": OfferingStatus.DRAFT}) | offerings_managed(access, prefix=prefix)


def enrollments_visible(access: Access, *, prefix: str = "") -> Q:
    """A filter on ``Enrollment`` for the rows ``access`` may read."""
    if access.user_id is None:
        return Q(**{f"{prefix}pk__in": []})
    return employee_visibility(access, prefix=f"{prefix}employee__") | offerings_managed(
        access, prefix=f"{prefix}offering__"
    )


def can_approve_enrollment(access: Access, enrollment) -> bool:
    """The employee's supervisor, or whoever manages the offering."""
    if can_manage_offering(access, enrollment.offering):
        return True
    return access.employee_id is not None and enrollment.employee.supervisor_id == access.employee_id


def can_review_activities(access: Access) -> bool:
    """External JP claims are verified by coordinators (for their scope) and HR."""
    return access.is_admin or access.is_hr or access.is_coordinator


def sees_common_catalog(user) -> bool:
    """Whether ``user`` sees the catalog every ASN sees: no drafts, no inactive courses.

    Only roles widen it (coordinators and administrators see drafts, HR everything), so a
    cached catalog is served after one small query instead of the user's whole ``Access``.
    """
    return user is not None and user.is_authenticated and not has_any_role(user)


def require_offering_manager(access: Access, offering) -> None:
    """403 for someone who manages no offerings; 404 for a coordinator of another unit (no leak)."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    if can_manage_offering(access, offering):
        return
    if can_manage_offerings(access):
        raise Http404
    raise PermissionDenied
