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

from backend.people.access import access_forget
from backend.people.demo.seed import DEFAULT_SEED, demo_reset, people_data_exists, seed_regency

EMPLOYEE_LIST_PATH = "/api/v1/employees/"
BENCH_USER = "hr"


def _employee_list_url() -> str:
    try:
        return reverse("api:employee-list")
    except NoReverseMatch:
        return EMPLOYEE_LIST_PATH


def _environment() -> dict:
    version = connection.get_database_version()
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": connection.vendor,
        "database_version": ".".join(str(part) for part in version),
        "platform": platform.platform(),
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


class Command(BaseCommand):
    help = "Measure demo seeding and the employee-list API on a throwaway database (see `make bench`)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="Write the figures as JSON to this file.")
        parser.add_argument("--sizes", default="1000,8000", help="Employee counts to seed, comma-separated.")
        parser.add_argument("--requests", type=int, default=30, help="Timed requests per API case.")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--wipe",
            action="store_true",
            help="Delete existing people data first. Never on a database you want to keep.",
        )

    def handle(self, *args, out, sizes, requests, seed, wipe, **options):
        try:
            counts = [int(size) for size in sizes.split(",")]
        except ValueError:
            raise CommandError(_("--sizes must be whole numbers separated by commas.")) from None
        if people_data_exists():
            if not wipe:
                # The benchmark deletes people data between runs; refuse to do that to a real database.
                raise CommandError(
                    _("The database already holds people data. Run the benchmark on a fresh database (`make bench`).")
                )
            demo_reset()

        # The demo addresses are not real mailboxes, and sending would be timed too.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            results = {"environment": _environment(), "seed": self._seed(counts, seed), "api": self._api(requests)}
        Path(out).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self._print(results)
        self.stdout.write(self.style.SUCCESS(_("Figures written to %(path)s.") % {"path": out}))

    def _seed(self, counts: list[int], seed: int) -> list[dict]:
        figures = []
        for index, count in enumerate(counts):
            if index:
                demo_reset()
            self.stdout.write(_("Seeding %(count)d employees…") % {"count": count})
            started = time.perf_counter()
            try:
                seed_regency(employees=count, seed=seed, password=settings.DEMO_PASSWORD)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            figures.append({"employees": count, "seconds": round(time.perf_counter() - started, 2)})
        return figures

    def _api(self, requests: int) -> dict:
        user = get_user_model().objects.get(username=BENCH_USER)
        url = _employee_list_url()
        client = APIClient()
        client.force_authenticate(user=user)
        cases = {
            "page_size=25": {"page_size": 25},
            "page_size=100": {"page_size": 100},
            "search=siti": {"search": "siti"},
        }
        figures = {"url": url, "user": BENCH_USER, "requests": requests, "cases": {}}
        # The test client answers as "testserver"; the runserver hosts do not include it.
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            for label, params in cases.items():
                figures["cases"][label] = self._measure(client, user, url, params, requests)
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
        return {
            "status": response.status_code,
            "results": response.data.get("count"),
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
        employees_label, seconds_label = _("Employees"), _("Seconds")
        self.stdout.write(f"  {employees_label:>10}  {seconds_label:>8}")
        for row in results["seed"]:
            self.stdout.write(f"  {row['employees']:>10}  {row['seconds']:>8.2f}")
        api = results["api"]
        self.stdout.write(
            self.style.MIGRATE_HEADING(
                _("Employee list %(url)s as %(user)s, %(requests)d requests per case")
                % {"url": api["url"], "user": api["user"], "requests": api["requests"]}
            )
        )
        case, results_label, queries, median, p95 = _("Case"), _("Results"), _("Queries"), _("Median ms"), _("p95 ms")
        self.stdout.write(f"  {case:<14}  {results_label:>7}  {queries:>7}  {median:>9}  {p95:>7}")
        for label, row in api["cases"].items():
            if "error" in row:
                self.stdout.write(f"  {label:<14}  {row['error']} (HTTP {row['status']})")
                continue
            self.stdout.write(
                f"  {label:<14}  {row['results']:>7}  {row['queries']:>7}  {row['median_ms']:>9}  {row['p95_ms']:>7}"
            )
