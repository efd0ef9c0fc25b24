"""Who may see and change whom: the one place every page and endpoint asks.

An ``Access`` is computed once per request (two queries) and cached on the
user object. Rules (DESIGN.md, "Object-level permissions everywhere"):

- every ASN sees their own record;
- a supervisor also sees their direct subordinates;
- a training coordinator sees the employees of their unit's subtree; a
  coordinator of the competency-development agency (BKPSDM) sees everyone;
- an HR analyst reads everyone, and with administrators maintains the records.

Objects outside a user's scope are answered with 404, never 403, so that
their existence does not leak.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from backend.people.choices import Role
from backend.people.models import Employee, OrgUnit, RoleAssignment

_CACHE_ATTR = "_bangkom_access"


@dataclass(frozen=True)
class Access:
    user_id: int | None
    employee_id: int | None = None
    employee_unit_id: int | None = None
    has_subordinates: bool = False
    roles: frozenset[str] = frozenset()
    # Root paths of the subtrees a coordinator manages.
    coordinated_paths: tuple[str, ...] = ()
    coordinated_unit_ids: tuple[int, ...] = ()
    coordinates_all: bool = False
    is_superuser: bool = False

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or Role.ADMINISTRATOR in self.roles

    @property
    def is_hr(self) -> bool:
        return Role.HR_ANALYST in self.roles

    @property
    def is_coordinator(self) -> bool:
        return Role.COORDINATOR in self.roles

    @property
    def is_supervisor(self) -> bool:
        return self.has_subordinates

    @property
    def is_asn(self) -> bool:
        return self.employee_id is not None

    @property
    def sees_all_employees(self) -> bool:
        return self.is_admin or self.is_hr or self.coordinates_all

    @property
    def can_manage_employees(self) -> bool:
        return self.is_admin or self.is_hr

    @property
    def can_manage_org_units(self) -> bool:
        return self.is_admin or self.is_hr

    @property
    def sees_others(self) -> bool:
        return self.sees_all_employees or self.is_coordinator or self.is_supervisor


ANONYMOUS = Access(user_id=None)


def access_for(user) -> Access:
    """The access of ``user``, computed once and cached on the user object."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached

    # Query 1: the user's own employee record and whether anyone reports to it.
    own = (
        Employee.objects.filter(user=user, is_active=True)
        .annotate(has_subordinates=Exists(Employee.objects.filter(supervisor=OuterRef("pk"), is_active=True)))
        .values("id", "unit_id", "has_subordinates")
        .first()
    )
    # Query 2: granted roles with their scope units.
    assignments = list(
        RoleAssignment.objects.filter(user=user).values_list(
            "role", "org_unit_id", "org_unit__path", "org_unit__is_competency_agency"
        )
    )
    roles = frozenset(role for role, *_rest in assignments)
    coordinated = [(unit_id, path, central) for role, unit_id, path, central in assignments if role == Role.COORDINATOR]
    access = Access(
        user_id=user.pk,
        employee_id=own["id"] if own else None,
        employee_unit_id=own["unit_id"] if own else None,
        has_subordinates=bool(own and own["has_subordinates"]),
        roles=roles,
        coordinated_paths=tuple(path for _id, path, _central in coordinated),
        coordinated_unit_ids=tuple(unit_id for unit_id, _path, _central in coordinated),
        coordinates_all=any(central for _id, _path, central in coordinated),
        is_superuser=user.is_superuser,
    )
    setattr(user, _CACHE_ATTR, access)
    return access


def access_forget(user) -> None:
    """Drop the cached access, e.g. after a role was granted in the same request."""
    if user is not None and hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def employee_visibility(access: Access, *, prefix: str = "") -> Q:
    """A filter selecting exactly the employees ``access`` may see.

    ``prefix`` applies it through a relation, e.g. ``prefix="employee__"`` on scores.
    """
    if access.sees_all_employees:
        # Always true, yet not an empty Q(): ``Q() | other`` would collapse to ``other``.
        return Q(**{f"{prefix}pk__isnull": False})
    visible = Q(**{f"{prefix}pk__in": []})
    if access.employee_id is not None:
        visible |= Q(**{f"{prefix}pk": access.employee_id}) | Q(**{f"{prefix}supervisor_id": access.employee_id})
    for path in access.coordinated_paths:
        visible |= Q(**{f"{prefix}unit__path__startswith": path})
    return visible


def org_unit_within_scope(access: Access, unit: OrgUnit) -> bool:
    """Whether ``unit`` lies in a subtree the user coordinates (or they see all)."""
    if access.sees_all_employees:
        return True
    return any(unit.path.startswith(path) for path in access.coordinated_paths)


def has_any_role(user) -> bool:
    """Whether ``user`` holds any role beyond ASN: one small query, none when already known."""
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return bool(cached.roles) or cached.is_superuser
    # Token authentication asks it together with the token (backend.people.auth).
    flagged = getattr(user, "_bangkom_has_role", None)
    if flagged is not None:
        return flagged or user.is_superuser
    return user.is_superuser or RoleAssignment.objects.filter(user=user).exists()
