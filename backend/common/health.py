"""Liveness of a running Bangkom: the ``/health/`` view and the container probes.

``GET /health/`` answers 200 ``{"status": "ok", ...}`` when the database
answers and the Celery broker can be reached (or no broker is configured: the
embedded default runs tasks inline), and 503 otherwise. It names which check
failed, never why: the details go to the log.

The same module is the probe docker-compose runs inside the containers::

    python -m backend.common.health web      # GET /health/ through gunicorn
    python -m backend.common.health broker   # connect to the Celery broker

Both exit 0 when healthy and 1 otherwise.
"""

import logging
import os
import sys
import urllib.error
import urllib.request

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 3
PROBE_URL = "http://127.0.0.1:8000/health/"


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: the database does not answer.")
        return "error"
    return "ok"


def check_broker() -> str:
    from backend.celery import app

    if app.conf.task_always_eager:
        return "eager"
    try:
        with app.connection_for_write(connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception:
        logger.exception("Health check: the Celery broker cannot be reached.")
        return "error"
    return "ok"


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    checks = {"database": check_database(), "broker": check_broker()}
    healthy = all(value in {"ok", "eager"} for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


# --- Container probes -----------------------------------------------------------


def probe_host() -> str:
    """A Host header the running site accepts: the first of DJANGO_ALLOWED_HOSTS."""
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(","):
        host = host.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def probe_web(url: str = PROBE_URL) -> bool:
    # X-Forwarded-Proto as the TLS proxy sends it, so SECURE_SSL_REDIRECT does not answer 301.
    request = urllib.request.Request(url, headers={"Host": probe_host(), "X-Forwarded-Proto": "https"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=8) as response:  # noqa: S310 (fixed http URL)
            return response.status == 200
    except (urllib.error.URLError, OSError) as exc:
        print(f"health: {url}: {exc}", file=sys.stderr)
        return False


def probe_broker() -> bool:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    django.setup()
    return check_broker() in {"ok", "eager"}


def main(argv: list[str]) -> int:
    target = argv[0] if argv else "web"
    probes = {"web": probe_web, "broker": probe_broker}
    if target not in probes:
        print(f"usage: python -m backend.common.health [{'|'.join(probes)}]", file=sys.stderr)
        return 2
    return 0 if probes[target]() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
