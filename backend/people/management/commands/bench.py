import datetime
import json
import platform
import statistics
import time
from pathlib import Path

import django
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from rest_framework.test import APIClient

from backend.appraisal.choices import PeriodKind
from backend.appraisal.demo import seed_appraisal
from backend.appraisal.demo.seed import DEFAULT_YEARS, LAST_YEAR
from backend.appraisal.models import Period
from backend.appraisal.selectors import gap_list
from backend.people.access import access_for, access_forget
from backend.people.demo.seed import DEFAULT_SEED, demo_reset, people_data_exists, seed_regency
from backend.people.models import Employee
from certificates import bench as certificates_bench
from lms.bench import load as load_bench
from lms.bench import suggestions as suggestions_bench
from lms.bench import training as training_bench

EMPLOYEE_LIST_PATH = "/api/v1/employees/"
GAP_LIST_PATH = "/api/v1/gaps/"
BENCH_USER = "hr"
# Three years of appraisal data for 8,000 employees take longer than the minute seeding may;
# the large size is measured with the latest year only (see --years).
DEFAULT_SIZES = "1000,8000:1"
GAP_RUNS = 3


def _url(name: str, fallback: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def _environment() -> dict:
    version = connection.get_database_version()
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": connection.vendor,
        "database_version": ".".join(str(part) for part in version),
        "platform": platform.platform(),
        # Django's debug cursor logs every query: it slows seeding down noticeably.
        "debug": settings.DEBUG,
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def _sizes(text: str, years: int) -> list[tuple[int, int]]:
    """``1000,8000:1`` → [(1000, years), (8000, 1)]: employees and years of appraisal data."""
    sizes = []
    for item in text.split(","):
        count, _colon, own_years = item.strip().partition(":")
        sizes.append((int(count), int(own_years) if own_years else years))
        if not 0 <= sizes[-1][1] <= DEFAULT_YEARS:
            raise ValueError(item)
    return sizes


class Command(BaseCommand):
    help = (
        "Measure demo seeding, the employee-list API, performance gaps and the training lists, HTTP throughput "
        "and enrollment burst on a throwaway database (see `make bench`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="Write the figures as JSON to this file.")
        parser.add_argument(
            "--sizes",
            default=DEFAULT_SIZES,
            help="Employee counts to seed, comma-separated; COUNT:YEARS sets the years of appraisal data "
            "for that size (0: none). Default %(default)s.",
        )
        parser.add_argument(
            "--years",
            type=int,
            default=DEFAULT_YEARS,
            choices=range(DEFAULT_YEARS + 1),
            help="Years of appraisal data for sizes without their own (0: people only). Default %(default)s.",
        )
        parser.add_argument("--requests", type=int, default=30, help="Timed requests per API case.")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--lms-scale",
            type=float,
            default=training_bench.DEFAULT_SCALE,
            help="Training benchmarks on a regency this many times the demo's 1,200 employees "
            "(10: about 60,000 enrollments and 500,000 attendance records); 0 skips them. Default %(default)s.",
        )
        parser.add_argument(
            "--lms-years",
            type=int,
            default=training_bench.DEFAULT_YEARS,
            choices=range(1, DEFAULT_YEARS + 1),
            help="Years of appraisal data for the training regency. Default %(default)s.",
        )
        parser.add_argument(
            "--http-seconds",
            type=float,
            default=15,
            help="How long to drive gunicorn with catalog requests; 0 skips it. Default %(default)s.",
        )
        parser.add_argument("--http-clients", type=int, default=8, help="Concurrent HTTP clients. Default %(default)s.")
        parser.add_argument(
            "--postgres-url",
            default="",
            help="PostgreSQL server (postgres://user@host:port/db) for the enrollment burst and the suggestion "
            "benchmarks; a throwaway database is created next to the one named. Without it the burst runs only "
            "when DATABASE_URL is PostgreSQL.",
        )
        parser.add_argument(
            "--suggestion-sizes",
            default=",".join(str(size) for size in suggestions_bench.DEFAULT_SIZES),
            help="Employee counts for the suggestion and impact benchmarks, each in its own throwaway database "
            "(SQLite, and PostgreSQL with --postgres-url); 0 or empty skips them. Default %(default)s.",
        )
        parser.add_argument(
            "--certificate-renders",
            type=int,
            default=certificates_bench.DEFAULT_RENDERS,
            help="Timed certificate renders per phase (pipeline, direct WeasyPrint) and a 500-person class on 2 "
            "workers, in a throwaway database (SQLite, and PostgreSQL with --postgres-url); 0 skips them. "
            "Default %(default)s.",
        )
        parser.add_argument(
            "--load-seconds",
            type=int,
            default=load_bench.SECONDS,
            help="How long locust's users load gunicorn on PostgreSQL (needs --postgres-url); 0 skips it. "
            "Default %(default)s.",
        )
        parser.add_argument(
            "--load-users", type=int, default=load_bench.USERS, help="Concurrent load users. Default %(default)s."
        )
        parser.add_argument(
            "--wipe",
            action="store_true",
            help="Delete existing people data first. Never on a database you want to keep.",
        )

    def handle(self, *args, out, sizes, years, requests, seed, wipe, lms_scale, **options):
        try:
            plan = _sizes(sizes, years)
        except ValueError:
            raise CommandError(
                _("--sizes must be whole numbers separated by commas, each optionally with :YEARS (0 to 3).")
            ) from None
        try:
            suggestion_sizes = suggestions_bench.parse_sizes(options["suggestion_sizes"])
        except ValueError:
            raise CommandError(_("--suggestion-sizes must be whole numbers separated by commas.")) from None
        if people_data_exists():
            if not wipe:
                # The benchmark deletes people data between runs; refuse to do that to a real database.
                raise CommandError(
                    _("The database already holds people data. Run the benchmark on a fresh database (`make bench`).")
                )
            demo_reset()

        # The demo addresses are not real mailboxes, and sending would be timed too.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            results = {"environment": _environment(), "seed": self._seed(plan, seed), "api": self._api(requests)}
            if plan[-1][1]:
                results["gaps"], gaps_per_employee = self._gaps()
                results["gap_api"] = self._gap_api(
                    requests, period_id=results["gaps"]["period_id"], employees=_two_employees(gaps_per_employee)
                )
            if lms_scale > 0:
                results["lms"] = training_bench.run(
                    scale=lms_scale,
                    years=options["lms_years"],
                    seed=seed,
                    requests=requests,
                    http_seconds=options["http_seconds"],
                    http_clients=options["http_clients"],
                    postgres_url=options["postgres_url"],
                    stdout=self.stdout,
                )
            if suggestion_sizes:
                results["suggestions"] = suggestions_bench.run(
                    sizes=suggestion_sizes, seed=seed, postgres_url=options["postgres_url"], stdout=self.stdout
                )
            if options["certificate_renders"] > 0:
                results["certificates"] = certificates_bench.run(
                    renders=options["certificate_renders"], postgres_url=options["postgres_url"], stdout=self.stdout
                )
            if options["load_seconds"] > 0:
                results["load"] = load_bench.run(
                    postgres_url=options["postgres_url"],
                    users=options["load_users"],
                    seconds=options["load_seconds"],
                    stdout=self.stdout,
                )
        Path(out).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self._print(results)
        if "lms" in results:
            training_bench.print_figures(self.stdout, self.style, results["lms"])
        if "suggestions" in results:
            suggestions_bench.print_figures(self.stdout, self.style, results["suggestions"])
        if "certificates" in results:
            certificates_bench.print_figures(self.stdout, self.style, results["certificates"])
        if "load" in results:
            load_bench.print_figures(self.stdout, self.style, results["load"])
        self.stdout.write(self.style.SUCCESS(_("Figures written to %(path)s.") % {"path": out}))

    def _seed(self, plan: list[tuple[int, int]], seed: int) -> list[dict]:
        figures = []
        for index, (count, years) in enumerate(plan):
            if index:
                demo_reset()
            self.stdout.write(
                _("Seeding %(count)d employees (years of appraisal data: %(years)d)…")
                % {"count": count, "years": years}
            )
            try:
                people = seed_regency(employees=count, seed=seed, password=settings.DEMO_PASSWORD)
                appraisal = seed_appraisal(seed=seed, years=years) if years else None
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            appraisal_seconds = appraisal.seconds if appraisal else 0.0
            figures.append(
                {
                    "employees": count,
                    "appraisal_years": years,
                    "people_seconds": round(people.seconds, 2),
                    "appraisal_seconds": round(appraisal_seconds, 2),
                    "seconds": round(people.seconds + appraisal_seconds, 2),
                    "scores": appraisal.scores if appraisal else 0,
                    "evaluations": appraisal.evaluations if appraisal else 0,
                    "ikm_responses": appraisal.responses if appraisal else 0,
                }
            )
        return figures

    def _api(self, requests: int) -> dict:
        user = get_user_model().objects.get(username=BENCH_USER)
        url = _url("api:employee-list", EMPLOYEE_LIST_PATH)
        client = APIClient()
        client.force_authenticate(user=user)
        cases = {
            "page_size=25": {"page_size": 25},
            "page_size=100": {"page_size": 100},
            "search=siti": {"search": "siti"},
        }
        figures = {"url": url, "user": BENCH_USER, "requests": requests, "cases": {}}
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            for label, params in cases.items():
                figures["cases"][label] = self._measure(client, user, url, params, requests)
        return figures

    def _gaps(self) -> tuple[dict, dict[int, int]]:
        """Every gap of every employee in the latest quarter, as HR sees them (goal: 5 s at 8,000)."""
        user = get_user_model().objects.get(username=BENCH_USER)
        access_forget(user)
        access = access_for(user)
        period = Period.objects.get(year=LAST_YEAR, kind=PeriodKind.QUARTERLY, number=4)
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            gaps = gap_list(access=access, period=period)
        timings = []
        for _run in range(GAP_RUNS):
            started = time.perf_counter()
            gap_list(access=access, period=period)
            timings.append(time.perf_counter() - started)
        per_employee: dict[int, int] = {}
        for gap in gaps:
            per_employee[gap.employee_id] = per_employee.get(gap.employee_id, 0) + 1
        figures = {
            "period": str(period),
            "period_id": period.pk,
            "user": BENCH_USER,
            "employees": Employee.objects.filter(is_active=True).count(),
            "gaps": len(gaps),
            "employees_with_gaps": len(per_employee),
            "queries": len(queries.captured_queries),
            "runs": GAP_RUNS,
            "median_s": round(statistics.median(timings), 3),
            "max_s": round(max(timings), 3),
        }
        return figures, per_employee

    def _gap_api(self, requests: int, *, period_id: int, employees: list[int]) -> dict:
        """The employee gap endpoint for two employees with different gaps: its query count must not differ."""
        user = get_user_model().objects.get(username=BENCH_USER)
        url = _url("api:gap-list", GAP_LIST_PATH)
        client = APIClient()
        client.force_authenticate(user=user)
        figures = {"url": url, "user": BENCH_USER, "requests": requests, "cases": {}}
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            for employee_id in employees:
                params = {"period": period_id, "employee": employee_id}
                figures["cases"][f"employee={employee_id}"] = self._measure(client, user, url, params, requests)
        counts = {case.get("queries") for case in figures["cases"].values()}
        figures["constant_queries"] = len(counts) == 1 and None not in counts
        return figures

    def _measure(self, client, user, url: str, params: dict, requests: int) -> dict:
        def get():
            # A real request loads its user afresh; force_authenticate reuses one object and its cached access.
            access_forget(user)
            return client.get(url, params, secure=True)

        response = get()
        if response.status_code != 200:
            return {"status": response.status_code, "error": _("The endpoint did not answer 200.")}
        # Each request empties the query log when it starts; the context must start from an empty log too.
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            get()
        timings = []
        for _index in range(requests):
            started = time.perf_counter()
            get()
            timings.append((time.perf_counter() - started) * 1000)
        data = response.data
        return {
            "status": response.status_code,
            "results": len(data) if isinstance(data, list) else data.get("count"),
            "queries": len(queries.captured_queries),
            "median_ms": round(statistics.median(timings), 1),
            "p95_ms": round(_p95(timings), 1),
        }

    def _print(self, results: dict) -> None:
        env = results["environment"]
        self.stdout.write(
            _("Python %(python)s, Django %(django)s, %(db)s %(db_version)s")
            % {
                "python": env["python"],
                "django": env["django"],
                "db": env["database"],
                "db_version": env["database_version"],
            }
        )
        self.stdout.write(self.style.MIGRATE_HEADING(_("Seeding the demo regency")))
        labels = (_("Employees"), _("Years"), _("People s"), _("Appraisal s"), _("Total s"), _("Scores"))
        self.stdout.write("  " + "  ".join(f"{label:>11}" for label in labels))
        for row in results["seed"]:
            cells = (
                row["employees"],
                row["appraisal_years"],
                f"{row['people_seconds']:.2f}",
                f"{row['appraisal_seconds']:.2f}",
                f"{row['seconds']:.2f}",
                row["scores"],
            )
            self.stdout.write("  " + "  ".join(f"{cell:>11}" for cell in cells))
        api = results["api"]
        self._print_cases(
            _("Employee list %(url)s as %(user)s, %(requests)d requests per case")
            % {"url": api["url"], "user": api["user"], "requests": api["requests"]},
            api["cases"],
        )
        if "gaps" not in results:
            return
        gaps = results["gaps"]
        self.stdout.write(
            self.style.MIGRATE_HEADING(
                _("Gaps of all %(employees)d employees in %(period)s as %(user)s (gap_list)")
                % {"employees": gaps["employees"], "period": gaps["period"], "user": gaps["user"]}
            )
        )
        self.stdout.write(
            "  "
            + _(
                "%(gaps)d gaps of %(with)d employees; %(queries)d queries; median %(median).3f s, "
                "slowest %(max).3f s of %(runs)d runs"
            )
            % {
                "gaps": gaps["gaps"],
                "with": gaps["employees_with_gaps"],
                "queries": gaps["queries"],
                "median": gaps["median_s"],
                "max": gaps["max_s"],
                "runs": gaps["runs"],
            }
        )
        gap_api = results["gap_api"]
        self._print_cases(
            _("Employee gaps %(url)s as %(user)s, %(requests)d requests per case")
            % {"url": gap_api["url"], "user": gap_api["user"], "requests": gap_api["requests"]},
            gap_api["cases"],
        )
        verdict = _("same for both") if gap_api["constant_queries"] else _("NOT the same for both")
        self.stdout.write("  " + _("Queries: %(verdict)s.") % {"verdict": verdict})

    def _print_cases(self, heading: str, cases: dict) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(heading))
        case, results_label, queries, median, p95 = _("Case"), _("Results"), _("Queries"), _("Median ms"), _("p95 ms")
        self.stdout.write(f"  {case:<16}  {results_label:>7}  {queries:>7}  {median:>9}  {p95:>7}")
        for label, row in cases.items():
            if "error" in row:
                self.stdout.write(f"  {label:<16}  {row['error']} (HTTP {row['status']})")
                continue
            self.stdout.write(
                f"  {label:<16}  {row['results']:>7}  {row['queries']:>7}  {row['median_ms']:>9}  {row['p95_ms']:>7}"
            )


def _two_employees(gaps_per_employee: dict[int, int]) -> list[int]:
    """The demo "pegawai" and whoever has the most gaps: the same queries must serve both."""
    pegawai = Employee.objects.filter(user__username="pegawai").values_list("pk", flat=True).first()
    others = sorted(gaps_per_employee, key=lambda pk: (-gaps_per_employee[pk], pk))
    chosen = [pk for pk in [pegawai, *others] if pk is not None]
    if len(chosen) < 2:
        chosen += list(Employee.objects.exclude(pk__in=chosen).order_by("pk").values_list("pk", flat=True)[:2])
    return list(dict.fromkeys(chosen))[:2]
