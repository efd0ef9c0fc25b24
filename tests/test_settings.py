"""The settings switch between the embedded default and production.

Each case imports ``backend.settings`` in a fresh interpreter with a controlled
environment, so the settings of this test process are never touched.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from backend.common.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "x7Qp-2vLr9_KdTz4WmNc8HbYs1JfGa6UeRo3XiPq5VnEt0SyMw-" * 2

PROBE = """
import json
import backend.settings as s
print(json.dumps({
    "debug": s.DEBUG,
    "engine": s.DATABASES["default"]["ENGINE"],
    "db_name": str(s.DATABASES["default"]["NAME"]),
    "eager": s.CELERY_TASK_ALWAYS_EAGER,
    "broker": s.CELERY_BROKER_URL,
    "result_backend": s.CELERY_RESULT_BACKEND,
    "allowed_hosts": s.ALLOWED_HOSTS,
    "ssl_redirect": s.SECURE_SSL_REDIRECT,
    "hsts": s.SECURE_HSTS_SECONDS,
    "session_cookie_secure": s.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": s.CSRF_COOKIE_SECURE,
    "staticfiles": s.STORAGES["staticfiles"]["BACKEND"],
    "email_backend": s.EMAIL_BACKEND,
}))
"""


def run_settings(**env: str) -> subprocess.CompletedProcess:
    """Import the settings in a subprocess whose environment is only ``env`` (plus PATH)."""
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def load_settings(**env: str) -> dict:
    result = run_settings(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_no_environment_is_the_embedded_default():
    s = load_settings()
    assert s["debug"] is True
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["db_name"] == str(ROOT / "db.sqlite3")
    assert s["eager"] is True
    assert s["broker"] == ""
    assert s["email_backend"] == "django.core.mail.backends.console.EmailBackend"
    assert s["allowed_hosts"] == ["127.0.0.1", "localhost"]
    assert s["ssl_redirect"] is False
    assert s["hsts"] == 0


def test_postgres_database_url_selects_postgresql():
    s = load_settings(DATABASE_URL="postgres://bangkom:secret@db.example:5432/bangkom")
    assert s["engine"] == "django.db.backends.postgresql"
    assert s["db_name"] == "bangkom"


def test_broker_url_turns_eager_off():
    s = load_settings(CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    assert s["eager"] is False
    assert s["broker"] == "redis://127.0.0.1:6379/0"
    # Results go to the broker unless told otherwise.
    assert s["result_backend"] == "redis://127.0.0.1:6379/0"


def test_debug_off_without_secret_key_refuses_to_load():
    result = run_settings(DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_off_with_secret_key_is_secure_by_default():
    s = load_settings(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=STRONG_KEY)
    assert s["debug"] is False
    assert s["allowed_hosts"] == []  # nothing is served until hosts are named
    assert s["ssl_redirect"] is True
    assert s["hsts"] == 31536000
    assert s["session_cookie_secure"] is True
    assert s["csrf_cookie_secure"] is True
    assert s["staticfiles"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_security_defaults_can_be_overridden_for_a_plain_http_smoke_run():
    s = load_settings(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_HSTS_SECONDS="0",
    )
    assert s["ssl_redirect"] is False
    assert s["hsts"] == 0


def test_email_host_selects_smtp():
    s = load_settings(EMAIL_HOST="smtp.example")
    assert s["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize("value", ["maybe", "2", "enabled", "yes please"])
def test_garbage_boolean_refuses_to_load(value):
    result = run_settings(DJANGO_DEBUG=value)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


def test_garbage_integer_refuses_to_load():
    result = run_settings(EMAIL_PORT="twenty-five")
    assert result.returncode != 0
    assert "EMAIL_PORT must be an integer" in result.stderr


# --- The typed readers, in process -------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        *[("1", True), ("true", True), ("TRUE", True), (" yes ", True), ("on", True)],
        *[("0", False), ("false", False), ("No", False), ("off", False)],
    ],
)
def test_env_bool_parses(monkeypatch, raw, expected):
    monkeypatch.setenv("BANGKOM_TEST_FLAG", raw)
    assert env_bool("BANGKOM_TEST_FLAG", default=not expected) is expected


@pytest.mark.parametrize("raw", ["maybe", "tru", "2", "-1", "y", "nope"])
def test_env_bool_rejects_garbage(monkeypatch, raw):
    monkeypatch.setenv("BANGKOM_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="BANGKOM_TEST_FLAG must be a boolean"):
        env_bool("BANGKOM_TEST_FLAG", default=False)


def test_env_bool_unset_is_default(monkeypatch):
    monkeypatch.delenv("BANGKOM_TEST_FLAG", raising=False)
    assert env_bool("BANGKOM_TEST_FLAG", default=True) is True
    assert env_bool("BANGKOM_TEST_FLAG", default=False) is False


@pytest.mark.parametrize("raw", ["", "  "])
def test_env_bool_empty_is_default(monkeypatch, raw):
    # ``VAR=`` in an env file means "not set", as it does for integers.
    monkeypatch.setenv("BANGKOM_TEST_FLAG", raw)
    assert env_bool("BANGKOM_TEST_FLAG", default=True) is True
    assert env_bool("BANGKOM_TEST_FLAG", default=False) is False


def test_env_int(monkeypatch):
    monkeypatch.setenv("BANGKOM_TEST_INT", "42")
    assert env_int("BANGKOM_TEST_INT", default=0) == 42
    monkeypatch.setenv("BANGKOM_TEST_INT", " ")
    assert env_int("BANGKOM_TEST_INT", default=7) == 7
    monkeypatch.setenv("BANGKOM_TEST_INT", "4.2")
    with pytest.raises(ImproperlyConfigured, match="BANGKOM_TEST_INT must be an integer"):
        env_int("BANGKOM_TEST_INT", default=0)


def test_env_list(monkeypatch):
    monkeypatch.setenv("BANGKOM_TEST_LIST", " a.example, ,b.example ,")
    assert env_list("BANGKOM_TEST_LIST", default=[]) == ["a.example", "b.example"]
    monkeypatch.delenv("BANGKOM_TEST_LIST")
    assert env_list("BANGKOM_TEST_LIST", default=["x"]) == ["x"]


# --- Every variable is documented ---------------------------------------------------


def documented_variables() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^#?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_env_example_documents_every_variable_the_settings_read():
    source = (ROOT / "backend" / "settings.py").read_text()
    read = set(re.findall(r"\benv(?:_bool|_int|_list)?\(\s*\"([A-Z][A-Z0-9_]*)\"", source))
    assert "DJANGO_SECRET_KEY" in read  # the pattern still matches the settings' style
    assert read - documented_variables() == set()


def test_env_example_documents_the_makefile_and_compose_variables():
    makefile = (ROOT / "Makefile").read_text()
    make_vars = set(re.findall(r"^([A-Z][A-Z0-9_]*) \?=", makefile, flags=re.MULTILINE)) - {"PYTHON"}
    compose = (ROOT / "docker-compose.yml").read_text()
    compose_vars = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", compose))
    assert {"PORT", "BENCH_OUT"} <= make_vars
    assert (make_vars | compose_vars) - documented_variables() == set()
