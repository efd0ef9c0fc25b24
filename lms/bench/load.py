"""Load: 20 concurrent ASN on the catalog, their home page and enrollment, driven by locust
against gunicorn and PostgreSQL at demo scale.

Run in its own process (``python -m lms.bench.load URL``) against a throwaway database it
creates next to the one ``URL`` names and drops afterwards. The child migrates, loads the
whole demo (``seed_demo``), gives 20 employees logins of their own and publishes one offering
open for self-enrollment, starts gunicorn as production runs it (``backend.wsgi``, sync
workers, DEBUG off), and lets locust's users log in, browse and enroll (then leave again, so
that every round is a real enrollment). The figures are locust's: requests, failures, p50 and
p95 per request kind and overall. Locust, gunicorn and PostgreSQL share this machine's cores.
"""

import argparse
import csv
import datetime
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

USERS = 20
SECONDS = 60
# Sync workers: a worker per request in flight is what 20 users that think between requests need
# on a small machine; more only competes with locust and PostgreSQL for the same cores.
WORKERS = 4
BASE_DIR = Path(__file__).resolve().parents[2]
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def run_load_process(url: str, *, users: int = USERS, seconds: int = SECONDS, timeout: int = 1200) -> dict:
    """Run the load benchmark in a child process whose settings point at its throwaway database."""
    from lms.bench.burst import run_child

    return run_child("lms.bench.load", [url, "--users", str(users), "--seconds", str(seconds)], timeout=timeout)


def run(*, postgres_url: str, users: int = USERS, seconds: int = SECONDS, stdout=None) -> dict:
    """The load figures, or why they were skipped (the load needs PostgreSQL, as production has)."""
    from django.utils.translation import gettext as _

    from lms.bench.burst import is_postgres

    url = postgres_url or os.environ.get("DATABASE_URL", "")
    if not is_postgres(url):
        return {"skipped": _("needs PostgreSQL: make bench BENCH_POSTGRES_URL=postgres://user@host:port/db")}
    if stdout is not None:
        stdout.write(
            _("Load: %(users)d users for %(seconds)d s against gunicorn and PostgreSQL at demo scale…")
            % {"users": users, "seconds": seconds}
        )
    return run_load_process(url, users=users, seconds=seconds)


def print_figures(stdout, style, figures: dict) -> None:
    from django.utils.translation import gettext as _

    stdout.write(style.MIGRATE_HEADING(_("Load (locust) against gunicorn and PostgreSQL")))
    if "skipped" in figures or "error" in figures:
        stdout.write("  " + str(figures.get("skipped") or figures.get("error")))
        return
    stdout.write(
        "  "
        + _(
            "%(users)d users, %(seconds)d s, %(server)s; demo scale: %(employees)d employees, "
            "%(enrollments)d enrollments"
        )
        % {**figures, **figures["scale"]}
    )
    # Labels first: gettext's extractor does not look inside f-strings.
    request, count, errors = _("Request"), _("Count"), _("Errors")
    stdout.write(f"  {request:<26} {count:>7} {errors:>7} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7}")
    for name, row in figures["by_request"].items():
        label = _("All requests") if name == "Aggregated" else name
        stdout.write(
            f"  {label:<26} {row['requests']:>7} {row['failures']:>7} {row['p50_ms']:>8.0f} {row['p95_ms']:>8.0f} "
            f"{row['rps']:>7}"
        )
    verdict = style.SUCCESS if figures["errors"] == 0 else style.ERROR
    stdout.write(verdict("  " + _("Errors: %(errors)d (goal: 0)") % {"errors": figures["errors"]}))
    for sample in figures["failure_samples"]:
        stdout.write("    " + sample)


def _seed() -> float:
    """Migrate and load the whole demo; returns the seconds the demo took."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet, stderr=quiet)
    return time.perf_counter() - started


def load_plan(*, users: int, owner_code: str = "bkpsdm") -> dict:
    """Give ``users`` employees logins of their own and publish one offering open for self-enrollment.

    Returns what the locust users need: logins, password, the offering and the paths they request.
    """
    from django.conf import settings
    from django.urls import reverse
    from django.utils import timezone

    from backend.people.models import Employee, OrgUnit
    from backend.people.services import employee_update, user_create
    from lms.choices import OfferingStatus
    from lms.services import bulk

    bulk.competency_bulk_create(
        actor=None, rows=[bulk.CompetencyRow("bench-load-layanan", "Layanan (uji beban)", "managerial")]
    )
    [course] = bulk.course_bulk_create(
        actor=None,
        rows=[
            bulk.CourseRow(
                "bench-load-pelayanan",
                "Pelayanan Prima (uji beban)",
                "teknis",
                "managerial",
                240,
                competencies=("bench-load-layanan",),
            )
        ],
    ).values()
    today = timezone.localdate()
    # Far ahead and in the evening, so that no demo seat clashes with it.
    start = today + datetime.timedelta(days=120)
    [offering] = bulk.offering_bulk_create(
        actor=None,
        rows=[
            bulk.OfferingRow(
                course_id=course.pk,
                code="bench-load-pelayanan-1",
                start_date=start,
                end_date=start,
                capacity=1000,
                enroll_opens=today - datetime.timedelta(days=1),
                enroll_closes=start - datetime.timedelta(days=1),
                owner_unit_id=OrgUnit.objects.get(code=owner_code).pk,
                status=OfferingStatus.PUBLISHED,
                sessions=(bulk.SessionRow(start, datetime.time(19), datetime.time(21), "Pelayanan prima"),),
            )
        ],
    )
    usernames = []
    for index, employee in enumerate(
        Employee.objects.filter(user__isnull=True, is_active=True).order_by("nip")[:users], start=1
    ):
        user = user_create(actor=None, username=f"beban{index:02d}", password=settings.DEMO_PASSWORD)
        employee_update(actor=None, employee=employee, user=user)
        usernames.append(user.username)
    return {
        "usernames": usernames,
        "password": settings.DEMO_PASSWORD,
        "offering_id": offering.pk,
        "login_path": reverse("login"),
        "catalog_path": reverse("catalog"),
        "offerings_api_path": reverse("api:offering-list"),
        "home_path": reverse("home"),
        "enroll_path": reverse("api:enrollment-enroll"),
        "cancel_path": reverse("api:enrollment-cancel", args=[0]).replace("/0/", "/{id}/"),
    }


def _stats(prefix: str) -> dict:
    """Locust's CSV summary: one row per request kind and the aggregate."""
    figures = {}
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            figures[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "rps": round(float(row["Requests/s"]), 1),
            }
    samples = []
    with open(f"{prefix}_failures.csv", newline="", encoding="utf-8") as handle:
        samples = [f"{row['Name']}: {row['Error']} ×{row['Occurrences']}" for row in csv.DictReader(handle)]
    return {"by_request": figures, "failure_samples": samples[:5]}


def _drive(plan: dict, *, users: int, seconds: int) -> dict:
    from django.urls import reverse

    from lms.bench.http import _free_port, _server_environment, start_gunicorn, wait_ready

    port = _free_port()
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryFile() as log:
        # Production serves static files through whitenoise's manifest, which collectstatic writes.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=BASE_DIR,
            env=_server_environment(port),
            check=True,
        )
        server = start_gunicorn(port, log, workers=WORKERS)
        try:
            wait_ready(port, reverse("health"), "", server, log)
            figures = run_locust(plan, host=f"http://127.0.0.1:{port}", users=users, seconds=seconds, folder=folder)
            log.seek(0)
            # The server's own account of any 500 (production logging writes tracebacks to stderr).
            lines = log.read().decode(errors="replace").splitlines()
            figures["server_log_tail"] = (
                [line for line in lines if line.strip()][-8:] if figures["failure_samples"] else []
            )
            return figures
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def run_locust(plan: dict, *, host: str, users: int, seconds: int, folder: str) -> dict:
    """Locust's users against ``host`` for ``seconds``; its summary per request kind."""
    plan_path = Path(folder) / "plan.json"
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    prefix = str(Path(folder) / "load")
    completed = subprocess.run(  # noqa: S603 - our own interpreter and locust's module
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--host",
            host,
            "--csv",
            prefix,
            "--only-summary",
            "--loglevel",
            "ERROR",
        ],
        cwd=BASE_DIR,
        env={**os.environ, "BANGKOM_LOAD_PLAN": str(plan_path)},
        capture_output=True,
        text=True,
        timeout=seconds + 120,
        check=False,
    )
    if not Path(f"{prefix}_stats.csv").exists():
        raise RuntimeError(f"locust wrote no figures: {completed.stderr.strip()[-500:]}")
    return _stats(prefix)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--users", type=int, default=USERS)
    parser.add_argument("--seconds", type=int, default=SECONDS)
    options = parser.parse_args(argv)

    from lms.bench.burst import throwaway_database

    with throwaway_database(options.url, label="load") as url, tempfile.TemporaryDirectory() as files:
        # Certificates the demo renders and the collected static files stay out of the project's folders.
        os.environ.update(
            {
                "DATABASE_URL": url,
                "DJANGO_MEDIA_ROOT": f"{files}/media",
                "DJANGO_STATIC_ROOT": f"{files}/static",
            }
        )
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
        import django

        django.setup()
        from django.db import connection

        from backend.people.models import Employee
        from lms.models import Enrollment

        seed_seconds = _seed()
        plan = load_plan(users=options.users)
        version = ".".join(str(part) for part in connection.get_database_version())
        scale = {"employees": Employee.objects.count(), "enrollments": Enrollment.objects.count()}
        connection.close()
        stats = _drive(plan, users=options.users, seconds=options.seconds)
        connection.close()
    total = stats["by_request"].get("Aggregated", {})
    figures = {
        "database": f"postgresql {version}",
        "server": f"gunicorn backend.wsgi, {WORKERS} sync workers, DEBUG off",
        "users": options.users,
        "seconds": options.seconds,
        "demo_seed_seconds": round(seed_seconds, 1),
        "scale": scale,
        "requests": total.get("requests", 0),
        "errors": total.get("failures", 0),
        "p50_ms": total.get("p50_ms"),
        "p95_ms": total.get("p95_ms"),
        "rps": total.get("rps"),
        **stats,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
