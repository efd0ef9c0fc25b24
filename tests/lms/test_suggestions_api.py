"""``/api/v1/recommendations/``: scoped reads with the reason, dismiss, enroll and refresh."""

import pytest
from django.conf import settings
from django.utils import translation

from backend.people.choices import Role
from lms.choices import EnrollmentStatus, SuggestionStatus
from lms.models import Enrollment, Suggestion
from lms.selectors.suggestions import suggestion_reason
from tests.factories import (
    CourseFactory,
    CourseIndicatorFactory,
    EmployeeFactory,
    EnrollmentFactory,
    OfferingFactory,
    SuggestionFactory,
)
from tests.lms.test_suggestions_views import gap_world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

URL = "/api/v1/recommendations/"


@pytest.fixture
def api_en(api_client):
    api_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return api_client


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_an_asn_lists_their_own_with_reason_gap_course_and_offering(api_en, gap_world):
    suggestion = gap_world["suggestion"]
    SuggestionFactory(employee=gap_world["colleague"].employee)
    api_en.force_authenticate(gap_world["asn"])
    response = api_en.get(URL)
    assert _ids(response) == {suggestion.pk}
    row = response.json()["results"][0]
    assert row["reason"] == (
        "Achievement of “Rata-rata waktu penyelesaian izin” is 62 % of target — "
        "its effect on this indicator has not been measured yet."
    )
    assert row["gap_kind"] == "indicator"
    assert row["gap_code"] == gap_world["indicator"].code
    assert row["gap_label"] == "Rata-rata waktu penyelesaian izin"
    assert row["gap_size"] == "38.00"
    assert row["gap_value"] == "62.00"
    assert row["course"] == {"id": gap_world["course"].pk, "code": "perizinan", "title": "Pelayanan Perizinan Prima"}
    offering = gap_world["offering"]
    assert row["offering"] == {
        "id": offering.pk,
        "code": offering.code,
        "start_date": offering.start_date.isoformat(),
        "end_date": offering.end_date.isoformat(),
    }
    assert row["status"] == "suggested"
    assert row["uplift"] is None
    assert row["uplift_n"] == 0
    assert row["expected_uplift"] == f"{settings.LMS_SUGGESTION_PRIOR_UPLIFT:.2f}"
    # 38 points short × weight 1 × the prior uplift (never measured).
    assert row["rank_score"] == f"{38 * settings.LMS_SUGGESTION_PRIOR_UPLIFT:.3f}"
    assert row["computed_at"]
    assert row["enrollment"] is None
    assert row["enrollment_status"] is None
    assert row["period_label"] == "Quarter IV 2025"


def test_the_reason_follows_the_request_language(api_client, api_en, gap_world):
    suggestion = gap_world["suggestion"]
    api_en.force_authenticate(gap_world["asn"])
    english = api_en.get(f"{URL}{suggestion.pk}/").json()
    api_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    api_client.force_authenticate(gap_world["asn"])
    indonesian = api_client.get(f"{URL}{suggestion.pk}/").json()
    assert english["reason"].startswith("Achievement of")
    assert english["period_label"] == "Quarter IV 2025"
    assert indonesian["period_label"] == "Triwulan IV 2025"
    with translation.override("id"):
        assert indonesian["reason"] == suggestion_reason(suggestion)


def test_a_lapsed_suggestion_has_no_offering(api_en, make_login):
    asn = make_login()
    lapsed = SuggestionFactory(employee=asn.employee, status="lapsed", offering=None)
    api_en.force_authenticate(asn)
    assert api_en.get(f"{URL}{lapsed.pk}/").json()["offering"] is None


def test_filters_status_employee_course(api_en, gap_world):
    colleague = gap_world["colleague"].employee
    dismissed = SuggestionFactory(employee=colleague, status="dismissed")
    other_course = SuggestionFactory(employee=colleague)
    mine = gap_world["suggestion"]
    api_en.force_authenticate(gap_world["supervisor"])
    assert _ids(api_en.get(URL)) == {mine.pk, dismissed.pk, other_course.pk}
    assert _ids(api_en.get(URL, {"status": "dismissed"})) == {dismissed.pk}
    assert _ids(api_en.get(URL, {"employee": colleague.pk})) == {dismissed.pk, other_course.pk}
    assert _ids(api_en.get(URL, {"course": gap_world["course"].pk})) == {mine.pk}
    assert api_en.get(URL, {"status": "nonsense"}).status_code == 400


@pytest.mark.parametrize("who", ["colleague", "coordinator_dikbud"])
def test_others_get_404_and_never_see_the_row(api_en, gap_world, who):
    suggestion = gap_world["suggestion"]
    api_en.force_authenticate(gap_world[who])
    assert suggestion.pk not in _ids(api_en.get(URL))
    assert suggestion.pk not in _ids(api_en.get(URL, {"employee": suggestion.employee_id}))
    assert api_en.get(f"{URL}{suggestion.pk}/").status_code == 404
    assert api_en.post(f"{URL}{suggestion.pk}/enroll/").status_code == 404
    assert api_en.post(f"{URL}{suggestion.pk}/dismiss/", {"reason": "x"}).status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.SUGGESTED


@pytest.mark.parametrize("who", ["supervisor", "coordinator_dinkes"])
def test_supervisors_and_coordinators_read_but_cannot_decide(api_en, gap_world, who):
    suggestion = gap_world["suggestion"]
    api_en.force_authenticate(gap_world[who])
    assert suggestion.pk in _ids(api_en.get(URL))
    assert api_en.get(f"{URL}{suggestion.pk}/").status_code == 200
    assert api_en.post(f"{URL}{suggestion.pk}/enroll/").status_code == 403
    assert api_en.post(f"{URL}{suggestion.pk}/dismiss/", {"reason": "Bukan prioritas"}).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.SUGGESTED
    assert not Enrollment.objects.exists()


def test_dismiss_needs_a_reason_and_keeps_it(api_en, gap_world):
    suggestion = gap_world["suggestion"]
    api_en.force_authenticate(gap_world["asn"])
    missing = api_en.post(f"{URL}{suggestion.pk}/dismiss/", {}, format="json")
    assert missing.status_code == 400
    assert "reason" in missing.json()
    blank = api_en.post(f"{URL}{suggestion.pk}/dismiss/", {"reason": "   "}, format="json")
    assert blank.status_code == 400
    response = api_en.post(f"{URL}{suggestion.pk}/dismiss/", {"reason": "Sudah mahir"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "dismissed"
    assert response.json()["dismiss_reason"] == "Sudah mahir"
    again = api_en.post(f"{URL}{suggestion.pk}/dismiss/", {"reason": "Lagi"}, format="json")
    assert again.status_code == 400
    assert "Only an open suggestion" in again.json()["non_field_errors"][0]


def test_enroll_returns_the_enrollment_and_its_status(api_en, gap_world):
    suggestion = gap_world["suggestion"]
    api_en.force_authenticate(gap_world["asn"])
    response = api_en.post(f"{URL}{suggestion.pk}/enroll/")
    assert response.status_code == 200, response.content
    body = response.json()
    enrollment = Enrollment.objects.get(employee=gap_world["asn"].employee)
    assert body["status"] == "enrolled"
    assert body["enrollment"] == enrollment.pk
    assert body["enrollment_status"] == EnrollmentStatus.ENROLLED
    again = api_en.post(f"{URL}{suggestion.pk}/enroll/")
    assert again.status_code == 400
    assert "no longer open" in again.json()["non_field_errors"][0]


def test_enroll_needing_approval_says_pending(api_en, gap_world):
    gap_world["offering"].requires_approval = True
    gap_world["offering"].save()
    api_en.force_authenticate(gap_world["asn"])
    body = api_en.post(f"{URL}{gap_world['suggestion'].pk}/enroll/").json()
    assert body["enrollment_status"] == EnrollmentStatus.PENDING


def test_refresh_recomputes_ones_own_after_commit(api_en, gap_world, django_capture_on_commit_callbacks):
    asn = gap_world["asn"]
    later = CourseFactory(title="Percepatan Layanan Izin")
    CourseIndicatorFactory(course=later, indicator=gap_world["indicator"])
    OfferingFactory(course=later, owner_unit=gap_world["units"]["dinkes"])
    api_en.force_authenticate(asn)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = api_en.post(f"{URL}refresh/")
    assert response.status_code == 202
    assert response.json() == {"queued": True, "employee": asn.employee.pk}
    assert len(callbacks) == 1
    assert not Suggestion.objects.filter(course=later).exists()
    with django_capture_on_commit_callbacks(execute=True):
        api_en.post(f"{URL}refresh/")
    assert Suggestion.objects.filter(employee=asn.employee, course=later).exists()
    # Only the caller's: the colleague's suggestions are not touched by this refresh.
    assert not Suggestion.objects.filter(employee=gap_world["colleague"].employee).exists()


def test_refresh_needs_an_employee_record(api_en, django_user_model):
    api_en.force_authenticate(django_user_model.objects.create_user(username="tanpa-pegawai"))
    assert api_en.post(f"{URL}refresh/").status_code == 400


def test_anonymous_gets_401(api_client):
    assert api_client.get(URL).status_code == 401


@pytest.mark.parametrize("page_size", [5, 50])
def test_list_query_count(api_client, make_login, two_agencies, django_assert_num_queries, page_size):
    unit = two_agencies["puskesmas"]
    coordinator = make_login(unit=two_agencies["dinkes"], roles=[Role.COORDINATOR], coordinator_unit=unit)
    for i in range(60):
        employee, offering = EmployeeFactory(unit=unit), OfferingFactory(owner_unit=unit)
        taken = EnrollmentFactory(employee=employee, offering=offering) if i % 2 else None
        SuggestionFactory(
            employee=employee, offering=offering, enrollment=taken, status="enrolled" if taken else "suggested"
        )
    api_client.force_authenticate(coordinator)
    # 1 the caller's employee record, 2 their roles, 3 COUNT for pagination,
    # 4 the page joined with employee, unit, course, offering, period and enrollment.
    with django_assert_num_queries(4):
        response = api_client.get(URL, {"page_size": page_size})
    assert len(response.json()["results"]) == page_size
