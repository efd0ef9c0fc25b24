"""The authorization matrix (issue 7): every route × every role × another agency's or person's data.

Routes are read from the URLconf (tests/authz/routes.py) and each is classified in one registry
(tests/authz/registry.py): a route nobody classified fails ``test_every_route_is_classified``
naming it, with what to add. For every classified route, each role (and an anonymous visitor)
is sent each method the route answers, against the objects of agency B (Dinkes) and of
people the role may not read (tests/authz/world.py). A case fails when

- a role outside the route's gate or reach is not refused (403/404), or anonymous is not sent
  to log in;
- a response (or, after a form's redirect, the page it leads to) shows a marker of data the role
  may not read: agency B's, the ASN's colleague's, the victim's own notification;
- a file is linked by its /media/ address instead of a view that checks who asks;
- a refused write changed any row of agency B's data or the route's object;
- a role inside the reach cannot see the marker: the positive control that the markers are real.

The Django admin is tested as one family (``test_admin``, tests/authz/admin_family.py).
See tests/authz/rules.py for how to read a rule.
"""

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.views.static import serve as static_serve

from tests.authz import admin_family, checks
from tests.authz.registry import stale, unclassified, variants
from tests.authz.routes import UNSAFE, all_routes
from tests.authz.rules import Rule
from tests.authz.world import ANON, ASN, COORD_A, ROLES, build_world, secrets_for

pytestmark = pytest.mark.django_db

ROUTES = {route.key: route for route in all_routes()}
# The format-suffix twin of an API route (``/api/v1/scores/7.json``) is read by the roles most
# likely to slip through: an ASN and the other agency's coordinator.
FORMAT_ROLES = (ASN, COORD_A)


def _cases():
    for route in ROUTES.values():
        if route.is_admin:
            continue
        for index, rule in enumerate(variants(route)):
            name = route.key + (f"[{rule.label}]" if rule.label else "")
            for method in route.api_methods or rule.methods:
                for role in ROLES:
                    yield pytest.param(route.key, index, method, role, False, id=f"{name}-{method}-{role}")
                if route.format_suffix and method == "GET":
                    for role in FORMAT_ROLES:
                        yield pytest.param(route.key, index, method, role, True, id=f"{name}.json-{method}-{role}")


CASES = list(_cases())
NO_TARGET = Rule()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction that is rolled back at its end."""
    media = tmp_path_factory.mktemp("authz-media")
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=hashers):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_world()
            built.media_root = media
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, world):
    # The world's files (evidence, certificate PDFs) live in the module's media folder.
    settings.MEDIA_ROOT = world.media_root


def test_every_route_is_classified():
    missing = unclassified(list(ROUTES.values()))
    assert not missing, "\n".join(missing)


def test_the_registry_names_only_existing_routes():
    gone = stale(list(ROUTES.values()))
    assert not gone, f"Registry entries for routes that no longer exist (renamed?): {gone}"


def test_no_route_serves_media_files_by_path():
    """Evidence and certificates are personal: only views that check who asks hand them out.

    ``django.views.static.serve`` on MEDIA_ROOT (the DEBUG idiom) would give them to anyone who
    knows or guesses a path, with no login.
    """
    serving = [route.key for route in ROUTES.values() if route.callback is static_serve]
    assert not serving, f"Routes serving files by path: {serving}"


@pytest.mark.parametrize(("key", "index", "method", "role", "fmt"), CASES)
def test_route(key, index, method, role, fmt, world, client):
    route = ROUTES[key]
    rule = variants(route)[index]
    if role != ANON:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    before = checks.fingerprint(world, rule) if method in UNSAFE else None
    response = checks.send(client, route, rule, world, method, fmt=fmt)
    text = checks.response_text(response)
    problems = checks.judge(route, rule, world, role, method, response, text)
    if method in UNSAFE and role != ANON and response.status_code == 302 and response["Location"].startswith("/"):
        # A form's outcome is told on the page it redirects to (messages): it must not name agency B either.
        landing = checks.response_text(client.get(response["Location"]))
        leaked = checks.found(landing, checks.secrets(role, rule))
        if leaked:
            problems.append(f"the page after the redirect shows agency B's {', '.join(leaked)} to {role}")
    if before is not None and role not in rule.changers(method):
        after = checks.fingerprint(world, rule)
        changed = sorted(name for name in before if before[name] != after[name])
        if changed:
            problems.append(f"{role}'s {method} changed agency B's {', '.join(changed)}")
    assert not problems, f"{key} {method} as {role}: " + "; ".join(problems)


ADMIN_ROUTES = [route for route in ROUTES.values() if route.is_admin]


@pytest.mark.parametrize("role", [*ROLES, admin_family.SUPERUSER])
@pytest.mark.parametrize("name", sorted({admin_family.family(route) for route in ADMIN_ROUTES}))
def test_admin(name, role, world, client):
    """The Django admin, one family per model: see tests/authz/admin_family.py for what it pins."""
    if role != ANON:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    problems = []
    for route in (route for route in ADMIN_ROUTES if admin_family.family(route) == name):
        url = admin_family.admin_url(route, world)
        for method in admin_family.methods(route):
            before = checks.fingerprint(world, NO_TARGET) if method == "POST" else None
            response = client.generic(method, url)
            text = checks.response_text(response)
            problem = admin_family.judge(route, role, method, response)
            if problem:
                problems.append(f"{method} {url}: {problem}")
            if role != admin_family.SUPERUSER:
                leaked = checks.found(text, secrets_for(role))
                if leaked:
                    problems.append(f"{method} {url}: shows {', '.join(leaked)}")
                if before is not None and before != checks.fingerprint(world, NO_TARGET):
                    problems.append(f"{method} {url}: changed agency B's data")
    if name == "people.employee" and role == admin_family.SUPERUSER:
        page = client.get(reverse("admin:people_employee_change", args=[world.pk("victim")]))
        if not checks.found(checks.response_text(page), ["victim_nip"]):
            problems.append("the superuser does not see agency B's employee: is the marker real?")
    assert not problems, f"admin {name} as {role}:\n" + "\n".join(problems)
