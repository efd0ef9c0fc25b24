"""Test scores and finishing an offering: completion rules, JP only on completion, idempotence."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from backend.audit.models import AuditEntry
from backend.people.access import access_for
from backend.people.choices import Role
from lms.models import EnrollmentTransition, JpLedgerEntry, Notification
from lms.selectors.attendance import offering_results_get
from lms.services.completion import enrollment_scores_save, offering_finish
from tests.factories import AttendanceFactory, EmployeeFactory, EnrollmentFactory, UserFactory, running_offering

pytestmark = pytest.mark.django_db

LAST_DAY = datetime.date(2025, 3, 14)


@pytest.fixture(autouse=True)
def _english(client, settings):
    # Messages are asserted in their English source; pages and services answer in the active language.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def attend(enrollment, sessions, statuses):
    for session, status in zip(sessions, statuses, strict=False):
        AttendanceFactory(session=session, enrollment=enrollment, status=status)


@pytest.fixture
def world(two_agencies, make_login):
    """Five sessions (so 4 attended = exactly 80 %) and participants at each edge of the rule."""
    units = two_agencies
    logins = {name: make_login(unit=units["school"]) for name in ("ani", "budi", "citra", "dedi", "eka")}
    offering, enrollments = running_offering(
        owner_unit=units["dikbud"], participants=[u.employee for u in logins.values()], sessions=5
    )
    offering.course.title = "Pelatihan Pelayanan Prima"
    offering.course.duration_minutes = 900
    offering.course.save()
    sessions = list(offering.sessions.order_by("date"))
    ani, budi, citra, dedi, eka = enrollments
    # Ani: exactly 80 % (late counts) and exactly the pass mark.
    attend(ani, sessions, ["present", "late", "present", "late", "absent"])
    ani.pre_test, ani.post_test = Decimal(40), Decimal(65)
    # Budi: full attendance, just below the pass mark.
    attend(budi, sessions, ["present"] * 5)
    budi.post_test = Decimal("64.99")
    # Citra: 60 % (excused does not count), a high post-test.
    attend(citra, sessions, ["present", "present", "present", "excused", "excused"])
    citra.post_test = Decimal(90)
    # Dedi: full attendance, no post-test.
    attend(dedi, sessions, ["present"] * 5)
    # Eka: 40 % and no post-test: both reasons.
    attend(eka, sessions, ["present", "present"])
    for enrollment in enrollments:
        enrollment.save()
    waiting = EnrollmentFactory(offering=offering, status="waitlisted")
    return {
        **units,
        "offering": offering,
        "sessions": sessions,
        "enrollments": dict(zip(["ani", "budi", "citra", "dedi", "eka"], enrollments, strict=True)),
        "logins": logins,
        "waiting": waiting,
        "coordinator": make_login(unit=units["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=units["dikbud"]),
        "other_coordinator": make_login(
            unit=units["dinkes"], roles=[Role.COORDINATOR], coordinator_unit=units["dinkes"]
        ),
        "asn": make_login(unit=units["school"]),
    }


def finish(world, **kwargs):
    return offering_finish(offering=world["offering"], actor=world["coordinator"], today=LAST_DAY, **kwargs)


def fresh(enrollment):
    enrollment.refresh_from_db()
    return enrollment


# --- The rule ---------------------------------------------------------------------


def test_finishing_decides_every_seat_holder_by_the_rule(world):
    offering = finish(world)
    assert offering.status == "finished"
    assert offering.finished_at is not None
    e = {name: fresh(enrollment) for name, enrollment in world["enrollments"].items()}
    # Attendance exactly at 80 % and a post-test exactly at 65 pass.
    assert (e["ani"].status, e["ani"].attendance_pct, e["ani"].result_reason) == ("completed", Decimal("80.00"), "")
    assert e["budi"].status == "not_completed"
    assert e["budi"].result_reason == "post-test 64,99 below the pass mark 65"
    assert e["budi"].attendance_pct == Decimal("100.00")
    assert e["citra"].status == "not_completed"
    assert e["citra"].result_reason == "attendance 60% below the minimum 80%"
    assert e["dedi"].status == "not_completed"
    assert e["dedi"].result_reason == "no post-test score"
    assert e["eka"].result_reason == "attendance 40% below the minimum 80%; no post-test score"
    # The waitlist is not judged.
    # The class is over: nobody is left waiting for a seat in it.
    assert fresh(world["waiting"]).status == "cancelled"


def test_the_offering_rule_is_its_own(world):
    offering = world["offering"]
    offering.min_attendance_pct, offering.pass_mark = 60, 90
    offering.save()
    finish(world)
    e = {name: fresh(enrollment) for name, enrollment in world["enrollments"].items()}
    assert [name for name, enrollment in e.items() if enrollment.status == "completed"] == ["citra"]


def test_jp_credited_only_on_completion(world):
    finish(world)
    ani = fresh(world["enrollments"]["ani"])
    entry = JpLedgerEntry.objects.get()
    assert entry.enrollment == ani
    assert (entry.employee, entry.source, entry.minutes, entry.year) == (ani.employee, "course", 900, 2025)
    assert (entry.title, entry.date) == ("Pelatihan Pelayanan Prima", world["offering"].end_date)
    assert ani.credited_minutes == 900
    assert {fresh(e).credited_minutes for n, e in world["enrollments"].items() if n != "ani"} == {0}
    assert AuditEntry.objects.filter(content_type__model="jpledgerentry", object_id=str(entry.pk)).exists()


def test_every_status_change_is_a_recorded_transition(world):
    finish(world)
    transitions = EnrollmentTransition.objects.filter(enrollment__offering=world["offering"])
    assert transitions.count() == 6
    assert {(t.from_status, t.actor) for t in transitions} == {
        ("enrolled", world["coordinator"]),
        ("waitlisted", world["coordinator"]),
    }
    assert transitions.get(enrollment=world["enrollments"]["ani"]).to_status == "completed"
    audit = AuditEntry.objects.get(content_type__model="offering", action="transition")
    assert audit.changes["status"] == ["running", "finished"]


def test_each_participant_is_told_their_result(world):
    finish(world)
    notes = {n.recipient: n for n in Notification.objects.filter(kind="result")}
    assert len(notes) == 5
    ani = notes[world["logins"]["ani"]]
    assert ani.dedupe_key == f"result:{world['enrollments']['ani'].pk}"
    assert "20 JP" in ani.body
    assert ani.title == "Completed: Pelatihan Pelayanan Prima"
    assert ani.url == reverse("my-training")
    assert "no post-test score" in notes[world["logins"]["dedi"]].body


def test_finishing_twice_does_nothing_more(world):
    finish(world)
    counts = (
        JpLedgerEntry.objects.count(),
        Notification.objects.count(),
        EnrollmentTransition.objects.count(),
        AuditEntry.objects.count(),
    )
    finished_at = world["offering"].__class__.objects.get(pk=world["offering"].pk).finished_at
    again = finish(world)
    assert again.status == "finished"
    assert again.finished_at == finished_at
    assert counts == (
        JpLedgerEntry.objects.count(),
        Notification.objects.count(),
        EnrollmentTransition.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize("status", ["draft", "cancelled"])
def test_only_a_published_or_running_offering_finishes(world, status):
    world["offering"].status = status
    world["offering"].save()
    with pytest.raises(ValidationError):
        finish(world)
    assert not JpLedgerEntry.objects.exists()


def test_not_before_the_last_session(world):
    with pytest.raises(ValidationError) as caught:
        offering_finish(offering=world["offering"], actor=world["coordinator"], today=LAST_DAY - datetime.timedelta(1))
    assert "runs until" in caught.value.messages[0]
    assert fresh(world["enrollments"]["ani"]).status == "enrolled"
    # A published offering finishes too once its sessions are over.
    world["offering"].status = "published"
    world["offering"].save()
    assert finish(world).status == "finished"


def test_not_on_the_last_day_before_the_last_session_ends(world, monkeypatch):
    last = world["offering"].sessions.order_by("-date", "-ends_at").first()
    during = datetime.datetime.combine(last.date, datetime.time(9, 0), tzinfo=timezone.get_current_timezone())
    monkeypatch.setattr(timezone, "localtime", lambda *args, **kwargs: during)
    with pytest.raises(ValidationError):
        offering_finish(offering=world["offering"], actor=world["coordinator"])
    assert fresh(world["enrollments"]["ani"]).status == "enrolled"


def test_an_offering_without_sessions_cannot_finish(world, two_agencies):
    offering, _ = running_offering(owner_unit=two_agencies["dikbud"], participants=[EmployeeFactory()], sessions=0)
    with pytest.raises(ValidationError):
        offering_finish(offering=offering, actor=world["coordinator"], today=LAST_DAY)


def test_only_the_offering_managers_may_finish(world):
    for user in (world["other_coordinator"], world["asn"]):
        with pytest.raises(PermissionDenied):
            offering_finish(offering=world["offering"], actor=user, today=LAST_DAY)
    assert world["offering"].__class__.objects.get(pk=world["offering"].pk).status == "running"


def _finish_queries(two_agencies, coordinator, participants: int) -> list[str]:
    people = [EmployeeFactory(user=UserFactory()) for _ in range(participants)]
    offering, enrollments = running_offering(owner_unit=two_agencies["dikbud"], participants=people, sessions=3)
    sessions = list(offering.sessions.all())
    for enrollment in enrollments:
        attend(enrollment, sessions, ["present"] * 3)
        enrollment.post_test = Decimal(80)
        enrollment.save()
    with CaptureQueriesContext(connection) as captured:
        offering_finish(offering=offering, actor=coordinator, today=LAST_DAY)
    return [query["sql"] for query in captured.captured_queries]


def test_finishing_costs_the_same_queries_for_two_or_twelve_participants(world, two_agencies):
    coordinator = world["coordinator"]
    access_for(coordinator)
    small = _finish_queries(two_agencies, coordinator, 2)
    large = _finish_queries(two_agencies, coordinator, 12)
    for queries in (small, large):
        # One read of every participant with their attendance counted in subqueries ...
        assert sum('FROM "lms_attendance"' in sql for sql in queries) == 1
        # ... one insert of all ledger rows, and the ledger's and the offering's history rows.
        assert sum(sql.startswith('INSERT INTO "lms_jpledgerentry"') for sql in queries) == 1
        assert sum(sql.startswith('INSERT INTO "audit_auditentry"') for sql in queries) == 2
        # The status changes are one update with one insert of their history rows, the result
        # notices one insert: nothing is written per participant.
        assert sum(sql.startswith('INSERT INTO "lms_enrollmenttransition"') for sql in queries) == 1
        assert sum(sql.startswith('INSERT INTO "lms_notification"') for sql in queries) == 1
    assert len(large) == len(small)
    assert JpLedgerEntry.objects.count() == 14


# --- Scores -------------------------------------------------------------------------


def test_scores_are_saved_with_history(world):
    ani, budi = world["enrollments"]["ani"], world["enrollments"]["budi"]
    enrollment_scores_save(
        offering=world["offering"],
        scores={ani.pk: (Decimal("45.5"), 70), budi.pk: (None, Decimal("64.99"))},
        actor=world["coordinator"],
    )
    ani = fresh(ani)
    assert (ani.pre_test, ani.post_test) == (Decimal("45.50"), Decimal("70.00"))
    entry = AuditEntry.objects.get(content_type__model="enrollment", object_id=str(ani.pk))
    assert entry.changes == {"pre_test": ["40.00", "45.50"], "post_test": ["65.00", "70.00"]}
    assert entry.actor == world["coordinator"]
    # Budi's scores did not change: no history row.
    assert not AuditEntry.objects.filter(content_type__model="enrollment", object_id=str(budi.pk)).exists()


@pytest.mark.parametrize("bad", [Decimal("100.01"), -1, "abc", Decimal("70.123")])
def test_scores_outside_0_to_100_are_refused(world, bad):
    ani = world["enrollments"]["ani"]
    with pytest.raises(ValidationError):
        enrollment_scores_save(offering=world["offering"], scores={ani.pk: (bad, 80)}, actor=world["coordinator"])
    assert fresh(ani).post_test == Decimal(65)


def test_scores_only_for_seat_holders_and_open_offerings(world):
    with pytest.raises(ValidationError):
        enrollment_scores_save(
            offering=world["offering"], scores={world["waiting"].pk: (10, 20)}, actor=world["coordinator"]
        )
    with pytest.raises(PermissionDenied):
        enrollment_scores_save(
            offering=world["offering"], scores={world["enrollments"]["ani"].pk: (10, 20)}, actor=world["asn"]
        )
    finish(world)
    with pytest.raises(ValidationError):
        enrollment_scores_save(
            offering=world["offering"], scores={world["enrollments"]["dedi"].pk: (10, 99)}, actor=world["coordinator"]
        )
    assert fresh(world["enrollments"]["dedi"]).post_test is None


def test_results_show_attendance_gain_and_verdict_in_two_queries(world, django_assert_num_queries):
    with django_assert_num_queries(2):
        results = offering_results_get(offering=world["offering"])
    rows = {row.enrollment.employee_id: row for row in results.rows}
    ani = rows[world["enrollments"]["ani"].employee_id]
    assert (ani.attended, ani.attendance_pct) == (4, Decimal("80.00"))
    assert ani.gain == Decimal("0.416")  # 25 / 60, rounded down
    assert ani.gain_band == "medium"
    assert ani.outcome.completed
    assert len(results.passing) == 1
    assert len(results.failing) == 4
    assert len(results.sessions) == 5


# --- Pages --------------------------------------------------------------------------


def test_results_page_shows_and_saves_scores(client, world):
    ani = world["enrollments"]["ani"]
    url = reverse("offering-results", kwargs={"pk": world["offering"].pk})
    client.force_login(world["coordinator"])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "80 %" in body
    assert "0.42" in body
    assert f'name="post_{ani.pk}"' in body
    data = {}
    for enrollment in world["enrollments"].values():
        enrollment = fresh(enrollment)
        data[f"pre_{enrollment.pk}"] = enrollment.pre_test or ""
        data[f"post_{enrollment.pk}"] = enrollment.post_test or ""
    data[f"post_{ani.pk}"] = "88.5"
    assert client.post(url, data).status_code == 302
    assert fresh(ani).post_test == Decimal("88.5")
    # Nothing else changed, so there is one history row.
    assert AuditEntry.objects.filter(content_type__model="enrollment").count() == 1


def test_results_page_refuses_a_score_above_100(client, world):
    ani = world["enrollments"]["ani"]
    client.force_login(world["coordinator"])
    response = client.post(reverse("offering-results", kwargs={"pk": world["offering"].pk}), {f"post_{ani.pk}": "101"})
    assert response.status_code == 200
    assert fresh(ani).post_test == Decimal(65)


def test_finish_page_lists_who_would_pass_then_finishes(client, world):
    url = reverse("offering-finish", kwargs={"pk": world["offering"].pk})
    client.force_login(world["coordinator"])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "1 would pass" in body
    assert "4 would not pass" in body
    assert "no post-test score" in body
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("offering-results", kwargs={"pk": world["offering"].pk})
    assert fresh(world["enrollments"]["ani"]).status == "completed"
    # After finishing the results show the decision, read-only.
    body = client.get(response["Location"]).content.decode()
    assert "Completed (lulus)" in body
    assert 'name="post_' not in body


def test_results_and_finish_pages_permissions(client, world):
    pk = world["offering"].pk
    urls = [
        reverse("offering-results", kwargs={"pk": pk}),
        reverse("offering-finish", kwargs={"pk": pk}),
        reverse("offering-scores-import", kwargs={"pk": pk}),
    ]
    client.force_login(world["other_coordinator"])
    for url in urls:
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    client.force_login(world["asn"])
    for url in urls:
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    assert fresh(world["enrollments"]["ani"]).status == "enrolled"


def test_results_page_queries_do_not_grow_with_participants(client, world):
    url = reverse("offering-results", kwargs={"pk": world["offering"].pk})
    client.force_login(world["coordinator"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    for _ in range(15):
        enrollment = EnrollmentFactory(offering=world["offering"], post_test=70, pre_test=50)
        attend(enrollment, world["sessions"], ["present"] * 5)
    assert queries() == before


def test_finishing_closes_the_waitlist_and_pending_requests(world):
    waiting = EnrollmentFactory(
        offering=world["offering"], status="waitlisted", employee=EmployeeFactory(user=UserFactory())
    )
    pending = EnrollmentFactory(offering=world["offering"], status="pending")
    finish(world)
    for enrollment in (waiting, pending):
        enrollment = fresh(enrollment)
        assert enrollment.status == "cancelled"
        assert enrollment.transitions.last().from_status in ("waitlisted", "pending")
    assert Notification.objects.filter(recipient=waiting.employee.user, kind="cancelled").exists()
