"""Verifications racing each other: PostgreSQL only (SQLite locks the whole file)."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from backend.people.choices import Role
from lms.models import ExternalActivity, JpConversion, JpLedgerEntry
from lms.rules import DEFAULT_CONVERSIONS
from lms.services.ledger import external_activity_verify
from tests.factories import ExternalActivityFactory

# Transactional tests run last and flush the database, data migrations' rows included: the
# fixture below puts the JP table back (serialized rollback would clash with the content types
# that post_migrate recreates after a flush).
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _jp_table():
    for kind, conversion in DEFAULT_CONVERSIONS.items():
        JpConversion.objects.get_or_create(
            kind=kind,
            defaults={
                "basis": conversion.basis,
                "jp": conversion.jp,
                "max_units_per_month": conversion.max_units_per_month,
            },
        )


def race(monkeypatch, jobs):
    """Run ``jobs`` at once, with a pause between pricing a claim and saving it to widen the window."""
    original_clean = ExternalActivity.full_clean

    def slow_clean(self, *args, **kwargs):
        time.sleep(0.3)
        return original_clean(self, *args, **kwargs)

    monkeypatch.setattr(ExternalActivity, "full_clean", slow_clean)
    barrier = threading.Barrier(len(jobs))
    outcomes = []

    def run(job):
        try:
            barrier.wait()
            outcomes.append(job())
        except Exception as exc:  # collected and asserted below
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def reviewers(two_agencies, make_login):
    return [make_login(unit=two_agencies["bkpsdm"], roles=[Role.HR_ANALYST], username=f"hr{n}") for n in range(2)]


def test_two_coaching_claims_of_one_month_cannot_both_pass_the_cap(monkeypatch, two_agencies, reviewers):
    march = {"kind": "coaching", "start_date": datetime.date(2026, 3, 3), "end_date": datetime.date(2026, 3, 17)}
    first = ExternalActivityFactory(units=2, **march)
    second = ExternalActivityFactory(employee=first.employee, units=2, **march)
    outcomes = race(
        monkeypatch,
        [
            lambda: external_activity_verify(activity=first, actor=reviewers[0]),
            lambda: external_activity_verify(activity=second, actor=reviewers[1]),
        ],
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["ExternalActivity", "ValidationError"]
    assert any(isinstance(o, ValidationError) for o in outcomes)
    assert [e.minutes for e in JpLedgerEntry.objects.filter(employee=first.employee)] == [4 * 45]


def test_the_same_claim_verified_twice_at_once_is_credited_once(monkeypatch, two_agencies, reviewers):
    activity = ExternalActivityFactory()
    outcomes = race(monkeypatch, [lambda r=r: external_activity_verify(activity=activity, actor=r) for r in reviewers])
    assert all(isinstance(o, ExternalActivity) for o in outcomes), outcomes
    assert JpLedgerEntry.objects.filter(activity=activity).count() == 1
