"""The reaction survey (L1): who may answer, when, once, completely; anonymous summaries; the pages."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from backend.audit.models import AuditEntry
from lms.choices import ORGANISATION_ITEMS, TRAINER_ITEMS
from lms.models import ReactionAnswer, ReactionReceipt, ReactionResponse
from lms.selectors.evaluation import (
    course_evaluation_get,
    reaction_pending_list,
    reaction_summary_get,
)
from lms.services import reactions as service
from tests.factories import EnrollmentFactory, OfferingFactory, SessionFactory, TrainerFactory
from tests.lms.reactions_fixtures import answers, finished_offering, submit, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


# --- Submitting ---------------------------------------------------------------------


def test_a_participant_answers_once_and_the_answers_name_nobody(world):
    enrollment, user = world["enrollments"][0], world["people"][0]
    receipt = submit(enrollment, user, world["trainers"], comment="  Materinya sangat berguna.  ")
    assert receipt.enrollment == enrollment
    response = ReactionResponse.objects.get()
    assert response.offering == world["offering"]
    assert response.comment == "Materinya sangat berguna."
    assert response.answers.count() == len(ORGANISATION_ITEMS) + 2 * len(TRAINER_ITEMS)
    assert set(response.answers.filter(trainer__isnull=False).values_list("trainer", flat=True)) == {
        t.pk for t in world["trainers"]
    }
    # Nothing on the response (or its answers) leads back to the person ...
    fields = {f.name for f in ReactionResponse._meta.get_fields()} | {f.name for f in ReactionAnswer._meta.get_fields()}
    assert not fields & {"enrollment", "employee", "user", "created_at", "submitted_at"}
    # ... and no history row pairs the actor with the response.
    assert not AuditEntry.objects.exists()


def test_a_second_answer_is_refused(world):
    enrollment, user = world["enrollments"][0], world["people"][0]
    submit(enrollment, user, world["trainers"])
    with pytest.raises(ValidationError, match="already filled in the evaluation"):
        submit(enrollment, user, world["trainers"], score=1)
    assert ReactionResponse.objects.count() == 1
    assert ReactionReceipt.objects.count() == 1


def test_two_answers_at_once_are_decided_by_the_constraint(world):
    enrollment, user = world["enrollments"][0], world["people"][0]
    submit(enrollment, user, world["trainers"])
    # The second request passed every check before the first committed: only the one-to-one stops it.
    with (
        mock.patch.object(service, "_check", return_value=world["trainers"]),
        pytest.raises(ValidationError, match="already filled in the evaluation"),
    ):
        submit(enrollment, user, world["trainers"], score=1)
    assert ReactionResponse.objects.count() == 1
    assert set(ReactionAnswer.objects.values_list("score", flat=True)) == {4}


def test_only_the_participant_answers(world):
    enrollment = world["enrollments"][0]
    for intruder in (world["people"][1], world["koord_dinkes"], world["hr"]):
        with pytest.raises(PermissionDenied):
            submit(enrollment, intruder, world["trainers"])
    assert not ReactionReceipt.objects.exists()


@pytest.mark.parametrize("status", ["cancelled", "rejected", "waitlisted", "pending"])
def test_only_seat_holders_answer(world, make_login, status):
    user = make_login(unit=world["puskesmas"])
    enrollment = EnrollmentFactory(offering=world["offering"], employee=user.employee, status=status)
    with pytest.raises(ValidationError, match="held a seat"):
        submit(enrollment, user, world["trainers"])


def test_a_participant_who_did_not_complete_still_answers(world):
    enrollment, user = world["enrollments"][0], world["people"][0]
    enrollment.status = "not_completed"
    enrollment.save()
    submit(enrollment, user, world["trainers"])
    assert ReactionReceipt.objects.filter(enrollment=enrollment).exists()


def _running(world, user, *, last_day):
    offering = OfferingFactory(
        owner_unit=world["dinkes"],
        status="running",
        start_date=last_day - datetime.timedelta(days=1),
        end_date=last_day,
        enroll_opens=last_day - datetime.timedelta(days=30),
        enroll_closes=last_day - datetime.timedelta(days=2),
    )
    SessionFactory(offering=offering, date=last_day - datetime.timedelta(days=1))
    SessionFactory(offering=offering, date=last_day)
    return EnrollmentFactory(offering=offering, employee=user.employee)


def test_not_before_the_last_session_has_ended(world):
    user = world["people"][0]
    today = timezone.localdate()
    enrollment = _running(world, user, last_day=today + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="opens when its last session has ended"):
        submit(enrollment, user, [])
    published = EnrollmentFactory(offering=OfferingFactory(owner_unit=world["dinkes"]), employee=user.employee)
    with pytest.raises(ValidationError, match="opens when its last session has ended"):
        submit(published, user, [])


def test_a_running_offering_whose_sessions_are_over_is_open(world):
    user = world["people"][0]
    enrollment = _running(world, user, last_day=timezone.localdate() - datetime.timedelta(days=1))
    submit(enrollment, user, [])
    assert ReactionReceipt.objects.filter(enrollment=enrollment).exists()


def test_every_item_must_be_answered(world):
    enrollment, user = world["enrollments"][0], world["people"][0]
    trainers = world["trainers"]
    data = answers(trainers)
    del data["organisation"]["org_venue"]
    del data["trainers"][trainers[1].pk]["punctuality"]
    with pytest.raises(ValidationError) as caught:
        service.reaction_submit(enrollment=enrollment, actor=user, **data)
    errors = caught.value.message_dict
    assert "Venue and facilities" in errors["organisation"][0]
    assert "Budi Pengajar" in errors["trainers"][0]
    assert "Punctuality" in errors["trainers"][0]
    assert not ReactionReceipt.objects.exists()
    assert not ReactionResponse.objects.exists()


def test_every_trainer_must_be_rated_and_no_stranger(world):
    enrollment, user = world["enrollments"][0], world["people"][0]
    data = answers(world["trainers"][:1])
    with pytest.raises(ValidationError, match="Budi Pengajar: answer every item"):
        service.reaction_submit(enrollment=enrollment, actor=user, **data)
    stranger = TrainerFactory()
    data = answers([*world["trainers"], stranger])
    with pytest.raises(ValidationError, match="did not teach in this offering"):
        service.reaction_submit(enrollment=enrollment, actor=user, **data)


@pytest.mark.parametrize("score", [0, 6, True, "4", None])
def test_scores_run_from_one_to_five(world, score):
    enrollment, user = world["enrollments"][0], world["people"][0]
    data = answers(world["trainers"])
    data["organisation"]["org_service"] = score
    with pytest.raises(ValidationError, match="Scores run from 1 to 5"):
        service.reaction_submit(enrollment=enrollment, actor=user, **data)


def test_an_offering_without_trainers_asks_the_organisation_only(world, make_login):
    user = make_login(unit=world["puskesmas"])
    _offering, (enrollment,) = finished_offering(owner_unit=world["dinkes"], participants=[user.employee])
    submit(enrollment, user, [])
    assert ReactionAnswer.objects.filter(trainer__isnull=True).count() == len(ORGANISATION_ITEMS)
    assert not ReactionAnswer.objects.filter(trainer__isnull=False).exists()


# --- Pending and summaries -------------------------------------------------------------


def test_pending_lists_open_unanswered_seats_only(world):
    user = world["people"][0]
    upcoming = EnrollmentFactory(offering=OfferingFactory(owner_unit=world["dinkes"]), employee=user.employee)
    pending = list(reaction_pending_list(employee=user.employee))
    assert pending == [world["enrollments"][0]]
    assert upcoming not in pending
    submit(world["enrollments"][0], user, world["trainers"])
    assert list(reaction_pending_list(employee=user.employee)) == []


def test_fewer_than_three_answers_withhold_means_and_comments(world):
    for index in range(2):
        submit(world["enrollments"][index], world["people"][index], world["trainers"], comment=f"catatan {index}")
    summary = reaction_summary_get(offering=world["offering"])
    assert (summary.responses, summary.eligible, summary.enough_responses) == (2, 4, False)
    assert summary.response_rate == Decimal("50.0")
    assert summary.organisation_mean is None
    assert all(row.mean is None for row in summary.organisation)
    assert all(t.mean is None and all(i.mean is None for i in t.items) for t in summary.trainers)
    assert summary.comments == []


def test_summary_means_per_item_and_trainer(world):
    people, enrollments, trainers = world["people"], world["enrollments"], world["trainers"]
    submit(enrollments[0], people[0], trainers, score=3, organisation_score=5, comment="Ruangannya panas.")
    submit(enrollments[1], people[1], trainers, score=4, organisation_score=4)
    submit(enrollments[2], people[2], trainers, score=5, organisation_score=4, comment="Tambah praktik.")
    summary = reaction_summary_get(offering=world["offering"])
    assert (summary.responses, summary.eligible, summary.response_rate) == (3, 4, Decimal("75.0"))
    assert [row.mean for row in summary.organisation] == [Decimal("4.33")] * len(ORGANISATION_ITEMS)
    assert summary.organisation_mean == Decimal("4.33")
    assert [t.name for t in summary.trainers] == ["Budi Pengajar", "Dr. Ani Widyaiswara"]
    for trainer in summary.trainers:
        assert trainer.responses == 3
        assert trainer.mean == Decimal("4.00")
        assert [i.mean for i in trainer.items] == [Decimal("4.00")] * len(TRAINER_ITEMS)
    # Text only, in the order of the random keys, not of answering.
    expected = list(ReactionResponse.objects.exclude(comment="").order_by("pk").values_list("comment", flat=True))
    assert summary.comments == expected
    assert sorted(summary.comments) == ["Ruangannya panas.", "Tambah praktik."]


def test_one_trainer_scored_apart_from_another(world):
    people, enrollments, trainers = world["people"], world["enrollments"], world["trainers"]
    for index, score in enumerate([2, 3, 4]):
        data = answers(trainers, score=5)
        data["trainers"][trainers[0].pk] = {str(item): score for item in TRAINER_ITEMS}
        service.reaction_submit(enrollment=enrollments[index], actor=people[index], **data)
    by_name = {t.name: t for t in reaction_summary_get(offering=world["offering"]).trainers}
    assert by_name["Dr. Ani Widyaiswara"].mean == Decimal("3.00")
    assert by_name["Budi Pengajar"].mean == Decimal("5.00")


def test_course_pools_only_offerings_with_enough_answers(world, make_login):
    people, enrollments, trainers = world["people"], world["enrollments"], world["trainers"]
    for index in range(3):
        submit(enrollments[index], people[index], trainers, score=4, organisation_score=4)
    # A second offering of the course with a single answer: pooled, its scores could be worked out.
    loner = make_login(unit=world["puskesmas"])
    _second, (single,) = finished_offering(
        owner_unit=world["dinkes"], participants=[loner.employee], trainers=trainers, course=world["offering"].course
    )
    submit(single, loner, trainers, score=1, organisation_score=1)
    report = course_evaluation_get(access=_access(world["koord_dinkes"]), pk=world["offering"].course_id)
    assert (report.reaction.responses, report.reaction.eligible) == (4, 5)
    assert (report.reaction.pooled_offerings, report.reaction.withheld_offerings) == (1, 1)
    assert report.reaction.pooled.organisation_mean == Decimal("4.00")
    assert len(report.offerings) == 2
    # The Dikbud coordinator manages neither: the course page lists nothing for them.
    other = course_evaluation_get(access=_access(world["koord_dikbud"]), pk=world["offering"].course_id)
    assert other.offerings == []
    assert other.reaction.responses == 0


def _access(user):
    from backend.people.access import access_for

    return access_for(user)


# --- Pages ------------------------------------------------------------------------------


@pytest.fixture
def client_en(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_survey_page_asks_every_item_and_thanks(client_en, world):
    enrollment, user = world["enrollments"][0], world["people"][0]
    client_en.force_login(user)
    url = reverse("enrollment-reaction", args=[enrollment.pk])
    page = client_en.get(url).content.decode()
    assert "Organisation of the training" in page
    assert "Trainer: Budi Pengajar" in page
    assert "Trainer: Dr. Ani Widyaiswara" in page
    assert page.count('type="radio"') == 5 * (len(ORGANISATION_ITEMS) + 2 * len(TRAINER_ITEMS))
    data = {f"org__{item}": "4" for item in ORGANISATION_ITEMS}
    data["org__org_venue"] = ""
    incomplete = client_en.post(url, data)
    assert incomplete.status_code == 200
    assert "Choose a score for this item." in incomplete.content.decode()
    assert not ReactionReceipt.objects.exists()
    data["org__org_venue"] = "2"
    for trainer in world["trainers"]:
        data |= {f"t{trainer.pk}__{item}": "5" for item in TRAINER_ITEMS}
    data["comment"] = "Baik sekali."
    response = client_en.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("my-training")
    assert "your evaluation of" in response.content.decode()
    assert ReactionAnswer.objects.get(item="org_venue").score == 2
    # Back on the survey: answered, no form.
    again = client_en.get(url).content.decode()
    assert "You have filled in this evaluation" in again
    assert 'type="radio"' not in again
    assert client_en.post(url, data).status_code == 200
    assert ReactionReceipt.objects.count() == 1


def test_someone_elses_survey_is_a_404(client_en, world):
    client_en.force_login(world["people"][1])
    assert client_en.get(reverse("enrollment-reaction", args=[world["enrollments"][0].pk])).status_code == 404
    client_en.force_login(world["koord_dinkes"])
    assert client_en.get(reverse("enrollment-reaction", args=[world["enrollments"][0].pk])).status_code == 404


def test_my_training_links_the_pending_surveys(client_en, world):
    user = world["people"][0]
    client_en.force_login(user)
    assert reverse("reaction-pending") in client_en.get(reverse("my-training")).content.decode()
    box = client_en.get(reverse("reaction-pending"), HTTP_HX_REQUEST="true").content.decode()
    assert "Fill in the evaluation" in box
    assert reverse("enrollment-reaction", args=[world["enrollments"][0].pk]) in box
    submit(world["enrollments"][0], user, world["trainers"])
    assert client_en.get(reverse("reaction-pending"), HTTP_HX_REQUEST="true").content.decode().strip() == ""
    assert "No evaluation waits for you." in client_en.get(reverse("reaction-pending")).content.decode()


def test_the_offering_report_for_its_coordinator_and_hr(client_en, world):
    people, enrollments = world["people"], world["enrollments"]
    for index in range(3):
        submit(enrollments[index], people[index], world["trainers"], comment=f"Komentar {index}")
    url = reverse("offering-evaluation", args=[world["offering"].pk])
    for reader in ("koord_dinkes", "hr"):
        client_en.force_login(world[reader])
        page = client_en.get(url).content.decode()
        assert "Reaction (level 1)" in page
        assert "Learning (level 2)" in page
        assert "Komentar 1" in page
        assert "3 of 4 participants" in page
        # L2 names the participants (for these readers only).
        assert people[0].employee.name in page
    client_en.force_login(world["koord_dikbud"])
    assert client_en.get(url).status_code == 404
    client_en.force_login(people[3])
    assert client_en.get(url).status_code == 403


def test_the_offering_report_withholds_with_few_answers(client_en, world):
    submit(world["enrollments"][0], world["people"][0], world["trainers"], comment="Rahasia saya")
    client_en.force_login(world["koord_dinkes"])
    page = client_en.get(reverse("offering-evaluation", args=[world["offering"].pk])).content.decode()
    assert "Rahasia saya" not in page
    assert "shown once at least 3 participants have answered" in page


def test_the_offering_and_course_pages_link_the_report(client_en, world):
    client_en.force_login(world["koord_dinkes"])
    page = client_en.get(reverse("offering-detail", args=[world["offering"].pk])).content.decode()
    assert reverse("offering-evaluation", args=[world["offering"].pk]) in page
    client_en.force_login(world["hr"])
    page = client_en.get(reverse("offering-detail", args=[world["offering"].pk])).content.decode()
    assert reverse("offering-evaluation", args=[world["offering"].pk]) in page
    course_url = reverse("course-evaluation", args=[world["offering"].course_id])
    assert course_url in client_en.get(reverse("course-detail", args=[world["offering"].course_id])).content.decode()
    assert client_en.get(course_url).status_code == 200
    client_en.force_login(world["people"][0])
    assert (
        reverse("offering-evaluation", args=[world["offering"].pk])
        not in client_en.get(reverse("offering-detail", args=[world["offering"].pk])).content.decode()
    )
    assert client_en.get(course_url).status_code == 403
