import datetime

import pytest
from django.core.exceptions import ValidationError

from backend.audit.selectors import audit_entry_list
from backend.people.choices import Role
from lms.selectors.clashes import employee_clashes, session_clashes
from lms.services import scheduling
from tests.factories import (
    EmployeeFactory,
    EnrollmentFactory,
    OfferingFactory,
    SessionFactory,
    TrainerFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

T = datetime.time
DAY = datetime.date(2030, 5, 6)


@pytest.fixture
def coordinator(two_agencies, make_login):
    return make_login(unit=two_agencies["bkpsdm"], roles=[Role.COORDINATOR], coordinator_unit=two_agencies["bkpsdm"])


def _offering(code, **kwargs):
    kwargs.setdefault("start_date", DAY)
    kwargs.setdefault("end_date", DAY + datetime.timedelta(days=2))
    return OfferingFactory(code=code, **kwargs)


NINE, ELEVEN = T(9), T(11)


def _mentions(text: str, *parts: str) -> None:
    missing = [part for part in parts if part not in text]
    assert not missing, f"{text!r} does not name {missing}"


def _create(actor, offering, *, starts=NINE, ends=ELEVEN, **kwargs):
    return scheduling.session_create(
        actor=actor, offering=offering, date=DAY, starts_at=starts, ends_at=ends, topic="Materi inti", **kwargs
    )


def test_venue_booked_twice_is_refused_with_a_message_naming_it(coordinator):
    aula = VenueFactory(name="Aula Melati")
    SessionFactory(offering=_offering("sop-1"), date=DAY, starts_at=T(8), ends_at=T(10), venue=aula)
    with pytest.raises(ValidationError) as exc:
        _create(coordinator, _offering("sop-2"), venue=aula)
    (message,) = exc.value.messages
    _mentions(message, "Aula Melati", "sop-1", "08:00", "10:00")
    assert exc.value.error_list[0].code == "clash"


def test_the_offering_venue_counts_when_a_session_has_none(coordinator):
    aula = VenueFactory(name="Aula Kenanga")
    SessionFactory(offering=_offering("a", venue=aula), date=DAY, starts_at=T(8), ends_at=T(10))
    clashes = session_clashes(
        date=DAY, starts_at=T(9), ends_at=T(12), venue_id=aula.pk, trainer_id=None, offering_id=None
    )
    assert [(c.kind, c.offering_code, c.venue_id) for c in clashes] == [("venue", "a", aula.pk)]
    # The new session inherits its offering's venue too.
    with pytest.raises(ValidationError):
        _create(coordinator, _offering("b", venue=aula))


def test_touching_or_other_days_do_not_clash():
    aula = VenueFactory()
    SessionFactory(offering=_offering("a"), date=DAY, starts_at=T(8), ends_at=T(10), venue=aula)
    assert not session_clashes(
        date=DAY, starts_at=T(10), ends_at=T(12), venue_id=aula.pk, trainer_id=None, offering_id=None
    )
    assert not session_clashes(
        date=DAY + datetime.timedelta(days=1),
        starts_at=T(8),
        ends_at=T(10),
        venue_id=aula.pk,
        trainer_id=None,
        offering_id=None,
    )


def test_trainer_booked_twice_is_refused(coordinator):
    trainer = TrainerFactory(name="Dr. Rahmat")
    SessionFactory(offering=_offering("k-1"), date=DAY, starts_at=T(10), ends_at=T(12), trainer=trainer)
    with pytest.raises(ValidationError) as exc:
        _create(coordinator, _offering("k-2", venue=None), trainer=trainer)
    (message,) = exc.value.messages
    _mentions(message, "Dr. Rahmat", "k-1")


def test_an_enrolled_participant_in_two_places_is_refused(coordinator):
    person = EmployeeFactory(name="Rina Marlina")
    here, there = _offering("here", venue=None), _offering("there", venue=None)
    EnrollmentFactory(offering=here, employee=person)
    EnrollmentFactory(offering=there, employee=person)
    SessionFactory(offering=there, date=DAY, starts_at=T(10), ends_at=T(12))
    # Someone only waitlisted elsewhere is not expected there.
    waiting = EmployeeFactory(name="Tono")
    EnrollmentFactory(offering=here, employee=waiting)
    EnrollmentFactory(offering=there, employee=waiting, status="waitlisted")
    with pytest.raises(ValidationError) as exc:
        _create(coordinator, here)
    (message,) = exc.value.messages
    _mentions(message, "Rina Marlina", "there")
    clashes = session_clashes(
        date=DAY, starts_at=T(9), ends_at=T(11), venue_id=None, trainer_id=None, offering_id=here.pk
    )
    assert [(c.kind, c.employee_id) for c in clashes] == [("participant", person.pk)]


def test_parallel_sessions_of_one_offering_share_participants_but_not_a_room():
    aula = VenueFactory()
    offering = _offering("tracks", venue=None)
    EnrollmentFactory(offering=offering)
    SessionFactory(offering=offering, date=DAY, starts_at=T(8), ends_at=T(10), venue=aula)
    kwargs = {"date": DAY, "starts_at": T(8), "ends_at": T(10), "trainer_id": None, "offering_id": offering.pk}
    assert not session_clashes(venue_id=VenueFactory().pk, **kwargs)
    assert [c.kind for c in session_clashes(venue_id=aula.pk, **kwargs)] == ["venue"]


def test_cancelled_offerings_never_clash(coordinator):
    aula, trainer = VenueFactory(), TrainerFactory()
    SessionFactory(
        offering=_offering("batal", status="cancelled"),
        date=DAY,
        starts_at=T(8),
        ends_at=T(12),
        venue=aula,
        trainer=trainer,
    )
    session = _create(coordinator, _offering("baru"), venue=aula, trainer=trainer)
    assert session.clash_override_reason == ""


def test_override_keeps_the_session_and_records_the_reason(coordinator):
    aula = VenueFactory(name="Aula Anggrek")
    SessionFactory(offering=_offering("lama"), date=DAY, starts_at=T(8), ends_at=T(10), venue=aula)
    session = _create(coordinator, _offering("baru"), venue=aula, override_reason="Aula disekat dua")
    assert session.clash_override_reason == "Aula disekat dua"
    entry = audit_entry_list(obj=session).get()
    _mentions(entry.reason, "Aula disekat dua", "Aula Anggrek", "lama")
    assert entry.changes["clash_override_reason"] == [None, "Aula disekat dua"]


def test_override_reason_without_a_clash_is_not_stored(coordinator):
    session = _create(coordinator, _offering("sepi"), override_reason="Jaga-jaga")
    assert session.clash_override_reason == ""


def test_update_into_a_clash_is_refused_and_other_edits_are_not_rechecked(coordinator):
    trainer = TrainerFactory()
    SessionFactory(offering=_offering("x"), date=DAY, starts_at=T(13), ends_at=T(15), trainer=trainer)
    session = _create(coordinator, _offering("y"), starts=T(8), ends=T(10), trainer=trainer)
    with pytest.raises(ValidationError):
        scheduling.session_update(actor=coordinator, session=session, starts_at=T(14), ends_at=T(16))
    session = scheduling.session_update(
        actor=coordinator, session=session, starts_at=T(14), ends_at=T(16), override_reason="Tim pengajar"
    )
    assert session.clash_override_reason == "Tim pengajar"
    # A new topic does not ask for the override again, and keeps it.
    session = scheduling.session_update(actor=coordinator, session=session, topic="Praktik")
    assert session.clash_override_reason == "Tim pengajar"
    # Moving out of the clash clears it.
    session = scheduling.session_update(actor=coordinator, session=session, starts_at=T(8), ends_at=T(9))
    assert session.clash_override_reason == ""


def test_a_session_does_not_clash_with_itself(coordinator):
    aula = VenueFactory()
    session = _create(coordinator, _offering("solo"), venue=aula)
    scheduling.session_update(actor=coordinator, session=session, ends_at=T(12))


def test_employee_clashes_lists_seats_held_elsewhere():
    person = EmployeeFactory(name="Dewi")
    wanted, held, waitlisted = _offering("wanted"), _offering("held"), _offering("antri")
    SessionFactory(offering=wanted, date=DAY, starts_at=T(8), ends_at=T(12))
    SessionFactory(offering=held, date=DAY, starts_at=T(11), ends_at=T(13))
    SessionFactory(offering=waitlisted, date=DAY, starts_at=T(8), ends_at=T(12))
    EnrollmentFactory(offering=held, employee=person)
    EnrollmentFactory(offering=waitlisted, employee=person, status="waitlisted")
    (clash,) = employee_clashes(employee_id=person.pk, offering_id=wanted.pk)
    assert (clash.kind, clash.offering_code, clash.employee_id) == ("participant", "held", person.pk)
    _mentions(clash.message, "Dewi", "held", "11:00")
    assert employee_clashes(employee_id=EmployeeFactory().pk, offering_id=wanted.pk) == []
