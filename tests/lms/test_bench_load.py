"""The load benchmark's locust users, run briefly against the live test server, and its report."""

import io

import pytest
from django.core.management.color import no_style

from backend.people.models import Employee
from lms.bench import load
from lms.choices import EnrollmentStatus
from lms.models import Enrollment
from tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db(transaction=True)


# The live server answers several users at once; SQLite's shared in-memory test database cannot.
@pytest.mark.postgres
def test_locust_users_log_in_browse_and_enroll_without_errors(live_server, tmp_path):
    unit = OrgUnitFactory(code="bkpsdm", name="BKPSDM", is_competency_agency=True)
    EmployeeFactory.create_batch(3, unit=unit)
    plan = load.load_plan(users=3)

    figures = load.run_locust(plan, host=live_server.url, users=3, seconds=6, folder=str(tmp_path))

    rows = figures["by_request"]
    assert figures["failure_samples"] == []
    assert rows["Aggregated"]["failures"] == 0
    assert rows["login"]["requests"] == 3
    for kind in ("catalog page", "ASN home page"):
        assert rows[kind]["requests"] > 0, kind
    assert rows["Aggregated"]["p95_ms"] >= rows["Aggregated"]["p50_ms"] > 0
    # Each round enrolls and leaves again: every enrollment the users made ends cancelled.
    made = Enrollment.objects.filter(offering_id=plan["offering_id"])
    assert set(made.values_list("status", flat=True)) <= {EnrollmentStatus.CANCELLED, EnrollmentStatus.ENROLLED}
    assert set(made.values_list("employee__user__username", flat=True)) <= set(plan["usernames"])
    assert Employee.objects.filter(user__username__in=plan["usernames"]).count() == 3


def test_load_needs_postgresql_and_says_so(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///x.sqlite3")

    figures = load.run(postgres_url="", users=2, seconds=1)

    assert "PostgreSQL" in figures["skipped"]


def test_report_shows_each_request_kind_and_the_error_goal():
    figures = {
        "users": 20,
        "seconds": 60,
        "server": "gunicorn",
        "scale": {"employees": 1200, "enrollments": 6000},
        "errors": 1,
        "failure_samples": ["enroll: 500 ×1"],
        "by_request": {
            "enroll": {"requests": 40, "failures": 1, "p50_ms": 30.0, "p95_ms": 90.0, "rps": 0.7},
            "Aggregated": {"requests": 900, "failures": 1, "p50_ms": 12.0, "p95_ms": 70.0, "rps": 15.0},
        },
    }
    out = io.StringIO()

    load.print_figures(type("Out", (), {"write": lambda self, text: out.write(text + "\n")})(), no_style(), figures)

    text = out.getvalue()
    assert "enroll" in text
    assert "All requests" in text or "Semua permintaan" in text
    assert "enroll: 500 ×1" in text
