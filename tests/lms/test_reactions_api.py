"""/api/v1/reactions/: participants post their survey once; coordinators and HR read anonymous summaries."""

import json

import pytest
from django.utils import translation

from lms.choices import ORGANISATION_ITEMS, TRAINER_ITEMS
from lms.models import ReactionReceipt, ReactionResponse
from tests.factories import EmployeeFactory, EnrollmentFactory
from tests.lms.reactions_fixtures import finished_offering, submit, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

URL = "/api/v1/reactions/"


@pytest.fixture(autouse=True)
def _english(api_client, settings):
    api_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def body(enrollment, trainers, *, score=4, comment=""):
    return {
        "enrollment": enrollment.pk,
        "organisation": {str(item): score for item in ORGANISATION_ITEMS},
        "trainers": [{"trainer": t.pk, "scores": {str(item): score for item in TRAINER_ITEMS}} for t in trainers],
        "comment": comment,
    }


def _answer_three(world, **kwargs):
    for index in range(3):
        submit(world["enrollments"][index], world["people"][index], world["trainers"], **kwargs)


# --- Posting --------------------------------------------------------------------------


def test_a_participant_posts_once(api_client, world):
    enrollment = world["enrollments"][0]
    api_client.force_authenticate(world["people"][0])
    response = api_client.post(URL, body(enrollment, world["trainers"], comment="Bagus"), format="json")
    assert response.status_code == 201, response.content
    # A receipt, never a key to the answers.
    assert set(response.json()) == {"enrollment", "offering", "submitted_at"}
    assert response.json()["enrollment"] == enrollment.pk
    assert ReactionResponse.objects.get().comment == "Bagus"
    again = api_client.post(URL, body(enrollment, world["trainers"]), format="json")
    assert again.status_code == 400
    assert "already filled in the evaluation" in json.dumps(again.json())
    assert ReactionResponse.objects.count() == 1


def test_posting_for_someone_else_is_a_404(api_client, world):
    api_client.force_authenticate(world["people"][1])
    response = api_client.post(URL, body(world["enrollments"][0], world["trainers"]), format="json")
    assert response.status_code == 404
    api_client.force_authenticate(world["koord_dinkes"])
    assert api_client.post(URL, body(world["enrollments"][0], world["trainers"]), format="json").status_code == 404
    assert not ReactionReceipt.objects.exists()


def test_missing_items_and_bad_scores_are_400(api_client, world):
    enrollment = world["enrollments"][0]
    api_client.force_authenticate(world["people"][0])
    data = body(enrollment, world["trainers"])
    del data["organisation"]["org_schedule"]
    response = api_client.post(URL, data, format="json")
    assert response.status_code == 400
    assert "Schedule and time keeping" in json.dumps(response.json())
    data = body(enrollment, world["trainers"][:1])
    assert "Budi Pengajar" in json.dumps(api_client.post(URL, data, format="json").json())
    data = body(enrollment, world["trainers"], score=6)
    assert api_client.post(URL, data, format="json").status_code == 400
    data = body(enrollment, world["trainers"])
    data["trainers"].append(data["trainers"][0])
    assert api_client.post(URL, data, format="json").status_code == 400
    assert not ReactionReceipt.objects.exists()


def test_not_before_the_offering_has_ended(api_client, world, make_login):
    user = make_login(unit=world["puskesmas"])
    _offering, (enrollment,) = finished_offering(
        owner_unit=world["dinkes"], participants=[user.employee], status="published"
    )
    api_client.force_authenticate(user)
    response = api_client.post(URL, body(enrollment, []), format="json")
    assert response.status_code == 400
    assert "opens when its last session has ended" in json.dumps(response.json())


# --- Reading --------------------------------------------------------------------------


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["offering"] for row in response.json()["results"]}


def test_who_lists_which_summaries(api_client, world, two_agencies):
    school_offering, _ = finished_offering(owner_unit=two_agencies["school"], participants=[EmployeeFactory()])
    mine, theirs = world["offering"].pk, school_offering.pk
    api_client.force_authenticate(world["people"][0])
    assert ids(api_client.get(URL)) == set()
    api_client.force_authenticate(world["koord_dinkes"])
    assert ids(api_client.get(URL)) == {mine}
    api_client.force_authenticate(world["koord_dikbud"])
    assert ids(api_client.get(URL)) == {theirs}
    api_client.force_authenticate(world["hr"])
    assert ids(api_client.get(URL)) == {mine, theirs}
    assert ids(api_client.get(URL, {"offering": theirs})) == {theirs}
    assert ids(api_client.get(URL, {"course": world["offering"].course_id})) == {mine}


def test_who_reads_one_summary(api_client, world):
    url = f"{URL}{world['offering'].pk}/"
    api_client.force_authenticate(world["people"][0])
    assert api_client.get(url).status_code == 403
    api_client.force_authenticate(world["koord_dikbud"])
    assert api_client.get(url).status_code == 404
    assert api_client.get(f"{url}learning/").status_code == 404
    for reader in ("koord_dinkes", "hr"):
        api_client.force_authenticate(world[reader])
        assert api_client.get(url).status_code == 200


def test_the_summary_names_nobody(api_client, world):
    _answer_three(world, comment="Pelatihan yang baik")
    api_client.force_authenticate(world["koord_dinkes"])
    payloads = [api_client.get(f"{URL}{world['offering'].pk}/").content.decode(), api_client.get(URL).content.decode()]
    summary = json.loads(payloads[0])
    assert summary["responses"] == 3
    assert summary["eligible"] == 4
    assert summary["response_rate"] == "75.0"
    assert summary["enough_responses"] is True
    assert summary["organisation_mean"] == "4.00"
    assert summary["comments"] == ["Pelatihan yang baik"] * 3
    assert {t["name"] for t in summary["trainers"]} == {"Budi Pengajar", "Dr. Ani Widyaiswara"}
    assert summary["learning"]["participants"] == 4
    for payload in payloads:
        for person, enrollment in zip(world["people"], world["enrollments"], strict=True):
            assert person.employee.name not in payload
            assert person.employee.nip not in payload
            assert person.username not in payload
            assert f'"enrollment": {enrollment.pk}' not in payload.replace('":', '": ')
        assert "employee" not in payload


def test_fewer_than_three_answers_hide_means_and_comments(api_client, world):
    submit(world["enrollments"][0], world["people"][0], world["trainers"], comment="Hanya saya")
    submit(world["enrollments"][1], world["people"][1], world["trainers"], comment="Dan saya")
    api_client.force_authenticate(world["hr"])
    summary = api_client.get(f"{URL}{world['offering'].pk}/").json()
    assert summary["responses"] == 2
    assert summary["enough_responses"] is False
    assert summary["comments"] == []
    assert summary["organisation_mean"] is None
    assert {row["mean"] for row in summary["organisation"]} == {None}
    assert {t["mean"] for t in summary["trainers"]} == {None}
    assert "Hanya saya" not in json.dumps(summary)


def test_learning_rows_for_coordinators_and_hr(api_client, world):
    enrollment = world["enrollments"][0]
    enrollment.pre_test, enrollment.post_test = 40, 70
    enrollment.save()
    api_client.force_authenticate(world["koord_dinkes"])
    learning = api_client.get(f"{URL}{world['offering'].pk}/learning/").json()
    assert learning["mean_gain"] == "0.500"
    assert learning["band"] == "medium"
    row = next(r for r in learning["rows"] if r["enrollment"] == enrollment.pk)
    assert (row["name"], row["gain"], row["band"]) == (world["people"][0].employee.name, "0.500", "medium")
    api_client.force_authenticate(world["people"][0])
    assert api_client.get(f"{URL}{world['offering'].pk}/learning/").status_code == 403


@pytest.mark.parametrize("page_size", [1, 10])
def test_list_query_count_is_constant(api_client, world, django_assert_num_queries, page_size):
    _answer_three(world)
    for _ in range(12):
        offering, _enrollments = finished_offering(
            owner_unit=world["dinkes"], participants=[EmployeeFactory() for _ in range(2)], trainers=world["trainers"]
        )
        EnrollmentFactory(offering=offering, status="cancelled")
    api_client.force_authenticate(world["koord_dinkes"])
    # 1 the caller's employee record, 2 their roles, 3 COUNT for pagination, 4 the page of offerings with
    # the course and the answer and seat counts (subqueries), 5 the answers' totals per offering, trainer
    # and item, 6 the trainers of the page's sessions, 7 the seat holders' test scores.
    with django_assert_num_queries(7):
        response = api_client.get(URL, {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == page_size
