from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from backend.common.db import subquery_count
from backend.people.access import Access, employee_visibility
from backend.people.models import Employee, OrgUnit, Position, RoleAssignment


def _employee_base() -> QuerySet[Employee]:
    return Employee.objects.select_related("position", "unit__parent", "supervisor")


def employee_list(*, access: Access) -> QuerySet[Employee]:
    """Employees ``access`` may see, joined with what a list shows.

    Narrowing (unit subtree, type, grade, search …) is ``filters.EmployeeFilter``'s job.
    """
    return _employee_base().filter(employee_visibility(access)).order_by("name", "nip")


def employee_get(*, access: Access, pk: int) -> Employee:
    """One visible employee; anything else is a 404 (existence does not leak)."""
    try:
        return (
            _employee_base()
            .select_related("user")
            .filter(employee_visibility(access))
            .annotate(subordinate_count=_subordinate_count())
            .get(pk=pk)
        )
    except (Employee.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _subordinate_count():
    return subquery_count(Employee.objects.filter(supervisor=OuterRef("pk"), is_active=True), outer_field="supervisor")


def employee_get_by_nip(*, access: Access, nip: str) -> Employee | None:
    return _employee_base().filter(employee_visibility(access)).filter(nip=nip).first()


def employee_subordinate_list(*, employee: Employee) -> QuerySet[Employee]:
    return _employee_base().filter(supervisor=employee, is_active=True).order_by("name")


def employee_for_user(*, user) -> Employee | None:
    if not user.is_authenticated:
        return None
    return _employee_base().filter(user=user).first()


def org_unit_list() -> QuerySet[OrgUnit]:
    """The organisation is public inside the regency; every login may read it."""
    return (
        OrgUnit.objects.select_related("parent")
        .annotate(
            employee_count=subquery_count(
                Employee.objects.filter(unit=OuterRef("pk"), is_active=True), outer_field="unit"
            ),
            has_children=Exists(OrgUnit.objects.filter(parent=OuterRef("pk"))),
        )
        .order_by("path")
    )


def org_unit_choices(*, access: Access) -> QuerySet[OrgUnit]:
    """Units worth offering ``access`` in a filter: all, or the subtrees they coordinate and their own unit."""
    qs = OrgUnit.objects.order_by("path")
    if access.sees_all_employees:
        return qs
    scope = Q(pk__in=[access.employee_unit_id] if access.employee_unit_id else [])
    for path in access.coordinated_paths:
        scope |= Q(path__startswith=path)
    return qs.filter(scope)


def org_unit_tree() -> list[OrgUnit]:
    """Every unit in tree order with ``employee_count`` (its own) and ``total`` (with its sub-units)."""
    units = list(org_unit_list())
    totals = dict.fromkeys((u.pk for u in units), 0)
    for unit in units:
        for ancestor in unit.path.strip("/").split("/"):
            totals[int(ancestor)] += unit.employee_count
    for unit in units:
        unit.total = totals[unit.pk]
    return units


def org_unit_get(*, pk: int) -> OrgUnit:
    try:
        return org_unit_list().get(pk=pk)
    except (OrgUnit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def org_unit_ancestors(*, unit: OrgUnit) -> list[OrgUnit]:
    ids = [int(part) for part in unit.path.strip("/").split("/")]
    by_id = OrgUnit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def position_list() -> QuerySet[Position]:
    return Position.objects.order_by("kind", "name")


def role_assignment_list(*, user) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user).select_related("org_unit").order_by("role")
