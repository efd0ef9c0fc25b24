"""The render task and the sweeper that queues stalled certificates again."""

import datetime

import pytest
from django.utils import timezone

from certificates.models import Certificate
from certificates.selectors import MAX_AUTOMATIC_ATTEMPTS
from certificates.services import certificate_issue
from certificates.tasks import render_certificate_task, render_stalled_certificates_task
from tests.factories import CertificateIssuerFactory, completed_enrollment

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(two_agencies):
    CertificateIssuerFactory(org_unit=two_agencies["bkpsdm"])
    # Numbered without running the on-commit render: as if the broker lost the message.
    return certificate_issue(enrollment=completed_enrollment(), actor=None)


def test_the_task_renders_once_and_is_safe_to_run_again(pending):
    assert render_certificate_task.delay(pending.pk).get() == "issued"
    digest = Certificate.objects.get(pk=pending.pk).sha256
    assert render_certificate_task.delay(pending.pk).get() == "issued"
    assert Certificate.objects.get(pk=pending.pk).sha256 == digest


def test_the_sweeper_queues_stalled_certificates_but_not_fresh_or_hopeless_ones(pending):
    assert render_stalled_certificates_task.delay().get() == 0  # numbered just now: its task may be on its way
    Certificate.objects.filter(pk=pending.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    assert render_stalled_certificates_task.delay().get() == 1
    assert Certificate.objects.get(pk=pending.pk).status == "issued"
    hopeless = certificate_issue(enrollment=completed_enrollment(), actor=None)
    Certificate.objects.filter(pk=hopeless.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1), status="failed", attempts=MAX_AUTOMATIC_ATTEMPTS
    )
    assert render_stalled_certificates_task.delay().get() == 0


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_certificate_queued_on_commit():
    """Issue a certificate; the broker carries the render task to a worker thread, which stores the PDF."""
    import time

    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping for the worker's start-up check
    from celery.contrib.testing.worker import start_worker

    from backend.celery import app
    from tests.factories import OrgUnitFactory

    assert not app.conf.task_always_eager, "a broker is configured, so tasks must not run inline"
    unit = OrgUnitFactory(code="bkpsdm", name="BKPSDM", kind="badan", is_competency_agency=True)
    CertificateIssuerFactory(org_unit=unit)
    enrollment = completed_enrollment()
    with start_worker(app, pool="solo", perform_ping_check=True, shutdown_timeout=10):
        certificate = certificate_issue(enrollment=enrollment, actor=None)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            certificate.refresh_from_db()
            if certificate.status == "issued":
                break
            time.sleep(0.1)
    assert certificate.status == "issued", "the worker never rendered the certificate"
    assert certificate.pdf.read().startswith(b"%PDF-")
