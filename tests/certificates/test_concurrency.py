"""Issuing under real concurrency: PostgreSQL only (SQLite locks the whole file, so it proves nothing).

Each thread has its own database connection (Django opens one per thread) and closes it at the end.
"""

import pytest

from certificates.models import Certificate, CertificateCounter
from certificates.services import certificate_issue
from tests.factories import CertificateIssuerFactory, OrgUnitFactory, completed_enrollment
from tests.threads import run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 16


@pytest.fixture
def issuer():
    unit = OrgUnitFactory(code="bkpsdm", name="BKPSDM", kind="badan", is_competency_agency=True)
    return CertificateIssuerFactory(org_unit=unit)


def test_many_workers_issuing_one_enrollment_make_one_certificate(issuer):
    enrollment = completed_enrollment()
    errors = run_at_once([lambda: certificate_issue(enrollment=enrollment, actor=None)] * THREADS)
    assert errors == []
    assert Certificate.objects.count() == 1
    assert CertificateCounter.objects.get().last_seq == 1


def test_concurrent_issuance_numbers_are_unique_and_gapless(issuer):
    first = completed_enrollment()
    enrollments = [first, *(completed_enrollment(offering=first.offering) for _ in range(THREADS - 1))]
    calls = [lambda e=e: certificate_issue(enrollment=e, actor=None) for e in enrollments]
    # Twice each: the second wave must find every certificate already numbered.
    errors = run_at_once(calls + calls)
    assert errors == []
    seqs = sorted(Certificate.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, THREADS + 1))
    assert len(set(Certificate.objects.values_list("number", flat=True))) == THREADS
    assert CertificateCounter.objects.get().last_seq == THREADS
