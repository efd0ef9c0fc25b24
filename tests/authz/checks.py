"""Sending one case of the matrix and judging its response."""

import io
import json
import re
import zipfile

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.urls import reverse

from backend.appraisal.models import BehaviourRating, Evaluation, FollowUp, IkmResponse, IkmSurvey, Indicator, Score
from backend.people.models import Employee, OrgUnit
from certificates.models import Certificate
from lms.models import (
    Attendance,
    Budget,
    BudgetCommitment,
    BudgetRevision,
    Enrollment,
    ExternalActivity,
    JpLedgerEntry,
    Notification,
    Offering,
    OfferingCost,
    ReactionResponse,
    Session,
    Suggestion,
)
from tests.authz.routes import UNSAFE, Route
from tests.authz.rules import LOGIN, Rule
from tests.authz.world import ANON, MARKERS, World, secrets_for

XLSX = "spreadsheetml"
_REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_PATH_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def url_of(route: Route, rule: Rule, world: World, *, fmt: bool = False) -> str:
    if rule.kwargs is not None:
        kwargs = rule.kwargs(world)
    elif route.params:
        (param,) = route.params
        kwargs = {param: world.pk(rule.target)}
    else:
        kwargs = {}
    if route.name is not None:
        return reverse(route.name, kwargs={**kwargs, **({"format": "json"} if fmt else {})})
    # An unnamed pattern (favicon, the DEBUG media route): fill its parameters in place.
    path = _REGEX_GROUP.sub(lambda m: str(kwargs[m.group(1)]), route.pattern.lstrip("^").rstrip("$"))
    return "/" + _PATH_PARAM.sub(lambda m: str(kwargs[m.group(1)]), path)


def send(client, route: Route, rule: Rule, world: World, method: str, *, fmt: bool = False):
    url = url_of(route, rule, world, fmt=fmt)
    query = rule.query(world) if rule.query else {}
    body = rule.body(world) if (rule.body and method in UNSAFE) else {}
    extra = {"HTTP_ACCEPT": "application/json"} if route.is_api else {}
    if query and method in UNSAFE:
        url = f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}"
        query = {}
    call = getattr(client, method.lower())
    if method == "GET":
        return call(url, query, **extra)
    if route.is_api and rule.json:
        return call(url, json.dumps(body), content_type="application/json", **extra)
    if method == "POST":
        return call(url, body, **extra)
    return call(url, json.dumps(body), content_type="application/json", **extra)


def response_text(response) -> str:
    """Everything a client reads: headers that carry data, the body, and inside workbooks and ZIPs."""
    # Reading a stream to its end closes it as a WSGI server would (the test client's wrapper); a
    # second close() would fire request_finished and close PostgreSQL's connection mid-test.
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    parts = [response.get("Location", ""), response.get("Content-Disposition", "")]
    if XLSX in kind:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(content), read_only=True)
        for sheet in workbook.worksheets:
            parts.extend(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None)
    elif "zip" in kind:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for name in archive.namelist():
                parts.extend([name, archive.read(name).decode("latin-1")])
    else:
        parts.append(content.decode("utf-8", "replace"))
    return "\n".join(parts)


def found(text: str, names) -> list[str]:
    """The marker names of which some string occurs in ``text``."""
    return [name for name in names if any(marker in text for marker in MARKERS[name])]


def secrets(role: str, rule: Rule) -> list[str]:
    return [name for name in secrets_for(role) if name not in rule.allows]


def fingerprint(world: World, rule: Rule) -> dict:
    """Every row of agency B's data (and the route's target), to compare before and after a write.

    The queries are compiled once per target and then run as SQL: a thousand cases compare them.
    """
    key = rule.target
    if key not in world.fingerprint_sql:
        world.fingerprint_sql[key] = [
            (name, *queryset.order_by("pk").values_list().query.sql_with_params())
            for name, queryset in _b_data(world, rule).items()
        ]
    with connection.cursor() as cursor:
        rows = {}
        for name, sql, params in world.fingerprint_sql[key]:
            cursor.execute(sql, params)
            rows[name] = cursor.fetchall()
    return rows


def _b_data(world: World, rule: Rule) -> dict:
    victim = world["victim"]
    b_path = world["dinkes"].path
    querysets = {
        "units": OrgUnit.objects.filter(path__startswith=b_path),
        "employee": Employee.objects.filter(pk=victim.pk),
        "indicators": Indicator.objects.filter(org_unit__path__startswith=b_path),
        "scores": Score.objects.filter(employee=victim),
        "evaluations": Evaluation.objects.filter(employee=victim),
        "behaviour": BehaviourRating.objects.filter(evaluation__employee=victim),
        "follow_ups": FollowUp.objects.filter(employee=victim),
        "ikm": IkmSurvey.objects.filter(org_unit__path__startswith=b_path),
        "ikm_responses": IkmResponse.objects.filter(survey__org_unit__path__startswith=b_path),
        "offerings": Offering.objects.filter(owner_unit__path__startswith=b_path),
        "sessions": Session.objects.filter(offering__owner_unit__path__startswith=b_path),
        "enrollments": Enrollment.objects.filter(Q(employee=victim) | Q(offering__owner_unit__path__startswith=b_path)),
        "attendance": Attendance.objects.filter(
            Q(enrollment__employee=victim) | Q(session__offering__owner_unit__path__startswith=b_path)
        ),
        "activities": ExternalActivity.objects.filter(employee=victim),
        "ledger": JpLedgerEntry.objects.filter(employee=victim),
        "certificates": Certificate.objects.filter(enrollment__employee=victim),
        "suggestions": Suggestion.objects.filter(employee=victim),
        "reactions": ReactionResponse.objects.filter(offering__owner_unit__path__startswith=b_path),
        "notifications": Notification.objects.filter(recipient=world["victim_user"]),
        "budgets": Budget.objects.filter(org_unit__path__startswith=b_path),
        "budget_revisions": BudgetRevision.objects.filter(budget__org_unit__path__startswith=b_path),
        "costs": OfferingCost.objects.filter(offering__owner_unit__path__startswith=b_path),
        "commitments": BudgetCommitment.objects.filter(offering__owner_unit__path__startswith=b_path),
    }
    if rule.target is not None:
        target = world[rule.target]
        querysets["target"] = type(target).objects.filter(pk=target.pk)
    return querysets


def judge(route: Route, rule: Rule, world: World, role: str, method: str, response, text: str) -> list[str]:
    """What is wrong with this response, in words naming the rule it breaks (empty: nothing)."""
    status = response.status_code
    problems = []
    if status >= 500:
        return [f"server error {status}"]
    leaked = found(text, secrets(role, rule))
    if leaked:
        problems.append(f"shows agency B's {', '.join(leaked)} to {role}")
    media = f"/{settings.MEDIA_URL.strip('/')}/"
    if media in text:
        # Files are handed out by views that check who asks; a /media/ address would bypass them.
        problems.append(f"links a file by its {media} address")
    if role == ANON:
        if rule.anonymous == LOGIN and not _sent_to_login(route, response):
            problems.append(f"anonymous visitor not sent to log in (status {status})")
        elif rule.anonymous != LOGIN and not rule.gate and status not in rule.refusal:
            problems.append(f"anonymous visitor got {status} (expected {sorted(rule.refusal)})")
        return problems
    if role not in rule.gate_for(method):
        if status not in rule.refusal:
            problems.append(f"{role} is not in this route's gate but got {status} (expected {sorted(rule.refusal)})")
        return problems
    if rule.scoped(method) and role not in rule.reach_for(method):
        if status not in rule.refusal:
            problems.append(f"{role} reached agency B's {rule.target or 'data'}: {status} (expected refusal)")
        return problems
    if status in (401, 403, 404, 405):
        problems.append(f"{role} may use this route but was refused: {status}")
        return problems
    if method == "GET":
        expected = [*(rule.shows if role in rule.reach else ()), *rule.sees.get(role, ())]
        missing = [name for name in expected if not found(text, [name])]
        if missing:
            problems.append(f"{role} should see {', '.join(missing)} here (is the marker real?)")
    return problems


def _sent_to_login(route: Route, response) -> bool:
    if route.is_api:
        return response.status_code in (401, 403)
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))
