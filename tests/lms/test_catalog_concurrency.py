"""Two coordinators booking the same room for the same hour at once: PostgreSQL only.

Each thread has its own database connection (Django opens one per thread) and closes it at the end.
"""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from lms.models import Session
from lms.services.scheduling import session_create
from tests.factories import OfferingFactory, VenueFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8
DAY = datetime.date(2030, 8, 5)


def test_one_room_is_booked_once_under_concurrency():
    venue = VenueFactory(name="Aula Serbaguna")
    offerings = [OfferingFactory(start_date=DAY, end_date=DAY, venue=None) for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def book(offering):
        try:
            barrier.wait(timeout=30)
            session_create(
                actor=None,
                offering=offering,
                date=DAY,
                starts_at=datetime.time(9),
                ends_at=datetime.time(11),
                topic="Materi",
                venue=venue,
            )
        except BaseException as exc:  # collected and checked below
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(offering,)) for offering in offerings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (deadlock?)"
    assert Session.objects.filter(venue=venue).count() == 1
    assert len(errors) == THREADS - 1
    assert all(isinstance(exc, ValidationError) and "Aula Serbaguna" in exc.messages[0] for exc in errors), errors
