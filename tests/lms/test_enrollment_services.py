import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from backend.people.access import access_for
from lms.choices import EnrollmentSource, EnrollmentStatus, NotificationKind
from lms.models import Enrollment, EnrollmentTransition, Notification
from lms.selectors.enrollment import enrollment_list, roster_get, waitlist_position_get
from lms.services.enrollment import (
    enrollment_approve,
    enrollment_cancel,
    enrollment_reject,
    enrollment_request,
    offering_fill_seats,
)
from tests.factories import (
    CourseFactory,
    EmployeeFactory,
    EnrollmentFactory,
    OfferingFactory,
    PeriodFactory,
    ScoreFactory,
    SessionFactory,
    UserFactory,
)
from tests.lms.enrollment_fixtures import world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

SELF = EnrollmentSource.SELF
ASSIGNED = EnrollmentSource.ASSIGNED


def _self(world, who, offering=None):
    user = world[who]
    return enrollment_request(offering=offering or world["offering"], employee=user.employee, actor=user, source=SELF)


def _assign(world, employee, *, by="koord_dinkes", offering=None, override_reason=""):
    return enrollment_request(
        offering=offering or world["offering"],
        employee=employee,
        actor=world[by],
        source=ASSIGNED,
        override_reason=override_reason,
    )


def _kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("kind", flat=True))


def _history(enrollment) -> list[tuple[str, str]]:
    return list(enrollment.transitions.order_by("pk").values_list("from_status", "to_status"))


# --- Requests ---------------------------------------------------------------------


def test_self_enrollment_takes_a_free_seat_and_records_who_when_why(world):
    before = timezone.now()
    enrollment = _self(world, "pegawai")
    assert enrollment.status == EnrollmentStatus.ENROLLED
    assert enrollment.source == SELF
    transition = EnrollmentTransition.objects.get(enrollment=enrollment)
    assert (transition.from_status, transition.to_status) == ("", EnrollmentStatus.ENROLLED)
    assert transition.actor == world["pegawai"]
    assert transition.at >= before
    assert transition.reason
    assert _kinds(world["pegawai"]) == [NotificationKind.APPROVED]


@pytest.mark.parametrize("status", ["draft", "running", "finished", "cancelled"])
def test_self_enrollment_only_into_published_offerings(world, status):
    offering = OfferingFactory(owner_unit=world["dinkes"], status=status)
    with pytest.raises(ValidationError):
        _self(world, "pegawai", offering)
    assert not Enrollment.objects.exists()


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(1, 5), (-10, -1)],
    ids=["not-yet-open", "already-closed"],
)
def test_self_enrollment_only_inside_the_window(world, opens, closes):
    today = timezone.localdate()
    offering = OfferingFactory(
        owner_unit=world["dinkes"],
        enroll_opens=today + datetime.timedelta(days=opens),
        enroll_closes=today + datetime.timedelta(days=closes),
    )
    with pytest.raises(ValidationError, match="Enrollment is open"):
        _self(world, "pegawai", offering)


def test_coordinators_assign_into_running_offerings_and_outside_the_window(world):
    today = timezone.localdate()
    offering = OfferingFactory(
        owner_unit=world["dinkes"],
        status="running",
        start_date=today - datetime.timedelta(days=1),
        enroll_opens=today - datetime.timedelta(days=20),
        enroll_closes=today - datetime.timedelta(days=5),
    )
    enrollment = _assign(world, world["pegawai"].employee, offering=offering)
    assert (enrollment.status, enrollment.source) == (EnrollmentStatus.ENROLLED, ASSIGNED)
    with pytest.raises(ValidationError):
        _assign(world, world["rekan"].employee, offering=OfferingFactory(owner_unit=world["dinkes"], status="draft"))


def test_only_the_offerings_coordinators_assign_and_nobody_enrolls_someone_else_as_self(world):
    with pytest.raises(PermissionDenied):
        _assign(world, world["pegawai"].employee, by="koord_dikbud")
    with pytest.raises(PermissionDenied):
        _assign(world, world["pegawai"].employee, by="atasan")
    with pytest.raises(PermissionDenied):
        enrollment_request(
            offering=world["offering"], employee=world["rekan"].employee, actor=world["pegawai"], source=SELF
        )
    # BKPSDM coordinates every unit's offerings.
    assert _assign(world, world["pegawai"].employee, by="koord_bkpsdm").status == EnrollmentStatus.ENROLLED


def test_a_second_request_is_refused_and_a_cancelled_row_is_reused(world):
    first = _self(world, "pegawai")
    with pytest.raises(ValidationError, match="already"):
        _self(world, "pegawai")
    enrollment_cancel(enrollment=first, actor=world["pegawai"], reason="Bentrok dengan dinas luar")
    again = _self(world, "pegawai")
    assert again.pk == first.pk
    assert Enrollment.objects.count() == 1
    assert _history(again) == [
        ("", EnrollmentStatus.ENROLLED),
        (EnrollmentStatus.ENROLLED, EnrollmentStatus.CANCELLED),
        (EnrollmentStatus.CANCELLED, EnrollmentStatus.ENROLLED),
    ]


def test_a_completed_course_is_not_taken_again(world):
    EnrollmentFactory(offering=world["offering"], employee=world["pegawai"].employee, status="completed")
    with pytest.raises(ValidationError, match="already"):
        _self(world, "pegawai")


def test_prerequisites_must_be_completed_first(world):
    basic = CourseFactory(title="Dasar-dasar Pelayanan Publik")
    world["offering"].course.prerequisites.add(basic)
    with pytest.raises(ValidationError, match="Dasar-dasar Pelayanan Publik"):
        _self(world, "pegawai")
    # Enrolled (not yet completed) does not count.
    earlier = OfferingFactory(course=basic, owner_unit=world["dinkes"], status="finished")
    row = EnrollmentFactory(offering=earlier, employee=world["pegawai"].employee, status="enrolled")
    with pytest.raises(ValidationError):
        _self(world, "pegawai")
    Enrollment.objects.filter(pk=row.pk).update(status="completed")
    assert _self(world, "pegawai").status == EnrollmentStatus.ENROLLED


def test_a_schedule_clash_is_refused_unless_a_coordinator_gives_a_reason(world):
    offering = world["offering"]
    other = OfferingFactory(owner_unit=world["dinkes"], code="bimtek-sipd-2", start_date=offering.start_date)
    SessionFactory(offering=other, date=offering.start_date, starts_at=datetime.time(8), ends_at=datetime.time(12))
    SessionFactory(offering=offering, date=offering.start_date, starts_at=datetime.time(10), ends_at=datetime.time(14))
    EnrollmentFactory(offering=other, employee=world["pegawai"].employee)
    with pytest.raises(ValidationError, match="bimtek-sipd-2"):
        _self(world, "pegawai")
    with pytest.raises(ValidationError, match="bimtek-sipd-2"):
        _assign(world, world["pegawai"].employee)
    enrollment = _assign(world, world["pegawai"].employee, override_reason="Sesi pagi diganti tugas mandiri")
    assert enrollment.status == EnrollmentStatus.ENROLLED
    assert "Sesi pagi diganti tugas mandiri" in enrollment.transitions.get().reason


# --- Seats and the waitlist -------------------------------------------------------


def test_a_full_offering_waitlists_with_a_notice(world):
    _self(world, "pegawai")
    _self(world, "rekan")
    third = _self(world, "guru")
    assert third.status == EnrollmentStatus.WAITLISTED
    assert waitlist_position_get(enrollment=third) == 1
    assert _kinds(world["guru"]) == [NotificationKind.WAITLISTED]
    assert Enrollment.objects.filter(status=EnrollmentStatus.ENROLLED).count() == 2


def _waitlisted(offering, *, gap, deficit, minutes_ago, name):
    """A waiting request whose stored need is also what the appraisal says (the need is re-measured
    before seats are given): ``gap`` points short on the course's first target indicator."""
    employee = EmployeeFactory(name=name, user=UserFactory())
    target = offering.course.target_indicators.first()
    if gap and target is not None:
        ScoreFactory(
            employee=employee, indicator=target.indicator, period=PeriodFactory(), target=100, realisasi=100 - gap
        )
    return EnrollmentFactory(
        offering=offering,
        employee=employee,
        status="waitlisted",
        need_gap=Decimal(gap),
        need_jp_deficit_minutes=deficit,
        requested_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )


def test_the_waitlist_follows_need_then_jp_deficit_then_time(world):
    offering = world["offering"]
    late_big_gap = _waitlisted(offering, gap=40, deficit=0, minutes_ago=1, name="A")
    early_small = _waitlisted(offering, gap=10, deficit=900, minutes_ago=30, name="B")
    same_gap_more_jp = _waitlisted(offering, gap=10, deficit=1200, minutes_ago=5, name="C")
    tie_earlier = _waitlisted(offering, gap=10, deficit=900, minutes_ago=60, name="D")
    expected = [late_big_gap, same_gap_more_jp, tie_earlier, early_small]

    roster = roster_get(offering=offering)
    assert [row.pk for row in roster.waitlist] == [row.pk for row in expected]
    assert [row.waitlist_position for row in roster.waitlist] == [1, 2, 3, 4]
    positions = dict(enrollment_list(access=access_for(world["koord_dinkes"])).values_list("pk", "waitlist_position"))
    assert [positions[row.pk] for row in expected] == [1, 2, 3, 4]


def test_cancelling_a_seat_promotes_the_neediest_and_tells_them(world):
    first = _self(world, "pegawai")
    _self(world, "rekan")
    low = _waitlisted(world["offering"], gap=5, deficit=0, minutes_ago=60, name="Low")
    high = _waitlisted(world["offering"], gap=30, deficit=0, minutes_ago=1, name="High")

    enrollment_cancel(enrollment=first, actor=world["koord_dinkes"], reason="Dipindah ke angkatan 2")
    high.refresh_from_db()
    low.refresh_from_db()
    assert high.status == EnrollmentStatus.ENROLLED
    assert low.status == EnrollmentStatus.WAITLISTED
    assert waitlist_position_get(enrollment=low) == 1
    promotion = high.transitions.get()
    assert (promotion.from_status, promotion.to_status, promotion.actor) == (
        EnrollmentStatus.WAITLISTED,
        EnrollmentStatus.ENROLLED,
        world["koord_dinkes"],
    )
    assert _kinds(high.employee.user) == [NotificationKind.PROMOTED]
    assert _kinds(low.employee.user) == []
    # The coordinator cancelled, so the employee is told why.
    cancelled = first.transitions.order_by("pk").last()
    assert (cancelled.to_status, cancelled.reason, cancelled.actor) == (
        EnrollmentStatus.CANCELLED,
        "Dipindah ke angkatan 2",
        world["koord_dinkes"],
    )
    assert NotificationKind.CANCELLED in _kinds(world["pegawai"])


def test_promotion_passes_over_someone_now_busy_in_an_overlapping_class(world):
    offering = world["offering"]
    session = SessionFactory(offering=offering)
    first = _self(world, "pegawai")
    _self(world, "rekan")
    busy = _waitlisted(offering, gap=40, deficit=0, minutes_ago=5, name="Busy")
    free = _waitlisted(offering, gap=10, deficit=0, minutes_ago=1, name="Free")
    # While waiting, the neediest took a seat in another class at the same hours.
    other = OfferingFactory(owner_unit=offering.owner_unit)
    SessionFactory(offering=other, date=session.date, starts_at=session.starts_at, ends_at=session.ends_at)
    EnrollmentFactory(offering=other, employee=busy.employee)

    enrollment_cancel(enrollment=first, actor=world["koord_dinkes"], reason="Tugas luar")
    busy.refresh_from_db()
    free.refresh_from_db()
    assert busy.status == EnrollmentStatus.WAITLISTED
    assert free.status == EnrollmentStatus.ENROLLED


def test_the_need_is_measured_again_before_a_seat_is_given(world):
    first = _self(world, "pegawai")
    _self(world, "rekan")
    # Asked with a large gap, which a later appraisal closed; the other still has theirs.
    closed = _waitlisted(world["offering"], gap=30, deficit=0, minutes_ago=60, name="Closed")
    Score = closed.employee.scores.model
    Score.objects.filter(employee=closed.employee).update(realisasi=100, achievement=100)
    still = _waitlisted(world["offering"], gap=10, deficit=0, minutes_ago=1, name="Still")

    enrollment_cancel(enrollment=first, actor=world["koord_dinkes"], reason="Tugas luar")
    closed.refresh_from_db()
    still.refresh_from_db()
    assert still.status == EnrollmentStatus.ENROLLED
    assert closed.status == EnrollmentStatus.WAITLISTED
    assert closed.need_gap == 0
    # Nothing credited yet this year: the whole 20 JP are missing, and the reason now says only that.
    assert closed.need_jp_deficit_minutes == 900
    assert closed.need_reason.startswith("20 JP short in")


def test_cancelling_a_waitlisted_place_promotes_nobody(world):
    _self(world, "pegawai")
    _self(world, "rekan")
    waiting = _self(world, "guru")
    other = _waitlisted(world["offering"], gap=1, deficit=0, minutes_ago=0, name="Other")
    enrollment_cancel(enrollment=waiting, actor=world["guru"])
    other.refresh_from_db()
    assert other.status == EnrollmentStatus.WAITLISTED
    # Withdrawing oneself sends no notice to oneself.
    assert NotificationKind.CANCELLED not in _kinds(world["guru"])


def test_only_the_employee_or_a_manager_cancels(world):
    enrollment = _self(world, "pegawai")
    for intruder in ("rekan", "atasan", "koord_dikbud"):
        with pytest.raises(PermissionDenied):
            enrollment_cancel(enrollment=enrollment, actor=world[intruder])
    enrollment_cancel(enrollment=enrollment, actor=world["pegawai"])
    with pytest.raises(ValidationError):
        enrollment_cancel(enrollment=enrollment, actor=world["pegawai"])


def test_filling_seats_after_a_capacity_increase_follows_need(world):
    _self(world, "pegawai")
    _self(world, "rekan")
    rows = [_waitlisted(world["offering"], gap=g, deficit=0, minutes_ago=0, name=f"N{g}") for g in (3, 9, 6)]
    offering = world["offering"]
    offering.capacity = 4
    offering.save()
    promoted = offering_fill_seats(offering=offering, actor=world["koord_dinkes"])
    assert [row.need_gap for row in promoted] == [Decimal(9), Decimal(6)]
    assert Enrollment.objects.get(pk=rows[0].pk).status == EnrollmentStatus.WAITLISTED
    assert offering_fill_seats(offering=offering, actor=world["koord_dinkes"]) == []


def test_a_newcomer_joins_the_queue_when_people_already_wait_for_free_seats(world):
    # Seats were added without filling: the queue is filled in need order, newcomer included.
    waiting = _waitlisted(world["offering"], gap=50, deficit=0, minutes_ago=10, name="Needy")
    newcomer = _self(world, "pegawai")
    waiting.refresh_from_db()
    assert waiting.status == EnrollmentStatus.ENROLLED
    assert newcomer.status == EnrollmentStatus.ENROLLED


# --- Approval ---------------------------------------------------------------------


@pytest.fixture
def approval(world):
    world["offering"].requires_approval = True
    world["offering"].save()
    return world


def test_requests_needing_approval_wait_and_the_supervisor_is_asked(approval):
    enrollment = _self(approval, "pegawai")
    assert enrollment.status == EnrollmentStatus.PENDING
    assert _kinds(approval["atasan"]) == [NotificationKind.PENDING]
    assert Notification.objects.get(recipient=approval["atasan"]).url == "/training/approvals/"
    # Coordinators assign without approval.
    assert _assign(approval, approval["rekan"].employee).status == EnrollmentStatus.ENROLLED


def test_without_a_supervisor_the_offerings_coordinators_are_asked(approval):
    _self(approval, "guru")
    # Dinkes owns the offering: its coordinator is asked, not the other agency's nor BKPSDM's.
    assert _kinds(approval["koord_dinkes"]) == [NotificationKind.PENDING]
    assert _kinds(approval["koord_dikbud"]) == []
    assert _kinds(approval["koord_bkpsdm"]) == []


def test_the_supervisor_approves_into_a_seat_or_the_waitlist(approval):
    first = _self(approval, "pegawai")
    second = _self(approval, "rekan")
    _assign(approval, approval["guru"].employee)
    assert enrollment_approve(enrollment=first, actor=approval["atasan"]).status == EnrollmentStatus.ENROLLED
    assert enrollment_approve(enrollment=second, actor=approval["atasan"]).status == EnrollmentStatus.WAITLISTED
    assert _history(first) == [("", EnrollmentStatus.PENDING), (EnrollmentStatus.PENDING, EnrollmentStatus.ENROLLED)]
    assert first.transitions.last().actor == approval["atasan"]
    assert _kinds(approval["pegawai"]) == [NotificationKind.APPROVED]
    assert _kinds(approval["rekan"]) == [NotificationKind.WAITLISTED]
    with pytest.raises(ValidationError):
        enrollment_approve(enrollment=first, actor=approval["atasan"])


def test_only_the_supervisor_or_a_manager_approves(approval):
    enrollment = _self(approval, "pegawai")
    for intruder in ("pegawai", "rekan", "guru", "koord_dikbud"):
        with pytest.raises(PermissionDenied):
            enrollment_approve(enrollment=enrollment, actor=approval[intruder])
    assert enrollment_approve(enrollment=enrollment, actor=approval["koord_dinkes"]).status == "enrolled"


def test_rejecting_needs_a_reason_and_tells_the_employee(approval):
    enrollment = _self(approval, "pegawai")
    with pytest.raises(ValidationError):
        enrollment_reject(enrollment=enrollment, actor=approval["atasan"], reason="  ")
    with pytest.raises(PermissionDenied):
        enrollment_reject(enrollment=enrollment, actor=approval["rekan"], reason="Tidak")
    enrollment_reject(enrollment=enrollment, actor=approval["atasan"], reason="Beban kerja akhir tahun")
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.REJECTED
    assert enrollment.transitions.last().reason == "Beban kerja akhir tahun"
    notice = Notification.objects.get(recipient=approval["pegawai"])
    assert (notice.kind, "Beban kerja akhir tahun" in notice.body) == (NotificationKind.REJECTED, True)
    # Rejected may ask again: the row is reused.
    assert _self(approval, "pegawai").pk == enrollment.pk


def test_a_seat_holder_is_cancelled_not_rejected(world):
    enrollment = _self(world, "pegawai")
    with pytest.raises(ValidationError):
        enrollment_reject(enrollment=enrollment, actor=world["koord_dinkes"], reason="Salah daftar")


# --- Need is stored with the request -----------------------------------------------


def test_the_request_stores_the_need_that_orders_it(world):
    period = PeriodFactory(year=2026, number=3)
    ScoreFactory(employee=world["pegawai"].employee, indicator=world["indicator"], period=period, realisasi=62)
    enrollment = _self(world, "pegawai")
    assert enrollment.need_gap == Decimal("38.00")
    assert enrollment.need_jp_deficit_minutes == 20 * 45
    assert "Rata-rata waktu tunggu pelayanan pasien" in enrollment.need_reason
