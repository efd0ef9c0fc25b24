"""The Django admin as one family: every /admin/ URL, whatever models are registered.

What the project does (and the family test pins):

- anonymous visitors and signed-in users who are not staff are sent to the admin's login page
  from every admin URL (its login page itself is served; logging out takes a POST);
- an administrator is staff (``role_grant`` sets ``is_staff``) but not a superuser: the role
  gives every permission on Bangkom's own models (``AdministratorRoleBackend``), so their pages
  answer; Django's and the libraries' tables (users, groups, tokens, login records) refuse
  (403/404), since whoever edits users could make themselves a superuser;
- a superuser reads everything (the positive control: agency B's employee is on their page).
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests.authz.routes import Route
from tests.authz.world import World

SUPERUSER = "superuser"
# The apps whose models the Administrator role manages in the admin (AdministratorRoleBackend),
# and the personal inboxes it does not open.
ADMINISTERED_APPS = {"people", "appraisal", "lms", "certificates", "audit"}
PRIVATE_FAMILIES = {"lms.notification"}
_MODEL_PAGE = re.compile(r"^admin/(\w+)/(\w+)/")
_APP_LABELS = re.compile(r"\(\?P<app_label>([\w|]+)\)")
# Served to everyone: the form to log in (and, to the signed in, who they are).
OPEN_PAGES = {"admin:login"}
# Answered for staff without any model permission: their own account and the admin's scaffolding.
STAFF_PAGES = {"admin:index", "admin:password_change", "admin:password_change_done", "admin:jsi18n"}


def _app_label(route: Route) -> str:
    match = _MODEL_PAGE.match(route.pattern)
    return match.group(1) if match else ""


def family(route: Route) -> str:
    """``people.employee`` for a model's pages, ``site`` for the admin's own."""
    match = _MODEL_PAGE.match(route.pattern)
    return f"{match.group(1)}.{match.group(2)}" if match else "site"


def admin_url(route: Route, world: World) -> str:
    """The URL of an admin route, naming agency B's employee wherever an object is asked for."""
    victim = world["victim"]
    values = {
        "object_id": victim.pk,
        "id": world["victim_user"].pk,
        "content_type_id": ContentType.objects.get_for_model(victim).pk,
        "app_label": "people",
        "url": "no-such-page/",
    }
    if route.name is not None:
        kwargs = {param: values[param] for param in route.params}
        return reverse(route.name, kwargs=kwargs)
    path = route.pattern
    path = _APP_LABELS.sub("people", path)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), path)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), path)
    return "/" + path.replace("^", "").replace("$", "")


_WRITES = re.compile(r"_(add|change|delete)$")


def methods(route: Route) -> tuple[str, ...]:
    """GET everywhere; POST too where a model's form changes data (add, change, delete)."""
    writes = route.name and family(route) != "site" and _WRITES.search(route.name)
    return ("GET", "POST") if writes else ("GET",)


def judge(route: Route, role: str, method: str, response) -> str | None:
    """What is wrong with the admin's answer to ``role``, or None."""
    from tests.authz.world import ADMIN, SIGNED_IN

    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if role == SUPERUSER:
        return None
    if role == ADMIN:
        if route.name in STAFF_PAGES and method == "GET":
            return None if status == 200 else f"staff page answered {status}"
        private = family(route) in PRIVATE_FAMILIES
        if route.name == "admin:app_list" or (_app_label(route) in ADMINISTERED_APPS and not private):
            # Their own models: the lists answer; other pages answer, or refuse what the model's admin
            # refuses everyone (deleting history-bearing rows, say).
            if route.name and route.name.endswith("_changelist") and method == "GET":
                return None if status == 200 else f"an administrator's own model list answered {status}"
            if status in (200, 302, 403, 404, 405):
                return None
            return f"an administrator got {status} on their own model's page"
        # Other tables: refused, or sent back within the admin.
        if status in (403, 404, 405) or (status == 302 and response["Location"].startswith("/admin/")):
            return None
        return f"an administrator reached {status} outside Bangkom's models"
    assert role in SIGNED_IN or role == "anon"
    if route.name == "admin:login":
        return None if status == 200 else f"login page answered {status}"
    if route.name == "admin:logout":
        return None if status in (302, 405) else f"logout answered {status}"
    if status == 302 and response["Location"].startswith(reverse("admin:login")):
        return None
    return f"not sent to the admin's login: {status}"
