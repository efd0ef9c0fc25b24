"""The offering, participants and readers the evaluation tests share (test_reactions*.py, test_learning.py)."""

import datetime

import pytest
from django.utils import translation

from backend.people.choices import Role
from lms.choices import ORGANISATION_ITEMS, TRAINER_ITEMS
from lms.services.reactions import reaction_submit
from tests.factories import EnrollmentFactory, OfferingFactory, SessionFactory, TrainerFactory

PAST = datetime.date(2025, 3, 10)


def answers(trainers, *, score: int = 4, organisation_score: int | None = None) -> dict:
    """A complete survey: every organisation item, every item for each of ``trainers``."""
    organisation_score = score if organisation_score is None else organisation_score
    return {
        "organisation": {str(item): organisation_score for item in ORGANISATION_ITEMS},
        "trainers": {trainer.pk: {str(item): score for item in TRAINER_ITEMS} for trainer in trainers},
    }


def finished_offering(*, owner_unit, participants=(), trainers=(), start=PAST, **kwargs):
    """A finished offering in the past, one session per trainer (or one without); returns (offering, enrollments)."""
    sessions = max(len(trainers), 1)
    offering = OfferingFactory(
        owner_unit=owner_unit,
        status=kwargs.pop("status", "finished"),
        start_date=start,
        end_date=start + datetime.timedelta(days=sessions - 1),
        enroll_opens=start - datetime.timedelta(days=30),
        enroll_closes=start - datetime.timedelta(days=1),
        **kwargs,
    )
    for day in range(sessions):
        SessionFactory(
            offering=offering,
            date=start + datetime.timedelta(days=day),
            trainer=trainers[day] if trainers else None,
        )
    enrollments = [EnrollmentFactory(offering=offering, employee=e, status="completed") for e in participants]
    return offering, enrollments


def submit(enrollment, user, trainers, *, score=4, comment="", organisation_score=None):
    return reaction_submit(
        enrollment=enrollment,
        actor=user,
        comment=comment,
        **answers(trainers, score=score, organisation_score=organisation_score),
    )


@pytest.fixture(name="world")
def world_fixture(two_agencies, make_login):
    """Dinas Kesehatan's finished offering taught by two trainers, with four participants from a puskesmas.

    Readers: the Dinkes coordinator (manages it), the Dikbud coordinator (another agency), HR.
    Messages are checked in English.
    """
    u = two_agencies
    people = [make_login(unit=u["puskesmas"], username=f"peserta{i}") for i in range(4)]
    trainers = [TrainerFactory(name="Dr. Ani Widyaiswara"), TrainerFactory(name="Budi Pengajar")]
    offering, enrollments = finished_offering(
        owner_unit=u["dinkes"], participants=[p.employee for p in people], trainers=trainers
    )
    with translation.override("en"):
        yield {
            **u,
            "people": people,
            "trainers": trainers,
            "offering": offering,
            "enrollments": enrollments,
            "koord_dinkes": make_login(unit=u["dinkes"], roles=[Role.COORDINATOR], coordinator_unit=u["dinkes"]),
            "koord_dikbud": make_login(unit=u["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=u["dikbud"]),
            "hr": make_login(unit=u["bkpsdm"], roles=[Role.HR_ANALYST]),
        }
