"""Every change to people, units and roles; each writes its history row."""

from backend.people.services.employees import EmployeeRow, employee_bulk_create, employee_create, employee_update
from backend.people.services.fields import EMPLOYEE_FIELDS, ORG_UNIT_FIELDS, POSITION_FIELDS
from backend.people.services.org_units import OrgUnitRow, org_unit_bulk_create, org_unit_create, org_unit_update
from backend.people.services.positions import position_bulk_create, position_create, position_update
from backend.people.services.roles import (
    login_records_prune,
    role_assignment_notify,
    role_grant,
    role_revoke,
    user_create,
)

__all__ = [
    "EMPLOYEE_FIELDS",
    "ORG_UNIT_FIELDS",
    "POSITION_FIELDS",
    "EmployeeRow",
    "OrgUnitRow",
    "employee_bulk_create",
    "employee_create",
    "employee_update",
    "login_records_prune",
    "org_unit_bulk_create",
    "org_unit_create",
    "org_unit_update",
    "position_bulk_create",
    "position_create",
    "position_update",
    "role_assignment_notify",
    "role_grant",
    "role_revoke",
    "user_create",
]
