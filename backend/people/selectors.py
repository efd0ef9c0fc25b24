from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from backend.common.db import subquery_count
from backend.people.access import Access, employee_visibility
from backend.people.models import Employee, OrgUnit, Position, RoleAssignment


def _employee_base() -> QuerySet[Employee]:
    return Employee.objects.select_related("position", "unit", "supervisor")


def employee_list(*, access: Access, filters: dict | None = None) -> QuerySet[Employee]:
    """Employees ``access`` may see, joined with what a list shows.

    ``filters`` keys: ``unit`` (an OrgUnit: its whole subtree), ``employment_type``,
    ``grade``, ``position_kind``, ``search`` (name or NIP), ``include_inactive``.
    """
    filters = filters or {}
    qs = _employee_base().filter(employee_visibility(access))
    if not filters.get("include_inactive"):
        qs = qs.filter(is_active=True)
    if unit := filters.get("unit"):
        qs = qs.filter(unit__path__startswith=unit.path)
    if employment_type := filters.get("employment_type"):
        qs = qs.filter(employment_type=employment_type)
    if grade := filters.get("grade"):
        qs = qs.filter(grade=grade)
    if position_kind := filters.get("position_kind"):
        qs = qs.filter(position__kind=position_kind)
    if search := (filters.get("search") or "").strip():
        digits = "".join(search.split())
        condition = Q(name__icontains=search)
        if digits.isdigit():
            condition |= Q(nip__startswith=digits)
        qs = qs.filter(condition)
    return qs.order_by("name", "nip")


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


def employee_subordinate_list(*, employee: Employee) -> QuerySet[Employee]:
    return _employee_base().filter(supervisor=employee, is_active=True).order_by("name")


def employee_for_user(*, user) -> Employee | None:
    if not user.is_authenticated:
        return None
    return _employee_base().filter(user=user).first()


def org_unit_list(*, filters: dict | None = None) -> QuerySet[OrgUnit]:
    """The organisation is public inside the regency; every login may read it."""
    filters = filters or {}
    qs = OrgUnit.objects.select_related("parent").annotate(
        employee_count=subquery_count(
            Employee.objects.filter(unit=OuterRef("pk"), is_active=True), outer_field="unit"
        ),
        has_children=Exists(OrgUnit.objects.filter(parent=OuterRef("pk"))),
    )
    if within := filters.get("within"):
        qs = qs.filter(path__startswith=within.path)
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if filters.get("opd_only"):
        qs = qs.filter(parent__isnull=True)
    if search := (filters.get("search") or "").strip():
        qs = qs.filter(Q(name__icontains=search) | Q(code__icontains=search))
    return qs.order_by("path")


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
