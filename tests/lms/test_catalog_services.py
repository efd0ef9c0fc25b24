import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from backend.audit.models import AuditEntry
from backend.audit.selectors import audit_entry_list
from backend.people.choices import Role
from lms.models import Enrollment, EnrollmentTransition, Notification, Offering, Session
from lms.services import catalog as services
from lms.services import scheduling
from tests.factories import (
    AttendanceFactory,
    CompetencyFactory,
    CourseFactory,
    EmployeeFactory,
    EnrollmentFactory,
    IndicatorFactory,
    OfferingFactory,
    OrgUnitFactory,
    PositionFactory,
    SessionFactory,
    TrainerFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

T = datetime.time


@pytest.fixture
def world(two_agencies, make_login):
    u = two_agencies
    return {
        **u,
        "bkpsdm": make_login(unit=u["bkpsdm"], roles=[Role.COORDINATOR], coordinator_unit=u["bkpsdm"]),
        "koord_dikbud": make_login(unit=u["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=u["dikbud"]),
        "asn": make_login(unit=u["school"]),
        "hr": make_login(unit=u["bkpsdm"], roles=[Role.HR_ANALYST]),
    }


def _course_kwargs(**overrides):
    data = {
        "code": "pelayanan-prima",
        "title": "Pelayanan Prima",
        "channel": "klasikal",
        "type": "teknis",
        "competency_type": "technical",
        "duration_minutes": 900,
    }
    return {**data, **overrides}


def _offering_kwargs(course, unit, **overrides):
    start = datetime.date(2030, 3, 2)
    data = {
        "course": course,
        "code": "pp-2030-1",
        "start_date": start,
        "end_date": start + datetime.timedelta(days=2),
        "capacity": 20,
        "enroll_opens": datetime.date(2030, 2, 1),
        "enroll_closes": datetime.date(2030, 2, 28),
        "owner_unit": unit,
    }
    return {**data, **overrides}


# --- Catalog ------------------------------------------------------------------


def test_course_create_with_targets_relations_and_history(world):
    sop, waktu = IndicatorFactory(code="sop"), IndicatorFactory(code="waktu")
    komunikasi = CompetencyFactory(name="Komunikasi")
    dasar = CourseFactory(code="dasar")
    position = PositionFactory(name="Perawat Ahli Pertama")
    course = services.course_create(
        actor=world["bkpsdm"],
        **_course_kwargs(),
        competencies=[komunikasi],
        prerequisites=[dasar],
        mandatory_positions=[position],
        mandatory_units=[world["puskesmas"]],
        target_indicators=[(sop, Decimal("1")), (waktu, Decimal("0.5"))],
    )
    assert course.jp == Decimal("20.00")
    assert {(t.indicator.code, t.weight) for t in course.target_indicators.all()} == {
        ("sop", Decimal("1.00")),
        ("waktu", Decimal("0.50")),
    }
    assert list(course.competencies.all()) == [komunikasi]
    assert list(course.prerequisites.all()) == [dasar]
    assert list(course.mandatory_positions.all()) == [position]
    assert list(course.mandatory_units.all()) == [world["puskesmas"]]
    (entry,) = audit_entry_list(obj=course)
    assert entry.action == "create"
    assert entry.changes["title"] == [None, "Pelayanan Prima"]
    assert entry.changes["target indicators"] == [[], ["sop × 1.00", "waktu × 0.50"]]
    assert entry.changes["competencies"] == [[], [komunikasi.pk]]


@pytest.mark.parametrize("who", ["asn", "koord_dikbud", "hr"])
def test_only_the_competency_agency_maintains_the_catalog(world, who):
    with pytest.raises(PermissionDenied):
        services.course_create(actor=world[who], **_course_kwargs())
    with pytest.raises(PermissionDenied):
        services.venue_create(actor=world[who], name="Aula", capacity=10)
    with pytest.raises(PermissionDenied):
        services.competency_create(actor=world[who], code="k", name="K", type="technical")


def test_course_update_replaces_targets_in_one_history_row(world):
    course = services.course_create(
        actor=world["bkpsdm"], **_course_kwargs(), target_indicators=[(IndicatorFactory(code="lama"), Decimal("1"))]
    )
    baru = IndicatorFactory(code="baru")
    services.course_update(
        actor=world["bkpsdm"], course=course, title="Pelayanan Prima II", target_indicators=[(baru, Decimal("0.7"))]
    )
    assert [t.indicator.code for t in course.target_indicators.all()] == ["baru"]
    latest = audit_entry_list(obj=course).first()
    assert latest.action == "update"
    assert latest.changes == {
        "title": ["Pelayanan Prima", "Pelayanan Prima II"],
        "target indicators": [["lama × 1.00"], ["baru × 0.70"]],
    }


def test_course_update_without_changes_writes_no_history(world):
    course = services.course_create(actor=world["bkpsdm"], **_course_kwargs())
    services.course_update(actor=world["bkpsdm"], course=course, title="Pelayanan Prima", competencies=[])
    assert audit_entry_list(obj=course).count() == 1


def test_target_indicators_are_validated(world):
    sop = IndicatorFactory(code="sop")
    with pytest.raises(ValidationError) as exc:
        services.course_create(
            actor=world["bkpsdm"], **_course_kwargs(), target_indicators=[(sop, Decimal("1")), (sop, Decimal("0.5"))]
        )
    assert "sop" in str(exc.value.message_dict["target_indicators"])
    with pytest.raises(ValidationError):
        services.course_create(actor=world["bkpsdm"], **_course_kwargs(), target_indicators=[(sop, Decimal("1.5"))])


def test_a_course_cannot_require_itself_through_another(world):
    a = services.course_create(actor=world["bkpsdm"], **_course_kwargs(code="a"))
    b = services.course_create(actor=world["bkpsdm"], **_course_kwargs(code="b"), prerequisites=[a])
    with pytest.raises(ValidationError) as exc:
        services.course_update(actor=world["bkpsdm"], course=a, prerequisites=[b])
    assert "prerequisites" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.course_update(actor=world["bkpsdm"], course=a, prerequisites=[a])


def test_channel_and_type_must_fit(world):
    with pytest.raises(ValidationError):
        services.course_create(actor=world["bkpsdm"], **_course_kwargs(type="coaching"))


def test_trainer_who_is_an_employee_copies_the_name(world):
    employee = EmployeeFactory(name="Siti Aminah", front_title="Dr.", email="siti@bungo.test")
    trainer = services.trainer_create(actor=world["bkpsdm"], employee=employee, name="ignored", expertise="SOP")
    assert (trainer.name, trainer.email, trainer.is_external) == ("Dr. Siti Aminah", "siti@bungo.test", False)
    other = EmployeeFactory(name="Budi")
    trainer = services.trainer_update(actor=world["bkpsdm"], trainer=trainer, employee=other)
    assert trainer.name == "Budi"
    assert audit_entry_list(obj=trainer).first().changes["name"] == ["Dr. Siti Aminah", "Budi"]


def test_external_trainer_needs_a_name(world):
    with pytest.raises(ValidationError):
        services.trainer_create(actor=world["bkpsdm"], institution="BPSDM Jambi")
    trainer = services.trainer_create(actor=world["bkpsdm"], name="Ahmad", institution="BPSDM Jambi")
    assert trainer.is_external
    with pytest.raises(ValidationError):
        services.trainer_update(actor=world["bkpsdm"], trainer=trainer, name=" ")


def test_venue_and_competency_keep_history(world):
    venue = services.venue_create(actor=world["bkpsdm"], name="Aula Utama", capacity=40)
    services.venue_update(actor=world["bkpsdm"], venue=venue, capacity=60)
    assert audit_entry_list(obj=venue).first().changes == {"capacity": [40, 60]}
    competency = services.competency_create(
        actor=world["bkpsdm"], code="integritas", name="Integritas", type="managerial"
    )
    services.competency_update(actor=world["bkpsdm"], competency=competency, name="Integritas ASN")
    assert audit_entry_list(obj=competency).count() == 2


# --- Offerings ------------------------------------------------------------------


def test_offering_create_is_a_draft_with_the_settings_rule(world, settings):
    settings.LMS_MIN_ATTENDANCE_PCT, settings.LMS_PASS_MARK = 75, 70
    offering = scheduling.offering_create(
        actor=world["koord_dikbud"], **_offering_kwargs(CourseFactory(), world["school"])
    )
    assert (offering.status, offering.min_attendance_pct, offering.pass_mark) == ("draft", 75, 70)
    assert offering.created_by == world["koord_dikbud"]
    assert audit_entry_list(obj=offering).get().action == "create"


def test_opd_coordinator_schedules_only_their_own_agency(world):
    with pytest.raises(PermissionDenied):
        scheduling.offering_create(actor=world["koord_dikbud"], **_offering_kwargs(CourseFactory(), world["dinkes"]))
    with pytest.raises(PermissionDenied):
        scheduling.offering_create(actor=world["asn"], **_offering_kwargs(CourseFactory(), world["school"]))
    theirs = OfferingFactory(owner_unit=world["puskesmas"])
    with pytest.raises(PermissionDenied):
        scheduling.offering_update(actor=world["koord_dikbud"], offering=theirs, capacity=5)
    mine = OfferingFactory(owner_unit=world["school"])
    with pytest.raises(PermissionDenied):
        scheduling.offering_update(actor=world["koord_dikbud"], offering=mine, owner_unit=world["dinkes"])
    # The competency agency's coordinators schedule for every unit.
    scheduling.offering_update(actor=world["bkpsdm"], offering=theirs, capacity=5)


def test_offering_capacity_must_fit_the_venue(world):
    venue = VenueFactory(capacity=25)
    with pytest.raises(ValidationError) as exc:
        scheduling.offering_create(
            actor=world["bkpsdm"], **_offering_kwargs(CourseFactory(), world["school"], capacity=30, venue=venue)
        )
    assert "capacity" in exc.value.message_dict


def test_capacity_cannot_go_below_the_seats_taken(world):
    offering = OfferingFactory(owner_unit=world["school"], capacity=3)
    EnrollmentFactory.create_batch(2, offering=offering)
    EnrollmentFactory(offering=offering, status="completed")
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        scheduling.offering_update(actor=world["bkpsdm"], offering=offering, capacity=2)
    assert "3 seats" in str(exc.value.message_dict["capacity"])


def test_capacity_increase_promotes_the_waitlist(world):
    offering = OfferingFactory(owner_unit=world["school"], capacity=1)
    EnrollmentFactory(offering=offering)
    waiting = EnrollmentFactory(offering=offering, status="waitlisted")
    scheduling.offering_update(actor=world["bkpsdm"], offering=offering, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == "enrolled"
    assert EnrollmentTransition.objects.filter(enrollment=waiting, to_status="enrolled").exists()


def test_new_dates_must_keep_the_sessions_inside(world):
    offering = OfferingFactory(owner_unit=world["school"])
    SessionFactory(offering=offering, date=offering.end_date)
    with pytest.raises(ValidationError) as exc:
        scheduling.offering_update(
            actor=world["bkpsdm"], offering=offering, end_date=offering.start_date, start_date=offering.start_date
        )
    assert "start_date" in exc.value.message_dict


def test_publish_needs_a_session_and_records_the_transition(world):
    offering = OfferingFactory(owner_unit=world["school"], status="draft")
    with pytest.raises(ValidationError):
        scheduling.offering_publish(actor=world["koord_dikbud"], offering=offering)
    SessionFactory(offering=offering)
    offering = scheduling.offering_publish(actor=world["koord_dikbud"], offering=offering)
    assert offering.status == "published"
    entry = audit_entry_list(obj=offering).first()
    assert (entry.action, entry.changes) == ("transition", {"status": ["draft", "published"]})
    with pytest.raises(ValidationError):
        scheduling.offering_publish(actor=world["koord_dikbud"], offering=offering)


def test_start_only_from_published(world):
    offering = OfferingFactory(owner_unit=world["school"], status="draft")
    with pytest.raises(ValidationError):
        scheduling.offering_start(actor=world["bkpsdm"], offering=offering)
    Offering.objects.filter(pk=offering.pk).update(status="published")
    assert scheduling.offering_start(actor=world["bkpsdm"], offering=offering).status == "running"


def test_cancel_cancels_participants_and_notifies_them(world):
    offering = OfferingFactory(owner_unit=world["school"])
    enrolled = EnrollmentFactory(offering=offering, employee=EmployeeFactory(user=UserFactory()))
    pending = EnrollmentFactory(offering=offering, status="pending", employee=EmployeeFactory(user=UserFactory()))
    waiting = EnrollmentFactory(offering=offering, status="waitlisted")  # no login: nothing to notify in-app
    rejected = EnrollmentFactory(offering=offering, status="rejected")
    with pytest.raises(ValidationError):
        scheduling.offering_cancel(actor=world["koord_dikbud"], offering=offering, reason=" ")
    scheduling.offering_cancel(actor=world["koord_dikbud"], offering=offering, reason="Narasumber berhalangan")
    offering.refresh_from_db()
    assert offering.status == "cancelled"
    statuses = dict(Enrollment.objects.filter(offering=offering).values_list("pk", "status"))
    assert statuses == {
        enrolled.pk: "cancelled",
        pending.pk: "cancelled",
        waiting.pk: "cancelled",
        rejected.pk: "rejected",
    }
    moves = EnrollmentTransition.objects.filter(enrollment__offering=offering, to_status="cancelled")
    assert {(m.enrollment_id, m.from_status, m.reason, m.actor_id) for m in moves} == {
        (enrolled.pk, "enrolled", "Narasumber berhalangan", world["koord_dikbud"].pk),
        (pending.pk, "pending", "Narasumber berhalangan", world["koord_dikbud"].pk),
        (waiting.pk, "waitlisted", "Narasumber berhalangan", world["koord_dikbud"].pk),
    }
    notes = Notification.objects.filter(kind="cancelled")
    assert {n.recipient_id for n in notes} == {enrolled.employee.user_id, pending.employee.user_id}
    assert all(n.body == "Narasumber berhalangan" and offering.code in n.title for n in notes)
    assert audit_entry_list(obj=offering).first().reason == "Narasumber berhalangan"
    with pytest.raises(ValidationError):
        scheduling.offering_cancel(actor=world["koord_dikbud"], offering=offering, reason="lagi")


def test_closed_offerings_cannot_change(world):
    offering = OfferingFactory(owner_unit=world["school"], status="finished")
    with pytest.raises(ValidationError):
        scheduling.offering_update(actor=world["bkpsdm"], offering=offering, capacity=40)
    with pytest.raises(ValidationError):
        scheduling.session_create(
            actor=world["bkpsdm"], offering=offering, date=offering.start_date, starts_at=T(8), ends_at=T(9), topic="x"
        )


# --- Sessions -------------------------------------------------------------------


def test_session_must_lie_within_the_offering_and_end_after_it_starts(world):
    offering = OfferingFactory(owner_unit=world["school"])
    with pytest.raises(ValidationError) as exc:
        scheduling.session_create(
            actor=world["bkpsdm"],
            offering=offering,
            date=offering.end_date + datetime.timedelta(days=1),
            starts_at=T(8),
            ends_at=T(10),
            topic="Materi",
        )
    assert "date" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        scheduling.session_create(
            actor=world["bkpsdm"], offering=offering, date=offering.start_date, starts_at=T(10), ends_at=T(9), topic="x"
        )
    assert "ends_at" in exc.value.message_dict


def test_session_create_and_update_keep_history(world):
    offering = OfferingFactory(owner_unit=world["school"])
    session = scheduling.session_create(
        actor=world["koord_dikbud"],
        offering=offering,
        date=offering.start_date,
        starts_at=T(8),
        ends_at=T(10),
        topic="Pembukaan",
        trainer=TrainerFactory(),
    )
    scheduling.session_update(actor=world["koord_dikbud"], session=session, topic="Pembukaan dan orientasi")
    entries = list(audit_entry_list(obj=session))
    assert [e.action for e in entries] == ["update", "create"]
    assert entries[0].changes == {"topic": ["Pembukaan", "Pembukaan dan orientasi"]}


def test_session_of_another_agency_is_refused(world):
    session = SessionFactory(offering=OfferingFactory(owner_unit=world["puskesmas"]))
    with pytest.raises(PermissionDenied):
        scheduling.session_update(actor=world["koord_dikbud"], session=session, topic="x")
    with pytest.raises(PermissionDenied):
        scheduling.session_delete(actor=world["koord_dikbud"], session=session)


def test_session_delete_rules(world):
    offering = OfferingFactory(owner_unit=world["school"])
    first, second = SessionFactory(offering=offering), SessionFactory(offering=offering, starts_at=T(13), ends_at=T(15))
    AttendanceFactory(session=first)
    with pytest.raises(ValidationError):
        scheduling.session_delete(actor=world["bkpsdm"], session=first)
    second_pk = second.pk
    scheduling.session_delete(actor=world["bkpsdm"], session=second, reason="Digabung")
    assert not Session.objects.filter(pk=second_pk).exists()
    entry = AuditEntry.objects.get(object_id=str(second_pk), content_type__model="session")
    assert (entry.action, entry.reason, entry.changes["topic"]) == ("delete", "Digabung", [second.topic, None])
    lonely = SessionFactory(offering=OfferingFactory(owner_unit=world["school"]))
    with pytest.raises(ValidationError):
        scheduling.session_delete(actor=world["bkpsdm"], session=lonely)
    draft_session = SessionFactory(offering=OfferingFactory(owner_unit=world["school"], status="draft"))
    scheduling.session_delete(actor=world["bkpsdm"], session=draft_session)


def test_system_actor_may_seed(world):
    unit = OrgUnitFactory()
    course = services.course_create(actor=None, **_course_kwargs(code="seed"))
    offering = scheduling.offering_create(actor=None, **_offering_kwargs(course, unit))
    assert offering.created_by is None
