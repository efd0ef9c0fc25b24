"""The evaluation pages and the impact API answer in the same number of queries for few rows and many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backend.people.choices import Role
from tests.factories import EmployeeFactory, EnrollmentFactory
from tests.lms.reactions_fixtures import finished_offering, submit, world_fixture  # noqa: F401
from tests.lms.scenarios import impact_scenario

pytestmark = pytest.mark.django_db


def _queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def _more_participants(offering, count):
    for _ in range(count):
        EnrollmentFactory(offering=offering, employee=EmployeeFactory(), status="completed", pre_test=50, post_test=80)


def test_offering_evaluation_page(client, world):
    client.force_login(world["koord_dinkes"])
    for person, enrollment in zip(world["people"], world["enrollments"], strict=True):
        submit(enrollment, person, world["trainers"], comment="Bagus")
    url = reverse("offering-evaluation", args=[world["offering"].pk])
    few = _queries(client, url)
    _more_participants(world["offering"], 12)
    assert _queries(client, url) == few


def test_course_evaluation_page(client, world):
    client.force_login(world["koord_dinkes"])
    course = world["offering"].course
    url = reverse("course-evaluation", args=[course.pk])
    few = _queries(client, url)
    for _ in range(3):
        finished_offering(owner_unit=world["dinkes"], participants=[EmployeeFactory() for _ in range(3)], course=course)
    assert _queries(client, url) == few


def test_pending_surveys_page(client, world):
    person = world["people"][0]
    client.force_login(person)
    url = reverse("reaction-pending")
    few = _queries(client, url)
    for _ in range(4):
        finished_offering(owner_unit=world["dinkes"], participants=[person.employee], trainers=world["trainers"])
    assert _queries(client, url) == few


def test_impact_api_query_count(api_client, make_login, django_assert_num_queries):
    impact_scenario(effect=10)
    impact_scenario(effect=4, participants=10, peers=10)
    api_client.force_authenticate(make_login(roles=[Role.HR_ANALYST]))
    api_client.get("/api/v1/impact/")  # reads and caches the user's access on the user object
    # 1 scored periods, 2 target indicators, 3 seats, 4 the weak threshold, 5 baseline scores,
    # 6 follow-up scores, 7 course labels, 8 course titles.
    with django_assert_num_queries(8):
        rows = api_client.get("/api/v1/impact/").json()
    assert len(rows) == 2
