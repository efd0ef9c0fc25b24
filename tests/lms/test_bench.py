"""The training benchmarks, run small: their figures, flat query counts, the HTTP client, the burst."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from lms.bench import training
from lms.bench.burst import run_burst_process
from lms.bench.http import _load

pytestmark = pytest.mark.django_db


def test_bench_measures_the_training_lists(tmp_path):
    out = tmp_path / "bench.json"

    # The test database lives in this process: gunicorn could not see it, so HTTP is left out here.
    call_command(
        "bench",
        out=str(out),
        sizes="100:0",
        requests=2,
        lms_scale=0.1,
        http_seconds=0,
        suggestion_sizes="",
        certificate_renders=0,
        load_seconds=0,
        stdout=StringIO(),
    )

    figures = json.loads(out.read_text())["lms"]
    seed = figures["seed"]
    assert seed["employees"] == 120
    assert seed["enrollments"] > 0
    assert seed["attendance"] > seed["enrollments"]
    assert set(figures["lists"]["lists"]) == {"courses", "offerings", "enrollments"}
    for row in figures["lists"]["lists"].values():
        small, large = row["cases"]["page_size=5"], row["cases"]["page_size=50"]
        assert small["status"] == large["status"] == 200
        assert small["results"] == large["results"] > 0
        assert small["page"] <= 5 < large["page"] or large["results"] <= 5
        # The page size must not change the number of queries (no query per row).
        assert small["queries"] == large["queries"]
        assert row["constant_queries"]
    assert "http" not in figures
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert "skipped" in figures["burst"]
    else:
        assert figures["burst"]["within_capacity"]


def test_the_burst_says_why_it_is_skipped_without_postgresql(settings):
    url, reason = training._postgres_url("")
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert url is None
        assert "PostgreSQL" in reason
    url, reason = training._postgres_url("sqlite:///x.db")
    assert url is None
    assert "--postgres-url" in reason
    assert training._postgres_url("postgres://u@h:5432/db") == ("postgres://u@h:5432/db", "")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        ok = self.headers.get("Authorization") == "Token secret" and self.path != "/broken/"
        body = b'{"count": 0}' if ok else b"{}"
        self.send_response(200 if ok else 500)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def test_the_http_client_counts_requests_latency_and_errors(server, monkeypatch):
    monkeypatch.setattr("lms.bench.http.WARMUP_SECONDS", 0.1)

    good = _load(server, ["/api/v1/courses/"], "secret", clients=2, seconds=0.5)
    assert good["requests"] > 10
    assert good["rps"] == round(good["requests"] / 0.5, 1)
    assert good["errors"] == 0
    assert 0 < good["p50_ms"] <= good["p95_ms"]

    mixed = _load(server, ["/api/v1/courses/", "/broken/"], "secret", clients=2, seconds=0.5)
    assert mixed["errors"] == mixed["statuses"]["500"] > 0


@pytest.mark.postgres
def test_a_burst_never_exceeds_the_capacity():
    import os

    figures = run_burst_process(os.environ["DATABASE_URL"], threads=20, seats=10)
    assert figures["errors"] == 0, figures
    assert figures["enrolled"] == 10
    assert figures["waitlisted"] == 10
    assert figures["within_capacity"]
