"""Faults the product must ride out: Redis down while people enroll, a worker killed mid-render.

Each test runs its own ``redis-server`` on a free port (never the shared one), so Redis can be
down, come back, or keep a killed worker's message without touching anyone else's queues.
"""

import contextlib
import hashlib
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from kombu import pools

from backend.celery import app
from certificates.models import Certificate
from certificates.services import certificate_issue
from lms.models import Enrollment, Notification
from tests.factories import CertificateIssuerFactory, OfferingFactory, SessionFactory, completed_enrollment

ROOT = Path(__file__).resolve().parent.parent
CELERY = Path(sys.executable).parent / "celery"

needs_redis_server = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="needs the redis-server binary (apt-get install redis-server)"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, *, timeout: float, what: str, logs=()) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    tails = "\n".join(f"--- {log.name}\n{log.read_text()[-4000:]}" for log in logs if log.exists())
    pytest.fail(f"timed out after {timeout}s waiting for {what}\n{tails}")


class RedisServer:
    """A throwaway Redis: no snapshots, no append-only file, on 127.0.0.1 only."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.directory)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def answers() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    return sock.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        wait_for(answers, timeout=10, what="redis-server")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    yield server
    server.stop()


def _drop_connections() -> None:
    """Forget the app's broker and result-store connections: the next use opens them anew.

    kombu keeps its pools in a registry by URL: closing one without emptying the registry would
    leave a closed pool for the next user of that URL.
    """
    pools.reset()
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@pytest.fixture
def celery_at(monkeypatch):
    """Point this process's Celery app (broker and results) at ``url``, with tasks really queued."""

    def point(url: str) -> None:
        # Celery prefers the environment's CELERY_BROKER_URL over its configuration.
        monkeypatch.setenv("CELERY_BROKER_URL", url)
        for name in ("CELERY_BROKER_WRITE_URL", "CELERY_BROKER_READ_URL", "CELERY_RESULT_BACKEND"):
            monkeypatch.delenv(name, raising=False)
        for key, value in {
            "broker_url": url,
            "broker_write_url": None,
            "broker_read_url": None,
            "result_backend": url,
            "task_always_eager": False,
        }.items():
            monkeypatch.setitem(app.conf, key, value)
        _drop_connections()

    yield point
    _drop_connections()


# --- Redis down while enrolling ------------------------------------------------------------


@needs_redis_server
@pytest.mark.django_db(transaction=True)
def test_with_redis_down_enrolling_succeeds_and_the_notification_is_sent_later(
    client, redis_server, celery_at, make_login, two_agencies, settings
):
    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping for the worker's start-up check
    from celery.contrib.testing.worker import start_worker

    from lms.tasks import send_pending_notifications_task

    # Production: one Redis is the broker and the cache. Nothing listens on its port yet.
    settings.CACHES = {
        "default": {
            "BACKEND": "backend.common.cache.ResilientRedisCache",
            "LOCATION": redis_server.url(1),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    celery_at(redis_server.url(0))
    asn = make_login(unit=two_agencies["school"])
    offering = OfferingFactory(owner_unit=two_agencies["dikbud"], requires_approval=False)
    SessionFactory(offering=offering)
    client.force_login(asn)

    started = time.monotonic()
    response = client.post(reverse("offering-enroll", args=[offering.pk]))
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert Enrollment.objects.get(offering=offering, employee=asn.employee).status == "enrolled"
    notification = Notification.objects.get(recipient=asn)
    assert notification.emailed_at is None
    assert mail.outbox == []
    # Not a speed target: Celery's defaults retry the result store for ~20 s before giving up,
    # holding the request; the publish policy in settings gives up within a second.
    assert elapsed < 10, f"enrolling with Redis down took {elapsed:.1f}s"

    # Redis is back. Beat publishes the sweep of unsent notifications; a worker runs it.
    redis_server.start()
    with start_worker(app, pool="solo", perform_ping_check=True, shutdown_timeout=10):
        send_pending_notifications_task.delay(older_than_minutes=0)
        wait_for(
            lambda: Notification.objects.get(pk=notification.pk).emailed_at is not None,
            timeout=30,
            what="the sweep to e-mail the notification",
        )
    [message] = mail.outbox
    assert message.to == [asn.email]
    assert message.subject == notification.title


@needs_redis_server
@pytest.mark.django_db(transaction=True)
def test_with_redis_down_issuing_a_certificate_succeeds_and_the_sweep_renders_it(redis_server, celery_at, two_agencies):
    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping for the worker's start-up check
    from celery.contrib.testing.worker import start_worker

    from certificates.tasks import render_stalled_certificates_task

    celery_at(redis_server.url(0))
    CertificateIssuerFactory(org_unit=two_agencies["bkpsdm"])
    # The render is queued on commit; with nothing listening that fails, and must fail quietly.
    certificate = certificate_issue(enrollment=completed_enrollment(), actor=None)
    certificate.refresh_from_db()
    assert (certificate.status, certificate.attempts) == ("pending", 0)

    redis_server.start()
    with start_worker(app, pool="solo", perform_ping_check=True, shutdown_timeout=10):
        render_stalled_certificates_task.delay(older_than_minutes=0)

        def issued() -> bool:
            certificate.refresh_from_db()
            return certificate.status == "issued"

        wait_for(issued, timeout=60, what="the sweep to render the certificate")
    assert certificate.pdf.read().startswith(b"%PDF-")


@needs_redis_server
@pytest.mark.django_db(transaction=True)
def test_with_redis_down_the_cached_catalog_still_answers(client, redis_server, make_login, settings):
    settings.CACHES = {
        "default": {"BACKEND": "backend.common.cache.ResilientRedisCache", "LOCATION": redis_server.url(1)}
    }
    OfferingFactory()
    # An ASN without a role reads the shared catalog, the one that is cached.
    client.force_login(make_login())
    assert client.get(reverse("catalog")).status_code == 200
    response = client.get("/api/v1/offerings/")
    assert response.status_code == 200
    assert response.json()["count"] == 1


# --- A worker killed mid-render --------------------------------------------------------------


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Workers:
    """Celery workers in subprocesses, against this test's database and the private Redis."""

    def __init__(self, tmp_path: Path, broker_url: str, media_root: Path):
        self.tmp_path = tmp_path
        self.hold = tmp_path / "hold-render"
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(tmp_path),
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "backend.settings"),
            **({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}),
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": broker_url,
            "CELERY_RESULT_BACKEND": broker_url,
            "DJANGO_MEDIA_ROOT": str(media_root),
            "BANGKOM_TEST_RENDER_HOLD": str(self.hold),
        }
        self.processes: list[subprocess.Popen] = []
        self.logs: list[Path] = []

    def start(self, **env: str) -> subprocess.Popen:
        name = f"faults-{len(self.processes)}-{uuid.uuid4().hex[:6]}"
        log = self.tmp_path / f"{name}.log"
        command = [
            *(str(CELERY), "-A", "tests.fault_worker", "worker", "--loglevel", "INFO", "--hostname", f"{name}@faults"),
            *("--pool", "prefork", "--concurrency", "1", "--without-mingle", "--without-gossip", "--without-heartbeat"),
        ]
        with log.open("wb") as out:
            process = subprocess.Popen(
                command, cwd=ROOT, env={**self.env, **env}, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.processes.append(process)
        self.logs.append(log)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL the worker and its pool at once, as an out-of-memory kill or a pulled plug would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                self.kill(process)


@pytest.fixture
def workers(tmp_path, redis_server, celery_at, settings):
    redis_server.start()
    celery_at(redis_server.url(0))
    pool = Workers(tmp_path, redis_server.url(0), Path(settings.MEDIA_ROOT))
    yield pool
    pool.stop_all()


@pytest.fixture
def numbered(two_agencies, workers):
    """A certificate numbered now, its render queued on commit and held mid-way by the first worker."""
    CertificateIssuerFactory(org_unit=two_agencies["bkpsdm"])
    enrollment = completed_enrollment()
    workers.hold.touch()
    first = workers.start()
    certificate = certificate_issue(enrollment=enrollment, actor=None)
    started = Path(f"{workers.hold}.started")
    wait_for(started.exists, timeout=60, what="the first worker to start rendering", logs=workers.logs)
    certificate.refresh_from_db()
    assert (certificate.status, certificate.attempts) == ("pending", 1)
    return {"certificate": certificate, "first": first, "pool_pid": int(started.read_text())}


def _rendered(workers, certificate: Certificate, *, timeout: float = 90) -> Certificate:
    def issued() -> bool:
        certificate.refresh_from_db()
        return certificate.status == "issued"

    wait_for(issued, timeout=timeout, what="the certificate to be rendered", logs=workers.logs)
    return certificate


def _assert_complete(certificate: Certificate, *, attempts: int) -> None:
    from pypdf import PdfReader

    data = certificate.pdf.read()
    assert data.startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(data)).pages) >= 1
    assert hashlib.sha256(data).hexdigest() == certificate.sha256
    assert certificate.attempts == attempts
    assert list(certificate.events.order_by("at", "pk").values_list("action", flat=True)) == ["numbered", "rendered"]


@needs_redis_server
@pytest.mark.postgres
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_pool_process_killed_mid_render_is_rendered_again_by_its_worker(workers, numbered):
    # The worker survives and sees its pool process die: reject_on_worker_lost requeues the task.
    os.kill(numbered["pool_pid"], signal.SIGKILL)
    workers.hold.unlink()
    certificate = _rendered(workers, numbered["certificate"])
    _assert_complete(certificate, attempts=2)
    assert numbered["first"].poll() is None


@needs_redis_server
@pytest.mark.postgres
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_render_hands_the_task_to_the_next_worker(workers, numbered):
    # The whole worker dies: its unacknowledged message goes back to the queue once it is older
    # than the visibility timeout (an hour by default; two seconds here, set by its variable).
    workers.kill(numbered["first"])
    workers.hold.unlink()
    time.sleep(3)
    workers.start(CELERY_VISIBILITY_TIMEOUT="2")
    certificate = _rendered(workers, numbered["certificate"])
    _assert_complete(certificate, attempts=2)


@needs_redis_server
@pytest.mark.postgres
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_render_is_caught_by_the_beat_sweep(workers, numbered):
    from certificates.tasks import render_stalled_certificates_task

    # With the default visibility timeout the lost message waits an hour; beat's sweep of
    # stalled certificates (every 15 minutes) queues the render again first.
    workers.kill(numbered["first"])
    workers.hold.unlink()
    workers.start()
    render_stalled_certificates_task.delay(older_than_minutes=0)
    certificate = _rendered(workers, numbered["certificate"])
    _assert_complete(certificate, attempts=2)
