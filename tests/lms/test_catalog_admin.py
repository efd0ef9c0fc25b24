import datetime

import pytest
from django.urls import reverse

from backend.audit.selectors import audit_entry_list
from backend.people.choices import Role
from lms.models import Course, Session, Trainer
from tests.factories import (
    EmployeeFactory,
    IndicatorFactory,
    OfferingFactory,
    SessionFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_login, two_agencies):
    user = make_login(unit=two_agencies["bkpsdm"], roles=[Role.ADMINISTRATOR], username="admin")
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["competency", "course", "venue", "trainer", "offering"])
def test_catalog_admin_pages_open(admin_client, model):
    assert admin_client.get(reverse(f"admin:lms_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:lms_{model}_add")).status_code == 200


@pytest.mark.parametrize(
    "model",
    [
        "enrollment",
        "enrollmenttransition",
        "attendance",
        "jpledgerentry",
        "externalactivity",
        "notification",
        "suggestion",
        "suggestionrun",
    ],
)
def test_participation_records_are_read_only(admin_client, model):
    assert admin_client.get(reverse(f"admin:lms_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:lms_{model}_add")).status_code == 403


def _inline(prefix, rows, initial=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def test_course_with_target_indicators_is_saved_through_the_service(admin_client):
    sop = IndicatorFactory(code="sop")
    data = {
        "code": "admin-course",
        "title": "Kursus dari Admin",
        "channel": "klasikal",
        "type": "teknis",
        "competency_type": "technical",
        "duration_minutes": "90",
        "is_active": "on",
        **_inline("target_indicators", [{"indicator": sop.pk, "weight": "0.5"}]),
        **_inline("gap_targets", [{"kind": "behaviour", "code": "kolaboratif", "weight": "0.8"}]),
    }
    response = admin_client.post(reverse("admin:lms_course_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    course = Course.objects.get(code="admin-course")
    assert [(t.indicator.code, str(t.weight)) for t in course.target_indicators.all()] == [("sop", "0.50")]
    assert [(t.code, str(t.weight)) for t in course.gap_targets.all()] == [("kolaboratif", "0.80")]
    (entry,) = audit_entry_list(obj=course)
    assert entry.changes["target indicators"] == [[], ["sop × 0.50"]]
    assert entry.changes["behaviour and IKM targets"] == [[], ["behaviour:kolaboratif × 0.80"]]


def test_trainer_from_an_employee_copies_the_name(admin_client):
    employee = EmployeeFactory(name="Wahyuni")
    data = {"employee": employee.pk, "name": "", "is_active": "on"}
    response = admin_client.post(reverse("admin:lms_trainer_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Trainer.objects.get(employee=employee).name == "Wahyuni"


def test_offering_session_inline_names_a_clash_and_takes_an_override(admin_client, two_agencies):
    trainer = TrainerFactory(name="Pak Darmawan")
    offering = OfferingFactory(owner_unit=two_agencies["school"], status="draft")
    other = OfferingFactory(code="lain", start_date=offering.start_date, end_date=offering.end_date)
    SessionFactory(offering=other, date=offering.start_date, trainer=trainer)
    url = reverse("admin:lms_offering_change", args=[offering.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    for key in ("start_date", "end_date", "enroll_opens", "enroll_closes"):
        data[key] = str(data[key])
    data["requires_approval"] = ""
    session = {
        "date": str(offering.start_date),
        "starts_at": "09:00",
        "ends_at": "10:00",
        "topic": "Kebijakan",
        "trainer": trainer.pk,
    }
    response = admin_client.post(url, {**data, **_inline("sessions", [session])})
    assert response.status_code == 200
    assert "Pak Darmawan" in response.content.decode()
    assert not Session.objects.filter(offering=offering).exists()
    response = admin_client.post(url, {**data, **_inline("sessions", [{**session, "override_reason": "Tandem"}])})
    assert response.status_code == 302
    saved = Session.objects.get(offering=offering)
    assert saved.clash_override_reason == "Tandem"
    assert "Tandem" in audit_entry_list(obj=saved).get().reason


def test_admin_publish_action(admin_client, two_agencies):
    offering = OfferingFactory(owner_unit=two_agencies["school"], status="draft", start_date=datetime.date(2030, 1, 6))
    SessionFactory(offering=offering)
    empty = OfferingFactory(owner_unit=two_agencies["school"], status="draft")
    admin_client.post(
        reverse("admin:lms_offering_changelist"),
        {"action": "publish", "_selected_action": [offering.pk, empty.pk]},
    )
    offering.refresh_from_db()
    empty.refresh_from_db()
    assert (offering.status, empty.status) == ("published", "draft")
