"""The certificate benchmark of ``make bench``: rendering cost, PDF size, memory, and a 500-person class.

Runs on a throwaway database (a SQLite file in a temporary directory and, with
``--postgres-url``, a PostgreSQL database created next to the one named and dropped
afterwards), with its PDFs in a temporary media folder. A child process writes the data
(``certificates.bench_data``); then each phase runs in a child process of its own, so that its
memory is its own (``certificates.bench_phases``):

1. pipeline: ``certificate_render`` (content → HTML → PDF → file + SHA-256 + row), ``--renders``
   times after 10 warm-up renders: p50 / p95 ms, certificates per second, PDF size, resident
   memory after 100, 500 and 1,000 renders;
2. direct: WeasyPrint on the identical HTML, as its documentation shows it (a new font
   configuration per document) and through ``render_html_to_pdf`` (the shared one); the
   same figures, and the pipeline's p50 ÷ each direct p50;
3. offering: a coordinator issues a class of ``--offering`` in one action; each render queued on
   commit goes straight to the next free one of ``--workers`` forked, warm processes: the wall
   time from the action to the last PDF stored, numbers 1..N gapless.

Goals (issue 6): pipeline ≤ 1.3 × direct WeasyPrint; 500 people in ≤ 40 s on 2 workers;
≤ 50 KB per PDF; flat memory (here: at most 10 MB growth from the 100th render to the last).
On its own: ``python -m certificates.bench [--renders 1000] [--offering 500] [--workers 2]
[--postgres-url URL] [--out file.json]``.
"""

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from certificates.bench_report import print_figures

BASE_DIR = Path(__file__).resolve().parents[1]
DEFAULT_RENDERS = 1000
DEFAULT_OFFERING = 500
DEFAULT_WORKERS = 2
TIMEOUT = 3600
GOALS = {"ratio": 1.3, "offering_s": 40.0, "offering_size": 500, "offering_workers": 2, "pdf_bytes": 50 * 1024}
GOALS["rss_growth_mb"] = 10.0
PHASES = ("pipeline", "direct_plain", "direct_shared")
__all__ = ["DEFAULT_RENDERS", "print_figures", "run", "run_database"]


def _child_main(options) -> dict:
    """In a child process: Django on the throwaway database the parent made, one phase measured."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    import django

    django.setup()
    from django.db import connection

    from certificates import bench_phases

    if options.child == "seed":
        import time

        from django.core.management import call_command

        from certificates.bench_data import seed_certificate_bench

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_s = time.perf_counter() - started
        figures = seed_certificate_bench(renders=options.renders + bench_phases.WARMUP, offering=options.offering)
        figures["migrate_seconds"] = round(migrate_s, 2)
        version = ".".join(str(part) for part in connection.get_database_version())
        figures["database"] = f"{connection.vendor} {version}"
    elif options.child == "pipeline":
        figures = bench_phases.pipeline(render_offering_id=options.render_offering, renders=options.renders)
    elif options.child in ("direct_plain", "direct_shared"):
        figures = bench_phases.direct(
            render_offering_id=options.render_offering,
            renders=options.renders,
            shared=options.child == "direct_shared",
        )
    else:
        from certificates.bench_data import CLASS_COORDINATOR

        figures = bench_phases.offering(
            class_offering_id=options.class_offering, coordinator=CLASS_COORDINATOR, workers=options.workers
        )
    connection.close()
    return figures


def _run_child(phase: str, *, url: str, media: str, extra: list[str]) -> dict:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.settings",
        "DATABASE_URL": url,
        "DJANGO_MEDIA_ROOT": media,
        # Production settings: no query log (it would grow with every render and read as a leak).
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # A broker, so that issuing queues the renders as in production instead of rendering inline;
        # an in-process one: the benchmark's workers render by id, and nothing reads these messages.
        "CELERY_BROKER_URL": "memory://",
        "CELERY_RESULT_BACKEND": "cache+memory://",
    }
    command = [sys.executable, "-m", "certificates.bench", "--child", phase, *extra]
    # The machine may be shared: a busy neighbour slows every figure, and this says so.
    load_before = round(os.getloadavg()[0], 2)
    try:
        completed = subprocess.run(  # noqa: S603 - our own interpreter and module
            command, cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {TIMEOUT} s", "load_before": load_before}
    if completed.returncode != 0:
        tail = (completed.stderr or completed.stdout).strip().splitlines()[-1:] or ["failed"]
        return {"error": tail[0], "load_before": load_before}
    return {**json.loads(completed.stdout.strip().splitlines()[-1]), "load_before": load_before}


def ratio(pipeline: dict, direct: dict) -> float | None:
    if "error" in pipeline or "error" in direct or not direct.get("p50_ms"):
        return None
    return round(pipeline["p50_ms"] / direct["p50_ms"], 2)


def verdicts(figures: dict, *, offering: int, workers: int) -> dict:
    """Each goal: met (True), missed (False) or not measured as the goal states it (None).

    Size and memory are the pipeline's: it is what a worker runs."""
    pipeline, class_ = figures.get("pipeline", {"error": ""}), figures.get("offering", {"error": ""})
    ok = "error" not in pipeline
    at_goal = offering == GOALS["offering_size"] and workers == GOALS["offering_workers"] and "error" not in class_
    growth = pipeline.get("rss_growth_mb") if ok else None
    return {
        "ratio_plain": figures["ratio_plain"] <= GOALS["ratio"] if figures["ratio_plain"] is not None else None,
        "ratio_shared": figures["ratio_shared"] <= GOALS["ratio"] if figures["ratio_shared"] is not None else None,
        "offering": (class_["wall_s"] <= GOALS["offering_s"] and class_["issued"] == offering and class_["gapless"])
        if at_goal
        else None,
        "pdf_size": pipeline["pdf_max_bytes"] <= GOALS["pdf_bytes"] if ok else None,
        # Only over enough renders to tell a leak from the caches filling up.
        "flat_memory": growth <= GOALS["rss_growth_mb"] if growth is not None and pipeline["renders"] >= 500 else None,
    }


def run_database(
    *,
    renders: int = DEFAULT_RENDERS,
    offering: int = DEFAULT_OFFERING,
    workers: int = DEFAULT_WORKERS,
    postgres_url: str = "",
    stdout=None,
) -> dict:
    """All phases on one throwaway database (SQLite, or PostgreSQL next to ``postgres_url``)."""
    from django.utils.translation import gettext as _

    from lms.bench.burst import _admin, _throwaway

    say = stdout.write if stdout is not None else (lambda _message: None)
    folder = tempfile.mkdtemp(prefix="bangkom-certbench-")
    admin_url = name = None
    if postgres_url:
        admin_url, name, url = _throwaway(postgres_url)
        _admin(admin_url, f'CREATE DATABASE "{name}"')
    else:
        url = f"sqlite:///{folder}/bench.sqlite3"
    media = f"{folder}/media"
    vendor = "PostgreSQL" if postgres_url else "SQLite"
    sizes = ["--renders", str(renders), "--offering", str(offering), "--workers", str(workers)]
    figures: dict = {"renders": renders, "offering_size": offering, "workers": workers}
    try:
        say(_("Certificates on %(db)s: writing the data…") % {"db": vendor})
        figures["seed"] = seed = _run_child("seed", url=url, media=media, extra=sizes)
        if "error" in seed:
            return figures
        ids = ["--render-offering", str(seed["render_offering_id"]), "--class-offering", str(seed["class_offering_id"])]
        for phase in (*PHASES, "offering"):
            say(_("Certificates on %(db)s: %(phase)s…") % {"db": vendor, "phase": phase})
            figures[phase] = _run_child(phase, url=url, media=media, extra=sizes + ids)
    finally:
        if name:
            _admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(folder, ignore_errors=True)
    figures["ratio_plain"] = ratio(figures["pipeline"], figures["direct_plain"])
    figures["ratio_shared"] = ratio(figures["pipeline"], figures["direct_shared"])
    figures["goals_met"] = verdicts(figures, offering=offering, workers=workers)
    return figures


def run(
    *,
    renders: int = DEFAULT_RENDERS,
    offering: int = DEFAULT_OFFERING,
    workers: int = DEFAULT_WORKERS,
    postgres_url: str = "",
    sqlite: bool = True,
    stdout=None,
) -> dict:
    """SQLite (unless ``sqlite`` is false), and PostgreSQL when a server is given."""
    from django.utils.translation import gettext as _

    from lms.bench.burst import is_postgres

    options = {"renders": renders, "offering": offering, "workers": workers, "stdout": stdout}
    figures = {"goals": GOALS}
    figures["sqlite"] = run_database(**options) if sqlite else {"skipped": _("Not asked for.")}
    if postgres_url and is_postgres(postgres_url):
        figures["postgresql"] = run_database(postgres_url=postgres_url, **options)
    else:
        figures["postgresql"] = {"skipped": _("Pass --postgres-url postgres://… (BENCH_POSTGRES_URL).")}
    return figures


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--renders", type=int, default=DEFAULT_RENDERS, help="Timed renders per phase.")
    parser.add_argument("--offering", type=int, default=DEFAULT_OFFERING, help="Participants of the class.")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="Processes rendering the class.")
    parser.add_argument("--postgres-url", default="", help="Also measure on a throwaway PostgreSQL database.")
    parser.add_argument("--no-sqlite", action="store_true", help="Measure on PostgreSQL only.")
    parser.add_argument("--out", default="", help="Write the figures as JSON to this file.")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    parser.add_argument("--render-offering", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--class-offering", type=int, default=0, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.renders < 1 or options.offering < 1 or options.workers < 1:
        parser.error("--renders, --offering and --workers must be at least 1")
    if options.child:
        print(json.dumps(_child_main(options)))  # the parent reads the last line
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    import django

    django.setup()
    from django.core.management.base import OutputWrapper
    from django.core.management.color import color_style

    stdout = OutputWrapper(sys.stdout)
    figures = run(
        renders=options.renders,
        offering=options.offering,
        workers=options.workers,
        postgres_url=options.postgres_url,
        sqlite=not options.no_sqlite,
        stdout=stdout,
    )
    if options.out:
        Path(options.out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print_figures(stdout, color_style(), figures)


if __name__ == "__main__":
    main()
