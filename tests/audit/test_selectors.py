import pytest

from backend.audit.models import AuditEntry
from backend.audit.selectors import audit_history
from backend.audit.services import audit_record
from tests.factories import OfferingFactory

pytestmark = pytest.mark.django_db


def test_history_names_a_reverse_relation_by_its_model():
    # Bulk creation records how many sessions an offering was created with.
    offering = OfferingFactory()
    audit_record(
        obj=offering,
        action=AuditEntry.Action.CREATE,
        actor=None,
        changes={"capacity": [None, 30], "sessions": [None, 4]},
    )
    [(_entry, rows)] = audit_history(obj=offering)
    shown = {row.label: row.new for row in rows}
    assert shown[str(offering._meta.get_field("sessions").related_model._meta.verbose_name_plural)] == "4"
    assert shown[str(offering._meta.get_field("capacity").verbose_name)] == "30"
