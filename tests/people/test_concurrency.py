"""Row locks under real concurrency: PostgreSQL only (SQLite locks the whole file)."""

import threading
import time

import pytest
from django.db import connection

from backend.audit.selectors import audit_entry_list
from backend.people.models import Employee
from backend.people.services import employee_update
from tests.factories import EmployeeFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_updates_of_one_employee_do_not_lose_changes(monkeypatch):
    employee = EmployeeFactory(name="Siti", grade="III/a")
    original_clean = Employee.full_clean

    def slow_clean(self, *args, **kwargs):
        # Widen the window between read and write so an unlocked update would lose the other's change.
        time.sleep(0.3)
        return original_clean(self, *args, **kwargs)

    monkeypatch.setattr(Employee, "full_clean", slow_clean)
    barrier = threading.Barrier(2)
    errors = []

    def update(**changes):
        try:
            barrier.wait()
            employee_update(actor=None, employee=employee, **changes)
        except Exception as exc:  # reported by the assertion below, with the thread's error
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=update, kwargs={"name": "Siti Aminah"}),
        threading.Thread(target=update, kwargs={"grade": "III/b"}),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    employee.refresh_from_db()
    assert (employee.name, employee.grade) == ("Siti Aminah", "III/b")
    changes = [entry.changes for entry in audit_entry_list(obj=employee).filter(action="update")]
    assert sorted(changes, key=str) == sorted(
        [{"name": ["Siti", "Siti Aminah"]}, {"grade": ["III/a", "III/b"]}], key=str
    )
