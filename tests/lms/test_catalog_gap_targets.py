"""A course may answer work-behaviour values and IKM elements besides indicators (suggestions use them)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from backend.audit.models import AuditEntry
from backend.people.choices import Role
from lms.models import Course, CourseGapTarget
from lms.services.catalog import course_create, course_update
from tests.factories import CourseFactory

pytestmark = pytest.mark.django_db

COURSES = "/api/v1/courses/"


@pytest.fixture
def bkpsdm(two_agencies, make_login):
    return make_login(unit=two_agencies["bkpsdm"], roles=[Role.COORDINATOR], coordinator_unit=two_agencies["bkpsdm"])


def _course(**overrides):
    return {
        "code": "berakhlak",
        "title": "Aktualisasi BerAKHLAK",
        "channel": "klasikal",
        "type": "teknis",
        "competency_type": "socio_cultural",
        "duration_minutes": 450,
        **overrides,
    }


def test_the_service_keeps_targets_and_their_history(bkpsdm):
    course = course_create(actor=bkpsdm, **_course(gap_targets=[("behaviour", "kolaboratif", "0.5")]))
    assert [(t.kind, t.code, str(t.weight)) for t in course.gap_targets.all()] == [("behaviour", "kolaboratif", "0.50")]
    course_update(actor=bkpsdm, course=course, gap_targets=[("ikm_element", "u7", 1)])
    assert [t.code for t in course.gap_targets.all()] == ["u7"]
    latest = AuditEntry.objects.filter(content_type__model="course", object_id=str(course.pk)).order_by("-pk").first()
    assert latest.changes["behaviour and IKM targets"] == [["behaviour:kolaboratif × 0.50"], ["ikm_element:u7 × 1.00"]]
    # Leaving them out of an update leaves them alone.
    course_update(actor=bkpsdm, course=course, title="Aktualisasi Nilai BerAKHLAK")
    assert course.gap_targets.count() == 1


@pytest.mark.parametrize(
    "targets", [[("behaviour", "u7", 1)], [("ikm_element", "kolaboratif", 1)], [("behaviour", "loyal", 0)]]
)
def test_a_code_of_the_wrong_kind_or_a_bad_weight_is_refused(bkpsdm, targets):
    with pytest.raises(ValidationError) as caught:
        course_create(actor=bkpsdm, **_course(gap_targets=targets))
    assert "gap_targets" in caught.value.message_dict
    assert not Course.objects.exists()


def test_twice_the_same_target_is_refused(bkpsdm):
    with pytest.raises(ValidationError):
        course_create(actor=bkpsdm, **_course(gap_targets=[("behaviour", "loyal", 1), ("behaviour", "loyal", "0.5")]))


def test_the_api_writes_and_shows_them(api_client, bkpsdm, make_login):
    api_client.force_authenticate(bkpsdm)
    payload = _course(gap_targets=[{"kind": "behaviour", "code": "adaptif", "weight": "0.7"}])
    response = api_client.post(COURSES, payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["gap_targets"] == [
        {"kind": "behaviour", "code": "adaptif", "label": "Adaptif", "weight": "0.70"}
    ]
    bad = api_client.post(COURSES, _course(code="x", gap_targets=[{"kind": "behaviour", "code": "u1"}]), format="json")
    assert bad.status_code == 400
    api_client.force_authenticate(make_login())
    detail = api_client.get(f"{COURSES}{response.json()['id']}/").json()
    assert detail["gap_targets"][0]["code"] == "adaptif"


def test_the_course_form_ticks_values_and_keeps_weights_set_elsewhere(client, bkpsdm):
    course = CourseFactory(code="layanan", title="Pelayanan Prima", competency_type="technical")
    CourseGapTarget.objects.create(course=course, kind="ikm_element", code="u7", weight="0.4")
    client.force_login(bkpsdm)
    edit = client.get(reverse("course-edit", args=[course.pk]))
    assert edit.context["form"].initial["ikm_elements"] == ["u7"]
    data = {
        "code": "layanan",
        "title": "Pelayanan Prima",
        "channel": "klasikal",
        "type": "teknis",
        "competency_type": "technical",
        "duration_jp": "20",
        "is_active": "on",
        "ikm_elements": ["u6", "u7"],
        "behaviour_values": ["berorientasi_pelayanan"],
        "targets-TOTAL_FORMS": "0",
        "targets-INITIAL_FORMS": "0",
    }
    assert client.post(reverse("course-edit", args=[course.pk]), data).status_code == 302
    weights = {(t.kind, t.code): str(t.weight) for t in course.gap_targets.all()}
    assert weights == {
        ("ikm_element", "u6"): "1.00",
        ("ikm_element", "u7"): "0.40",
        ("behaviour", "berorientasi_pelayanan"): "1.00",
    }
    detail = client.get(reverse("course-detail", args=[course.pk])).content.decode()
    assert "Berorientasi Pelayanan" in detail
