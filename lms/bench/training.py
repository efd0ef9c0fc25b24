"""The training benchmarks of ``manage.py bench``, at a multiple of the demo (ten times by default).

1. Seeding: a regency of ``1,200 × scale`` employees with its appraisal and training demo
   (at ten times: about 60,000 enrollments and 500,000 attendance records).
2. The catalog and enrollment lists through the API test client, page sizes 5 and 50: the
   query count must be the same for both; median and p95 latency.
3. Catalog requests per second over HTTP against gunicorn with two workers (goal ≥ 300).
4. A 20-thread enrollment burst on PostgreSQL, when one is given (``--postgres-url`` or a
   PostgreSQL ``DATABASE_URL``); skipped, saying why, otherwise.
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from backend.appraisal.demo import seed_appraisal
from backend.people.demo.seed import demo_reset, people_data_exists, seed_regency
from lms.bench.api import list_figures
from lms.bench.burst import is_postgres, run_burst_process
from lms.bench.http import rps_figures
from lms.demo import seed_lms
from lms.demo.reference import DEMO_EMPLOYEES

# The catalog as most of its readers see it (an ASN: cached) and as a coordinator does (computed).
HTTP_USERS = (("asn", "pegawai"), ("coordinator", "koordinator"))
DEFAULT_SCALE = 10.0
DEFAULT_YEARS = 1


def _seed(*, scale: float, years: int, seed: int) -> dict:
    employees = max(100, round(DEMO_EMPLOYEES * scale))
    if people_data_exists():
        demo_reset()
    try:
        people = seed_regency(employees=employees, seed=seed, password=settings.DEMO_PASSWORD)
        appraisal = seed_appraisal(seed=seed, years=years)
        training = seed_lms(seed=seed)
    except ValidationError as exc:
        raise CommandError(" ".join(exc.messages)) from exc
    return {
        "scale": scale,
        "employees": employees,
        "appraisal_years": years,
        "people_seconds": round(people.seconds, 2),
        "appraisal_seconds": round(appraisal.seconds, 2),
        "training_seconds": round(training.seconds, 2),
        "courses": training.courses,
        "offerings": training.offerings,
        "sessions": training.sessions,
        "enrollments": training.enrollments,
        "attendance": training.attendance,
        "completed": training.completed,
        "ledger_entries": training.ledger_entries,
    }


def _postgres_url(option: str) -> tuple[str | None, str]:
    if option:
        return (option, "") if is_postgres(option) else (None, _("--postgres-url is not a PostgreSQL URL."))
    current = os.environ.get("DATABASE_URL", "")
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and is_postgres(current):
        return current, ""
    return None, _(
        "Skipped: the benchmark database is %(vendor)s, and the row lock that keeps seats within capacity "
        "only matters on PostgreSQL. Pass --postgres-url postgres://… (or run with a PostgreSQL DATABASE_URL)."
    ) % {"vendor": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]}


def run(
    *,
    scale: float = DEFAULT_SCALE,
    years: int = DEFAULT_YEARS,
    seed: int,
    requests: int,
    http_seconds: float,
    http_clients: int,
    postgres_url: str = "",
    stdout=None,
) -> dict:
    say = stdout.write if stdout is not None else (lambda _message: None)
    say(
        _("Seeding the training demo at %(scale)s× (%(employees)d employees)…")
        % {"scale": scale, "employees": max(100, round(DEMO_EMPLOYEES * scale))}
    )
    figures = {"seed": _seed(scale=scale, years=years, seed=seed)}
    say(_("Measuring the training lists…"))
    figures["lists"] = list_figures(requests)
    if http_seconds > 0:
        say(_("Measuring catalog requests per second over HTTP (gunicorn, 2 workers)…"))
        try:
            figures["http"] = {
                audience: rps_figures(seconds=http_seconds, clients=http_clients, username=username)
                for audience, username in HTTP_USERS
            }
        except (OSError, RuntimeError) as exc:
            figures["http"] = {"error": str(exc)}
    url, reason = _postgres_url(postgres_url)
    if url is None:
        figures["burst"] = {"skipped": reason}
    else:
        say(_("Timing a 20-thread enrollment burst on PostgreSQL…"))
        figures["burst"] = run_burst_process(url)
    return figures


def print_figures(stdout, style, figures: dict) -> None:
    seed = figures["seed"]
    stdout.write(style.MIGRATE_HEADING(_("Training demo at %(scale)s×") % {"scale": seed["scale"]}))
    stdout.write(
        "  "
        + _(
            "%(employees)d employees: %(offerings)d offerings, %(sessions)d sessions, %(enrollments)d enrollments, "
            "%(attendance)d attendance records, %(ledger)d JP ledger entries; training seeded in %(seconds).1f s "
            "(people %(people).1f s, appraisal %(appraisal).1f s)"
        )
        % {
            "employees": seed["employees"],
            "offerings": seed["offerings"],
            "sessions": seed["sessions"],
            "enrollments": seed["enrollments"],
            "attendance": seed["attendance"],
            "ledger": seed["ledger_entries"],
            "seconds": seed["training_seconds"],
            "people": seed["people_seconds"],
            "appraisal": seed["appraisal_seconds"],
        }
    )
    lists = figures["lists"]
    stdout.write(
        style.MIGRATE_HEADING(
            _("Training lists as %(user)s, %(requests)d requests per case")
            % {"user": lists["user"], "requests": lists["requests"]}
        )
    )
    case_label, results, queries, median, p95 = _("Case"), _("Results"), _("Queries"), _("Median ms"), _("p95 ms")
    stdout.write(f"  {case_label:<28}  {results:>7}  {queries:>7}  {median:>9}  {p95:>7}")
    for label, row in lists["lists"].items():
        for case, values in row["cases"].items():
            name = f"{row['url']} {case}"
            if "error" in values:
                stdout.write(f"  {name:<28}  {values['error']} (HTTP {values['status']})")
                continue
            stdout.write(
                f"  {name:<28}  {values['results']:>7}  {values['queries']:>7}  {values['median_ms']:>9}  "
                f"{values['p95_ms']:>7}"
            )
        verdict = _("same for both page sizes") if row["constant_queries"] else _("NOT the same for both page sizes")
        stdout.write("  " + _("%(list)s: queries %(verdict)s.") % {"list": label, "verdict": verdict})
    _print_http(stdout, style, figures.get("http"))
    burst = figures["burst"]
    stdout.write(style.MIGRATE_HEADING(_("Enrollment burst on PostgreSQL")))
    if "skipped" in burst or "error" in burst:
        stdout.write("  " + str(burst.get("skipped") or burst.get("error")))
        return
    stdout.write(
        "  "
        + _(
            "%(threads)d threads into %(capacity)d seats: %(wall).0f ms in all (each request: median %(median).0f ms, "
            "slowest %(max).0f ms); %(enrolled)d enrolled, %(waitlisted)d waitlisted, %(errors)d errors"
        )
        % {
            "threads": burst["threads"],
            "capacity": burst["capacity"],
            "wall": burst["wall_ms"],
            "median": burst["request_median_ms"] or 0,
            "max": burst["request_max_ms"] or 0,
            "enrolled": burst["enrolled"],
            "waitlisted": burst["waitlisted"],
            "errors": burst["errors"],
        }
    )


def _print_http(stdout, style, http: dict | None) -> None:
    if http is None:
        return
    stdout.write(style.MIGRATE_HEADING(_("Catalog over HTTP")))
    if "error" in http:
        stdout.write("  " + http["error"])
        return
    for run in http.values():
        _print_http_run(stdout, run)


def _print_http_run(stdout, http: dict) -> None:
    stdout.write(
        "  "
        + _(
            "as %(user)s: %(server)s, %(clients)d clients for %(seconds)s s on %(paths)s: %(rps).1f requests/s "
            "(goal %(goal)d), p50 %(p50)s ms, p95 %(p95)s ms, %(errors)d errors"
        )
        % {
            "user": http["user"],
            "server": http["server"],
            "clients": http["clients"],
            "seconds": http["seconds"],
            "paths": ", ".join(http["paths"]),
            "rps": http["rps"],
            "goal": http["goal_rps"],
            "p50": http["p50_ms"],
            "p95": http["p95_ms"],
            "errors": http["errors"],
        }
    )
