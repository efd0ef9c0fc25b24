"""A burst of concurrent enrollments on PostgreSQL: 20 threads at once into an offering with fewer seats.

Run in its own process (``python -m lms.bench.burst URL``) against a throwaway database it
creates next to the one ``URL`` names and drops afterwards, so that the benchmark's data and
any real database stay untouched. Each thread asks ``enrollment_request`` for a different
employee, as a coordinator assigning them; the figures are the wall time of the burst, each
request's time, and what the seats look like afterwards (never more than the capacity).
"""

import argparse
import contextlib
import datetime
import json
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

THREADS = 20
SEATS = 10
BASE_DIR = Path(__file__).resolve().parents[2]


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in ("postgres", "postgresql", "pgsql")


def run_burst_process(url: str, *, threads: int = THREADS, seats: int = SEATS, timeout: int = 600) -> dict:
    """Run the burst in a child process (its settings must point at the throwaway database)."""
    return run_child("lms.bench.burst", [url, "--threads", str(threads), "--seats", str(seats)], timeout=timeout)


def run_child(module: str, arguments: list[str], *, timeout: int) -> dict:
    """Run ``python -m module arguments`` and read the JSON figures on its last line of output.

    The child's employees have no mailboxes and nothing is queued to a broker: mail goes to
    memory and tasks run inline, as in the embedded default. A failed child gives ``{"error": …}``.
    """
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.settings",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "CELERY_BROKER_URL": "",
    }
    completed = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", module, *arguments],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        return {"error": (completed.stderr or completed.stdout).strip().splitlines()[-1:] or ["failed"]}
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _throwaway(url: str, label: str = "burst") -> tuple[str, str, str]:
    """(admin URL, throwaway database name, its URL) next to the database ``url`` names."""
    parts = urlsplit(url)
    base = parts.path.lstrip("/") or "postgres"
    name = f"{base}_{label}_{secrets.token_hex(4)}"
    return url, name, urlunsplit(parts._replace(path=f"/{name}"))


@contextlib.contextmanager
def throwaway_database(url: str, *, label: str):
    """A new PostgreSQL database next to the one ``url`` names, dropped afterwards; yields its URL."""
    admin_url, name, database_url = _throwaway(url, label)
    _admin(admin_url, f'CREATE DATABASE "{name}"')
    try:
        yield database_url
    finally:
        _admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        connection.execute(sql)


def _prepare(threads: int, seats: int):
    """Migrate, load a small regency, and publish one offering with ``seats`` seats."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from backend.people.demo.seed import seed_regency
    from backend.people.models import Employee, OrgUnit
    from lms.choices import OfferingStatus
    from lms.models import Course
    from lms.services import bulk

    call_command("migrate", verbosity=0)
    seed_regency(employees=max(100, 3 * threads), seed=1, password=settings.DEMO_PASSWORD)
    bulk.competency_bulk_create(
        actor=None, rows=[bulk.CompetencyRow("pelayanan-publik", "Pelayanan Publik", "managerial")]
    )
    course = Course.objects.get(
        code=next(
            iter(
                bulk.course_bulk_create(
                    actor=None,
                    rows=[
                        bulk.CourseRow(
                            "pelayanan-prima",
                            "Pelatihan Pelayanan Prima",
                            "teknis",
                            "managerial",
                            1080,
                            competencies=("pelayanan-publik",),
                        )
                    ],
                )
            )
        )
    )
    today = timezone.localdate()
    start = today + datetime.timedelta(days=14)
    owner = OrgUnit.objects.get(code="bkpsdm")
    [offering] = bulk.offering_bulk_create(
        actor=None,
        rows=[
            bulk.OfferingRow(
                course_id=course.pk,
                code="pelayanan-prima-burst",
                start_date=start,
                end_date=start,
                capacity=seats,
                enroll_opens=today - datetime.timedelta(days=1),
                enroll_closes=start - datetime.timedelta(days=1),
                owner_unit_id=owner.pk,
                status=OfferingStatus.PUBLISHED,
                sessions=(bulk.SessionRow(start, datetime.time(8), datetime.time(12), "Pelayanan prima"),),
            )
        ],
    )
    coordinator = get_user_model().objects.get(username="koordinator")
    employees = list(Employee.objects.exclude(user=coordinator).order_by("nip")[:threads])
    return offering, coordinator, employees


def _burst(offering, coordinator, employees) -> dict:
    from django.db import connection

    from lms.choices import EnrollmentSource
    from lms.services.enrollment import enrollment_request

    barrier = threading.Barrier(len(employees))
    timings, outcomes, errors = [], [], []
    lock = threading.Lock()

    def enroll(employee) -> None:
        try:
            barrier.wait()
            began = time.perf_counter()
            enrollment = enrollment_request(
                offering=offering, employee=employee, actor=coordinator, source=EnrollmentSource.ASSIGNED
            )
            with lock:
                timings.append(time.perf_counter() - began)
                outcomes.append(enrollment.status)
        # Every failure is a figure of the burst.
        except Exception as exc:
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    workers = [threading.Thread(target=enroll, args=(employee,)) for employee in employees]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return {"wall_s": time.perf_counter() - started, "timings": timings, "outcomes": outcomes, "errors": errors}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--threads", type=int, default=THREADS)
    parser.add_argument("--seats", type=int, default=SEATS)
    options = parser.parse_args(argv)
    with throwaway_database(options.url, label="burst") as url:
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
        import django

        django.setup()
        from django.db import connection

        from lms.choices import SEAT_STATUSES, EnrollmentStatus
        from lms.models import Enrollment

        offering, coordinator, employees = _prepare(options.threads, options.seats)
        connection.close()
        result = _burst(offering, coordinator, employees)
        seats = Enrollment.objects.filter(offering=offering, status__in=SEAT_STATUSES).count()
        waitlisted = Enrollment.objects.filter(offering=offering, status=EnrollmentStatus.WAITLISTED).count()
        version = ".".join(str(part) for part in connection.get_database_version())
        connection.close()
        figures = {
            "database": f"postgresql {version}",
            "threads": options.threads,
            "capacity": options.seats,
            "wall_ms": round(result["wall_s"] * 1000, 1),
            "request_median_ms": round(statistics.median(result["timings"]) * 1000, 1) if result["timings"] else None,
            "request_max_ms": round(max(result["timings"]) * 1000, 1) if result["timings"] else None,
            "enrolled": seats,
            "waitlisted": waitlisted,
            "errors": len(result["errors"]),
            "error_samples": result["errors"][:3],
            "within_capacity": seats <= options.seats,
        }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
