"""Course suggestions and the impact report at 1,000, 8,000 and 64,000 employees.

Each size runs in its own process (``python -m lms.bench.suggestions --child SIZE``) against
a throwaway database: a SQLite file in a temporary directory, or, with ``--postgres-url``, a
PostgreSQL database created next to the one named and dropped afterwards. The child migrates,
writes the synthetic regency of ``lms.bench.suggestion_data`` and measures:

- suggestions for all employees as the nightly task does it (``compute_suggestions_task``,
  one transaction), three times: the first run creates the suggestions, the second refreshes
  them unchanged (the usual night), the third after every suggestion changed (every course
  weight lowered: the cost of a new quarter of scores); goal at 8,000 employees on
  PostgreSQL: 30 s, for the slowest of the three;
- suggestions for one employee (``suggestions_compute`` on demand), 30 runs over different
  employees with gaps after one warm-up run: median and p95 (goal 50 ms);
- the impact report for all courses (``impact_list``, 1,000 bootstrap samples; goal 2 s);
- the child's peak memory.

Growth from one size to the next is the time ratio divided by the size ratio: at most 1 is
no worse than linear. Run on its own with ``python -m lms.bench.suggestions --sizes 1000,8000``.
"""

import argparse
import itertools
import json
import os
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from lms.bench.burst import _admin, _throwaway, is_postgres
from lms.bench.suggestion_report import print_figures

BASE_DIR = Path(__file__).resolve().parents[2]
DEFAULT_SIZES = (1000, 8000, 64000)
ONE_RUNS = 30
TIMEOUT = 3600
GOALS = {"all_s_at_8000_postgresql": 30.0, "one_ms": 50.0, "impact_s": 2.0, "growth": 1.0}
GOAL_SIZE = 8000
ALL_RUNS = ("all_first", "all_second", "all_changed")


def parse_sizes(text: str) -> list[int]:
    """``1000,8000`` → [1000, 8000]; empty or 0 → none."""
    sizes = [int(item) for item in text.replace(" ", "").split(",") if item]
    if any(size < 0 for size in sizes):
        raise ValueError(text)
    return [size for size in sizes if size]


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18] if len(samples) > 1 else samples[0]


def _peak_rss_mb() -> float:
    """This process's peak resident memory. Linux keeps ``ru_maxrss`` across fork and exec, so a
    child of a large ``make bench`` would report its parent's peak; ``VmHWM`` belongs to the
    process's own memory map and starts afresh with it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _latest_gapped() -> list[int]:
    from backend.appraisal.models import Score
    from backend.appraisal.selectors import appraisal_rules_get
    from lms.selectors.suggestions import gap_period_get

    period = gap_period_get()
    if period is None:
        return []
    return sorted(
        Score.objects.filter(period=period, achievement__lt=appraisal_rules_get().weak_threshold)
        .order_by("employee_id")
        .values_list("employee_id", flat=True)
        .distinct()
    )


def _all_employees() -> dict:
    """One run of the nightly task, timed as a whole, with what its run recorded."""
    from lms.models import SuggestionRun
    from lms.tasks import compute_suggestions_task

    started = time.perf_counter()
    compute_suggestions_task.apply().get()
    seconds = time.perf_counter() - started
    run = SuggestionRun.objects.order_by("-pk").first()
    return {
        "seconds": round(seconds, 3),
        "employees": run.employees if run else 0,
        "created": run.created if run else 0,
        "updated": run.updated if run else 0,
        "lapsed": run.lapsed if run else 0,
    }


def _one_employee(gapped: list[int], runs: int) -> dict:
    from lms.choices import SuggestionTrigger
    from lms.services.suggestions import suggestions_compute

    if not gapped:
        return {"runs": 0, "median_ms": None, "p95_ms": None}
    picks = [gapped[index * len(gapped) // runs] for index in range(runs)]
    # The first call of a process pays for imports and caches no later call needs.
    suggestions_compute(trigger=SuggestionTrigger.ON_DEMAND, employee_ids=[picks[-1]])
    timings = []
    for employee in picks:
        started = time.perf_counter()
        suggestions_compute(trigger=SuggestionTrigger.ON_DEMAND, employee_ids=[employee])
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "runs": len(timings),
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(_p95(timings), 1),
        "max_ms": round(max(timings), 1),
    }


def _impact(samples: int | None) -> dict:
    from django.conf import settings

    from backend.people.access import Access
    from lms.selectors.impact import impact_list

    started = time.perf_counter()
    estimates = impact_list(access=Access(user_id=None, is_superuser=True), samples=samples)
    return {
        "seconds": round(time.perf_counter() - started, 3),
        "samples": settings.LMS_IMPACT_BOOTSTRAP if samples is None else samples,
        "courses": len(estimates),
        "enough_data": sum(e.enough_data for e in estimates),
    }


def measure(*, employees: int, seed: int = 1, one_runs: int = ONE_RUNS, samples: int | None = None) -> dict:
    """Seed the regency into the current (empty) database and measure the engines on it."""
    from django.db import connection
    from django.db.models import F

    from backend.appraisal.models import Score
    from lms.bench.suggestion_data import seed_bench_regency
    from lms.models import CourseIndicator, Suggestion

    seeded = seed_bench_regency(employees=employees, seed=seed)
    seeded_rss = _peak_rss_mb()
    gapped = _latest_gapped()
    first = _all_employees()
    second = _all_employees()
    # The worst refresh: every open suggestion changes (here through the courses' weights, as a new
    # quarter of scores would through the gaps), so every row goes through bulk_update.
    CourseIndicator.objects.update(weight=F("weight") - Decimal("0.05"))
    changed = _all_employees()
    return {
        "database": f"{connection.vendor} {'.'.join(str(p) for p in connection.get_database_version())}",
        "employees": seeded.employees,
        "scores": Score.objects.count(),
        "gaps": len(gapped),
        "seed": seeded.__dict__,
        "all_first": first,
        "all_second": second,
        "all_changed": changed,
        "suggestions": Suggestion.objects.count(),
        "one": _one_employee(gapped, one_runs),
        "impact": _impact(samples),
        "peak_rss_mb": _peak_rss_mb(),
        "peak_rss_after_seed_mb": seeded_rss,
    }


def _child(size: int, postgres_url: str, seed: int, one_runs: int) -> dict:
    """In the child process: make the throwaway database, point Django at it, measure, drop it."""
    folder = admin_url = name = None
    if postgres_url:
        admin_url, name, url = _throwaway(postgres_url)
        _admin(admin_url, f'CREATE DATABASE "{name}"')
    else:
        folder = tempfile.mkdtemp(prefix="bangkom-bench-")
        url = f"sqlite:///{folder}/bench.sqlite3"
    try:
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_seconds = time.perf_counter() - started
        figures = measure(employees=size, seed=seed, one_runs=one_runs)
        figures["migrate_seconds"] = round(migrate_seconds, 2)
        connection.close()
    finally:
        if name:
            _admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
    return figures


def run_size_process(size: int, *, postgres_url: str = "", seed: int = 1, one_runs: int = ONE_RUNS) -> dict:
    """Measure one size in a child process; its figures, or {"error": ...}."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.settings",
        # Production settings: no query log (it slows bulk work and grows with it).
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "CELERY_BROKER_URL": "",
    }
    command = [sys.executable, "-m", "lms.bench.suggestions", "--child", str(size), "--seed", str(seed)]
    command += ["--one-runs", str(one_runs)]
    if postgres_url:
        command += ["--postgres-url", postgres_url]
    try:
        completed = subprocess.run(  # noqa: S603 - our own interpreter and module
            command, cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        return {"employees": size, "error": f"timed out after {TIMEOUT} s"}
    if completed.returncode != 0:
        tail = (completed.stderr or completed.stdout).strip().splitlines()[-1:] or ["failed"]
        return {"employees": size, "error": tail[0]}
    return json.loads(completed.stdout.strip().splitlines()[-1])


def growth(rows: list[dict]) -> list[dict]:
    """Time ratio ÷ size ratio between consecutive sizes, for all employees and for the impact report."""
    ok = [row for row in rows if "error" not in row]
    steps = []
    for small, large in itertools.pairwise(ok):
        size_ratio = large["employees"] / small["employees"]

        def ratio(get, small=small, large=large, size_ratio=size_ratio):
            before, after = get(small), get(large)
            return round(after / before / size_ratio, 2) if before and after is not None else None

        steps.append(
            {
                "from": small["employees"],
                "to": large["employees"],
                "all_first": ratio(lambda r: r["all_first"]["seconds"]),
                "all_second": ratio(lambda r: r["all_second"]["seconds"]),
                "all_changed": ratio(lambda r: r["all_changed"]["seconds"]),
                "impact": ratio(lambda r: r["impact"]["seconds"]),
                "one_median": ratio(lambda r: r["one"]["median_ms"]),
            }
        )
    return steps


def verdicts(rows: list[dict], steps: list[dict], *, vendor: str) -> dict:
    """Each goal: met (True), missed (False) or not measured here (None)."""
    at_goal = next((r for r in rows if r.get("employees") == GOAL_SIZE and "error" not in r), None)
    slowest_all = max(at_goal[key]["seconds"] for key in ALL_RUNS) if at_goal else None
    return {
        "all_at_8000": (slowest_all <= GOALS["all_s_at_8000_postgresql"]) if at_goal else None,
        "all_at_8000_counts": vendor == "postgresql",
        "one_p95_at_8000": (at_goal["one"]["p95_ms"] is not None and at_goal["one"]["p95_ms"] <= GOALS["one_ms"])
        if at_goal
        else None,
        "impact_at_8000": (at_goal["impact"]["seconds"] <= GOALS["impact_s"]) if at_goal else None,
        "growth": all(
            value <= GOALS["growth"]
            for step in steps
            for key, value in step.items()
            if key in (*ALL_RUNS, "impact") and value is not None
        )
        if steps
        else None,
    }


def run_database(sizes: list[int], *, postgres_url: str = "", seed: int = 1, one_runs: int = ONE_RUNS, stdout=None):
    from django.utils.translation import gettext as _

    say = stdout.write if stdout is not None else (lambda _message: None)
    vendor = "postgresql" if postgres_url else "sqlite"
    rows = []
    for size in sizes:
        say(_("Suggestions and impact: %(size)d employees on %(db)s…") % {"size": size, "db": vendor})
        rows.append(run_size_process(size, postgres_url=postgres_url, seed=seed, one_runs=one_runs))
    steps = growth(rows)
    return {"sizes": rows, "growth": steps, "goals_met": verdicts(rows, steps, vendor=vendor)}


def run(
    *, sizes: list[int], seed: int = 1, postgres_url: str = "", one_runs: int = ONE_RUNS, sqlite=True, stdout=None
) -> dict:
    """SQLite (unless ``sqlite`` is false); PostgreSQL when a server is given (the 30 s goal is for PostgreSQL)."""
    from django.utils.translation import gettext as _

    options = {"seed": seed, "one_runs": one_runs, "stdout": stdout}
    figures = {"goals": GOALS}
    figures["sqlite"] = run_database(sizes, **options) if sqlite else {"skipped": _("Not asked for.")}
    if postgres_url and is_postgres(postgres_url):
        figures["postgresql"] = run_database(sizes, postgres_url=postgres_url, **options)
    else:
        figures["postgresql"] = {
            "skipped": _("Pass --postgres-url postgres://… (BENCH_POSTGRES_URL): the 30 s goal is for PostgreSQL.")
        }
    return figures


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
    parser.add_argument("--postgres-url", default="", help="Also (with --child: only) measure on PostgreSQL.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one-runs", type=int, default=ONE_RUNS)
    parser.add_argument("--out", default="", help="Write the figures as JSON to this file.")
    parser.add_argument("--no-sqlite", action="store_true", help="Measure on PostgreSQL only.")
    parser.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        figures = _child(options.child, options.postgres_url, options.seed, options.one_runs)
        print(json.dumps(figures))  # the parent reads the last line
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    import django

    django.setup()
    from django.core.management.base import OutputWrapper
    from django.core.management.color import color_style

    stdout = OutputWrapper(sys.stdout)
    figures = run(
        sizes=parse_sizes(options.sizes),
        seed=options.seed,
        postgres_url=options.postgres_url,
        one_runs=options.one_runs,
        sqlite=not options.no_sqlite,
        stdout=stdout,
    )
    if options.out:
        Path(options.out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print_figures(stdout, color_style(), figures)


if __name__ == "__main__":
    main()
