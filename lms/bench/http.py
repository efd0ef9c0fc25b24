"""Catalog requests per second over HTTP: gunicorn with two workers, driven by a small threaded client.

gunicorn runs as in production (``backend.wsgi``, sync workers, DEBUG off) against the
benchmark's database; the client authenticates with a DRF token and keeps its connections
open where the server allows it (sync workers close them after each response, which
``http.client`` follows by reconnecting). Both share this machine's cores: the figure is a
floor for a web tier on its own host.
"""

import http.client
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from lms.bench.api import BENCH_USER, p95, url_of

WORKERS = 2
# The catalog as the ASN browse it: courses and offerings, the default page.
PATHS = (("api:course-list", "/api/v1/courses/"), ("api:offering-list", "/api/v1/offerings/"))
STARTUP_SECONDS = 60
WARMUP_SECONDS = 2.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_environment(port: int) -> dict:
    environment = dict(os.environ)
    environment.update(
        {
            # Production settings: no query log, no debug pages; plain HTTP on the loopback.
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{settings.DATABASES['default']['NAME']}"),
        }
    )
    return environment


def start_gunicorn(port: int, log, *, workers: int = WORKERS) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "backend.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--timeout",
        "60",
    ]
    # Its warnings (no collected static files, say) go to ``log``, not into the benchmark's report.
    return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        command, cwd=Path(settings.BASE_DIR), env=_server_environment(port), stdout=log, stderr=log
    )


def wait_ready(port: int, path: str, token: str, server: subprocess.Popen, log) -> None:
    """Wait until gunicorn answers ``path`` with 200 (``token``: a DRF token, or empty for a page)."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            tail = log.read().decode(errors="replace").strip().splitlines()[-3:]
            raise RuntimeError(f"gunicorn exited with status {server.returncode}: {' '.join(tail)}")
        try:
            status, _body = _get(http.client.HTTPConnection("127.0.0.1", port, timeout=5), path, token)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time")


def _get(connection: http.client.HTTPConnection, path: str, token: str) -> tuple[int, bytes]:
    headers = {"Accept": "application/json", **({"Authorization": f"Token {token}"} if token else {})}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


def _load(port: int, paths: list[str], token: str, *, clients: int, seconds: float) -> dict:
    """``clients`` threads requesting ``paths`` in turn for ``seconds`` (after a warm-up): rps and latency."""
    start = time.monotonic() + WARMUP_SECONDS
    stop = start + seconds
    lock = threading.Lock()
    timings: list[float] = []
    statuses: Counter = Counter()
    failures: Counter = Counter()

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, seen, errors = [], Counter(), Counter()
        turn = index
        while (now := time.monotonic()) < stop:
            path = paths[turn % len(paths)]
            turn += 1
            began = time.perf_counter()
            try:
                status, _body = _get(connection, path, token)
            except (OSError, http.client.HTTPException) as exc:
                errors[type(exc).__name__] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            if now >= start:
                mine.append((time.perf_counter() - began) * 1000)
                seen[status] += 1
        connection.close()
        with lock:
            timings.extend(mine)
            statuses.update(seen)
            failures.update(errors)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ok = statuses.get(200, 0)
    return {
        "requests": len(timings),
        "seconds": seconds,
        "rps": round(len(timings) / seconds, 1),
        "p50_ms": round(statistics.median(timings), 1) if timings else None,
        "p95_ms": round(p95(timings), 1) if timings else None,
        "errors": sum(failures.values()) + len(timings) - ok,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "exceptions": dict(failures),
    }


def rps_figures(*, seconds: float, clients: int, goal: int = 300, username: str = BENCH_USER) -> dict:
    """Requests per second on the catalog lists as ``username`` sees them.

    An ASN sees the common catalog, which is served from the cache (lms.cache); a coordinator's
    lists include their drafts and are computed for every request.
    """
    user = get_user_model().objects.get(username=username)
    token, _created = Token.objects.get_or_create(user=user)
    paths = [url_of(name, fallback) for name, fallback in PATHS]
    port = _free_port()
    with tempfile.TemporaryFile() as log:
        server = start_gunicorn(port, log)
        try:
            wait_ready(port, paths[0], token.key, server, log)
            figures = _load(port, paths, token.key, clients=clients, seconds=seconds)
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    return {
        "server": f"gunicorn backend.wsgi, {WORKERS} sync workers, DEBUG off",
        "paths": paths,
        "clients": clients,
        "user": username,
        "goal_rps": goal,
        "meets_goal": figures["rps"] >= goal and figures["errors"] == 0,
        **figures,
    }
