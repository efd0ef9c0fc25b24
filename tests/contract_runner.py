"""The schemathesis run of tests/test_api_contract.py: examples generated once, sent as each role.

Generating costs as much as sending, and the examples do not depend on the role: the first
role's test generates them (``plan``), every role's test sends them (``send``) in-process, each in
a savepoint rolled back after the response, and collects every failure (``Recorder``).
"""

import traceback
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.openapi.checks import JsonSchemaError, UndefinedStatusCode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.contract_world import CODE, COLLECTIONS, REFERENCES

# --- The bound -----------------------------------------------------------------------------------
# Examples per operation and generation mode. Positive ones (valid by the schema) reach the
# services; negative ones (wrong types, missing fields, out-of-range values) must be refused with
# a documented 4xx, never a 500. Five roles x ~130 operations x 11 stay well within the three
# minutes CI gives this module on two cores, on SQLite and on PostgreSQL.
BUDGET = {GenerationMode.POSITIVE: 8, GenerationMode.NEGATIVE: 3}

# The checks, chosen deliberately:
# - not_a_server_error: no input may cause a 5xx.
# - status_code_conformance: every status answered is documented (4xx included), so a client can
#   rely on the list of responses; this is what makes "a 4xx with a documented error shape" testable.
# - content_type_conformance: a PDF download (and any error of it) says what it sends.
# - response_schema_conformance: bodies, of successes and errors, match their documented schema.
# Left out: positive_data_acceptance (a schema-valid request is rightly refused by the services'
# rules: enrollment closed, seats full, not your agency); negative_data_rejection (DRF is lenient
# by design where the schema is strict: it writes a number given for a text field as text, ignores
# an unusable page_size, and a boolean filter it cannot read filters nothing; tried, it flags only
# these); ignored_auth (authorization is pinned by each module's permission tests);
# use_after_free / ensure_resource_availability (stateful: they need links the schema does not declare).
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

Pool = Callable[[object], list]


# --- Generating ----------------------------------------------------------------------------------


@dataclass
class Swap:
    """A generated value to replace with real ones. ``picks`` index the pool (a model's ids, or
    the certificate codes) rather than hold ids, so that a plan made in one test's world applies
    to the next test's (same rows, other ids on PostgreSQL)."""

    location: str
    name: str
    pool: object
    picks: int | list[int]


@dataclass
class Example:
    case: Case
    swaps: list[Swap]

    def prepare(self, pool: Pool) -> Case:
        for swap in self.swaps:
            values = pool(swap.pool)
            picked = [values[i] for i in swap.picks] if isinstance(swap.picks, list) else values[swap.picks]
            getattr(self.case, swap.location)[swap.name] = picked
        return self.case


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _swaps(case: Case, data, pool: Pool) -> list[Swap]:
    """Draw which generated ids become real ones (hypothesis may also keep the generated one)."""

    def pick(location, name, key) -> list[Swap]:
        size = len(pool(key))
        index = data.draw(st.integers(min_value=0, max_value=size)) if size else size
        return [Swap(location, name, key, index)] if index < size else []

    swaps = []
    segment = case.operation.path.removeprefix("/api/v1/").split("/")[0]
    if "id" in (case.path_parameters or {}) and segment in COLLECTIONS:
        swaps += pick("path_parameters", "id", COLLECTIONS[segment])
    if "code" in (case.path_parameters or {}):
        swaps += pick("path_parameters", "code", CODE)
    for location in ("query", "body"):
        container = getattr(case, location)
        if not isinstance(container, dict):
            continue
        for name, value in container.items():
            key = REFERENCES.get(name)
            if key is None or not pool(key):
                continue
            if _is_int(value):
                swaps += pick(location, name, key)
            elif isinstance(value, list) and all(_is_int(v) for v in value):
                indexes = st.lists(st.integers(min_value=0, max_value=len(pool(key)) - 1), max_size=3, unique=True)
                picks = data.draw(st.none() | indexes)
                swaps += [] if picks is None else [Swap(location, name, key, picks)]
    return swaps


def _generate(operation, mode: GenerationMode, count: int, pool: Pool) -> list[Example]:
    examples: list[Example] = []

    @settings(
        max_examples=count,
        deadline=None,
        # Reproducible in CI: the same examples on every run, and no example database on disk.
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def generate(case, data):
        # Positive cases get real ids, to reach past "not found" into the services' rules;
        # negative ones keep their invalid values.
        swaps = _swaps(case, data, pool) if mode is GenerationMode.POSITIVE else []
        examples.append(Example(case, swaps))

    try:
        generate()
    except Unsatisfiable:
        # An operation with no parameter and no body has no invalid request to make.
        if mode is not GenerationMode.NEGATIVE:
            raise
    return examples


_PLAN: dict[str, list[Example]] = {}


def plan(schema, pool: Pool) -> dict[str, list[Example]]:
    """Operation label → its examples, generated on the first call of the session."""
    if not _PLAN:
        generated = {}
        for result in schema.get_all_operations():
            operation = result.ok()
            generated[operation.label] = [
                example for mode, count in BUDGET.items() for example in _generate(operation, mode, count, pool)
            ]
        _PLAN.update(generated)
    return _PLAN


# --- Sending -------------------------------------------------------------------------------------


class Recorder:
    """Every failure of a role, one entry per (operation, status, check), and what was answered."""

    def __init__(self):
        self.failures: dict[tuple, str] = {}
        self.examples = 0
        self.statuses: dict[str, int] = {}
        self.last_exception = ""

    def on_exception(self, sender, request=None, **kwargs):
        """``got_request_exception``: keep the end of the traceback behind a 500."""
        self.last_exception = "".join(traceback.format_exc(limit=-2).splitlines(keepends=True)[-6:])

    def add(self, case: Case, response, group: FailureGroup, headers: dict) -> None:
        status, operation = response.status_code, case.operation.label
        for failure in group.exceptions:
            if status >= 500 and isinstance(failure, UndefinedStatusCode):
                continue  # Told once, as the server error.
            key = (operation, status, failure.title)
            if key in self.failures:
                continue
            if isinstance(failure, JsonSchemaError):
                where = "/".join(str(part) for part in failure.instance_path)
                message = f"at /{where}: {failure._raw_message}"
            else:
                message = " ".join(failure.message.split())
            detail = f"{operation} -> {status} [{failure.title}] {message}"
            if status >= 500:
                detail += f"\n    server said: {self.last_exception}"
            elif not isinstance(failure, JsonSchemaError):
                detail += f"\n    answered: {response.text[:300]}"
            detail += f"\n    reproduce: {case.as_curl_command(headers=headers)}"
            self.failures[key] = detail

    def report(self, role: str) -> str:
        counts = ", ".join(f"{n} {status}" for status, n in sorted(self.statuses.items()))
        lines = [f"{len(self.failures)} contract failure(s) as {role} in {self.examples} examples ({counts}):"]
        return "\n".join([*lines, *(f"- {text}" for text in sorted(self.failures.values()))])


@contextmanager
def in_process():
    """Django's WSGI handler, called in this thread so that it sees the test's transaction.

    Like Django's test client, it must not close the connection when a request ends (the client
    reconnects that handler after each of its own requests: this wraps the sending only).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def send(example: Example, *, pool: Pool, app, headers: dict, recorder: Recorder) -> None:
    case = example.prepare(pool)
    recorder.last_exception = ""
    # Each example runs in a savepoint rolled back after the response: every example finds the
    # same world (a DELETE or a cancel does not starve the next ones of rows, a create does not
    # make the next one a duplicate), and a database error inside one cannot poison the test's
    # transaction on PostgreSQL. Tasks queued on commit are therefore never run here.
    with transaction.atomic():
        response = case.call(app=app, headers=headers)
        transaction.set_rollback(True)
    # The catalog's cached lists may hold rows of the rolled-back example.
    cache.clear()
    recorder.examples += 1
    family = f"{response.status_code // 100}xx"
    recorder.statuses[family] = recorder.statuses.get(family, 0) + 1
    try:
        case.validate_response(response, checks=CHECKS)
    except FailureGroup as group:
        recorder.add(case, response, group, headers)
