import os
import textwrap

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from backend.people.demo.seed import DEMO_USERNAMES
from backend.people.models import Employee, OrgUnit, RoleAssignment


def _roles(user, assignments) -> str:
    labels = [_("superuser")] if user.is_superuser else []
    for assignment in assignments:
        label = assignment.get_role_display()
        if assignment.org_unit_id:
            label = f"{label} ({assignment.org_unit.name})"
        labels.append(label)
    return ", ".join(labels) or _("ASN")


# Long OPD names would make the table wider than a terminal: cells wrap at these widths.
MAX_WIDTHS = (20, 32, 40, 48)


def _table(rows) -> list[str]:
    wrapped = [
        [textwrap.wrap(cell, width) or [""] for cell, width in zip(row, MAX_WIDTHS, strict=True)] for row in rows
    ]
    widths = [max(len(line) for row in wrapped for line in row[i]) for i in range(len(MAX_WIDTHS))]
    lines = []
    for index, row in enumerate(wrapped):
        if index > 1:
            lines.append("")
        for n in range(max(len(cell) for cell in row)):
            cells = [cell[n] if n < len(cell) else "" for cell in row]
            lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    return lines


def _unit_label(unit, opds) -> str:
    opd = opds.get(unit.opd_id)
    return unit.name if opd is None or opd.pk == unit.pk else f"{unit.name}, {opd.name}"


class Command(BaseCommand):
    help = "List the demo logins with their roles, employee record and password."

    def handle(self, *args, **options):
        users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_USERNAMES)}
        if not users:
            self.stdout.write(_("No demo logins found. Load the demo data with `python manage.py seed_demo`."))
            return
        employees = {
            e.user_id: e for e in Employee.objects.filter(user__in=users.values()).select_related("unit", "position")
        }
        # "Sekretariat" alone says little: name the OPD of every sub-unit.
        opds = OrgUnit.objects.in_bulk({e.unit.opd_id for e in employees.values()})
        assignments: dict[int, list[RoleAssignment]] = {}
        for assignment in RoleAssignment.objects.filter(user__in=users.values()).select_related("org_unit"):
            assignments.setdefault(assignment.user_id, []).append(assignment)

        rows = [(_("Username"), _("Role"), _("Employee"), _("Unit"))]
        for username in DEMO_USERNAMES:
            user = users.get(username)
            if user is None:
                continue
            employee = employees.get(user.pk)
            subordinates = employee.subordinates.filter(is_active=True).count() if employee else 0
            role = _roles(user, assignments.get(user.pk, []))
            if subordinates:
                role = _("%(roles)s; supervises %(count)d") % {"roles": role, "count": subordinates}
            rows.append(
                (
                    username,
                    role,
                    f"{employee.display_name} — {employee.position.name}" if employee else "—",
                    _unit_label(employee.unit, opds) if employee else "—",
                )
            )
        # make run serves on $PORT; show the address it really uses.
        url = f"http://127.0.0.1:{os.environ.get('PORT') or 8000}/"
        self.stdout.write(_("Demo logins (%(url)s):") % {"url": url})
        for index, line in enumerate(_table(rows)):
            self.stdout.write(self.style.MIGRATE_HEADING(line) if index == 0 else line)
        self.stdout.write(_("Password for every demo login: %(password)s") % {"password": settings.DEMO_PASSWORD})
