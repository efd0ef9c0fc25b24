import datetime

import pytest
from django.contrib.auth import get_user_model

from backend.audit.selectors import audit_entry_list
from backend.people.choices import Role
from lms.models import Course, Offering, Session
from tests.factories import (
    CompetencyFactory,
    CourseFactory,
    CourseIndicatorFactory,
    EmployeeFactory,
    EnrollmentFactory,
    IndicatorFactory,
    OfferingFactory,
    SessionFactory,
    TrainerFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

COURSES, OFFERINGS, SESSIONS = "/api/v1/courses/", "/api/v1/offerings/", "/api/v1/sessions/"
DAY = datetime.date(2030, 9, 2)


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def world(two_agencies, make_login):
    u = two_agencies
    return {
        **u,
        "asn": make_login(unit=u["school"], username="asn"),
        "bkpsdm": make_login(unit=u["bkpsdm"], roles=[Role.COORDINATOR], coordinator_unit=u["bkpsdm"], username="kb"),
        "koord_dikbud": make_login(
            unit=u["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=u["dikbud"], username="kd"
        ),
        "koord_dinkes": make_login(
            unit=u["dinkes"], roles=[Role.COORDINATOR], coordinator_unit=u["dinkes"], username="kk"
        ),
        "hr": make_login(unit=u["bkpsdm"], roles=[Role.HR_ANALYST], username="hr"),
    }


# --- Reading ------------------------------------------------------------------


def test_everyone_reads_active_courses_and_managers_also_inactive(api_client, world):
    active, retired = CourseFactory(), CourseFactory(is_active=False)
    api_client.force_authenticate(world["asn"])
    assert _ids(api_client.get(COURSES)) == {active.pk}
    assert api_client.get(f"{COURSES}{retired.pk}/").status_code == 404
    api_client.force_authenticate(world["bkpsdm"])
    assert _ids(api_client.get(COURSES)) == {active.pk, retired.pk}


def test_drafts_only_for_those_who_manage_them(api_client, world):
    published = OfferingFactory(owner_unit=world["school"])
    draft = OfferingFactory(owner_unit=world["school"], status="draft")
    other_draft = OfferingFactory(owner_unit=world["puskesmas"], status="draft")
    for who, expected in [
        ("asn", {published.pk}),
        ("koord_dikbud", {published.pk, draft.pk}),
        ("koord_dinkes", {published.pk, other_draft.pk}),
        ("bkpsdm", {published.pk, draft.pk, other_draft.pk}),
        ("hr", {published.pk, draft.pk, other_draft.pk}),
    ]:
        api_client.force_authenticate(world[who])
        assert _ids(api_client.get(OFFERINGS)) == expected, who
    api_client.force_authenticate(world["koord_dinkes"])
    assert api_client.get(f"{OFFERINGS}{draft.pk}/").status_code == 404
    SessionFactory(offering=draft)
    api_client.force_authenticate(world["asn"])
    assert _ids(api_client.get(SESSIONS)) == set()


def test_anonymous_is_refused(api_client, world):
    assert api_client.get(COURSES).status_code == 401
    assert api_client.get(OFFERINGS).status_code == 401


def test_offering_counts_seats_waitlist_and_sessions(api_client, world):
    offering = OfferingFactory(owner_unit=world["school"], capacity=4)
    EnrollmentFactory(offering=offering)
    EnrollmentFactory(offering=offering, status="completed")
    EnrollmentFactory(offering=offering, status="not_completed")
    EnrollmentFactory(offering=offering, status="pending")
    EnrollmentFactory(offering=offering, status="cancelled")
    EnrollmentFactory.create_batch(2, offering=offering, status="waitlisted")
    SessionFactory.create_batch(3, offering=offering)
    api_client.force_authenticate(world["asn"])
    row = api_client.get(f"{OFFERINGS}{offering.pk}/").json()
    assert (row["seats_taken"], row["seats_left"], row["waitlist_count"], row["session_count"]) == (3, 1, 2, 3)
    EnrollmentFactory.create_batch(2, offering=offering)  # over capacity (an override): never negative
    assert api_client.get(f"{OFFERINGS}{offering.pk}/").json()["seats_left"] == 0


# --- Filters ------------------------------------------------------------------


@pytest.fixture
def catalog(world):
    sop = IndicatorFactory(code="sop")
    komunikasi = CompetencyFactory(name="Komunikasi")
    prima = CourseFactory(title="Pelayanan Prima", code="prima")
    prima.competencies.add(komunikasi)
    CourseIndicatorFactory(course=prima, indicator=sop)
    coaching = CourseFactory(title="Coaching Kinerja", code="coach", channel="nonklasikal", type="coaching")
    early = OfferingFactory(
        course=prima, owner_unit=world["school"], start_date=DAY, end_date=DAY + datetime.timedelta(days=2), capacity=2
    )
    EnrollmentFactory.create_batch(2, offering=early)
    late = OfferingFactory(
        course=coaching,
        owner_unit=world["puskesmas"],
        start_date=DAY + datetime.timedelta(days=30),
        end_date=DAY + datetime.timedelta(days=31),
        capacity=10,
    )
    running = OfferingFactory(course=coaching, owner_unit=world["dinkes"], status="running", capacity=5)
    return {
        "sop": sop,
        "komunikasi": komunikasi,
        "prima": prima,
        "coaching": coaching,
        "early": early,
        "late": late,
        "running": running,
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"channel": "klasikal"}, {"early"}),
        ({"type": "coaching"}, {"late", "running"}),
        ({"indicator": "sop"}, {"early"}),
        ({"competency": "komunikasi"}, {"early"}),
        ({"date_from": "2030-09-03", "date_to": "2030-09-10"}, {"early"}),
        ({"date_from": "2030-09-05"}, {"late"}),
        ({"unit": "dinkes"}, {"late", "running"}),
        ({"unit": "puskesmas"}, {"late"}),
        ({"status": "running"}, {"running"}),
        ({"has_seats": "true"}, {"late", "running"}),
        ({"has_seats": "false"}, {"early"}),
        ({"seats_left_min": 6}, {"late"}),
        ({"search": "prima"}, {"early"}),
    ],
)
def test_offering_filters(api_client, world, catalog, params, expected):
    objects = {**world, **catalog}
    query = {k: objects[v].pk if k in ("indicator", "competency", "unit") else v for k, v in params.items()}
    api_client.force_authenticate(world["asn"])
    assert _ids(api_client.get(OFFERINGS, query)) == {catalog[name].pk for name in expected}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"channel": "nonklasikal"}, {"coaching"}),
        ({"type": "teknis"}, {"prima"}),
        ({"indicator": "sop"}, {"prima"}),
        ({"competency": "komunikasi"}, {"prima"}),
        ({"search": "coach"}, {"coaching"}),
    ],
)
def test_course_filters(api_client, world, catalog, params, expected):
    query = {k: catalog[v].pk if k in ("indicator", "competency") else v for k, v in params.items()}
    api_client.force_authenticate(world["asn"])
    assert _ids(api_client.get(COURSES, query)) == {catalog[name].pk for name in expected}


def test_course_lists_upcoming_open_offerings(api_client, world, catalog):
    api_client.force_authenticate(world["asn"])
    rows = {row["code"]: row for row in api_client.get(COURSES).json()["results"]}
    # The running offering has started: not upcoming.
    assert (rows["prima"]["upcoming_offering_count"], rows["coach"]["upcoming_offering_count"]) == (1, 1)
    assert rows["prima"]["target_indicator_count"] == 1
    assert rows["prima"]["jp"] == "20.00"
    # The list is a summary; the detail names the target indicators with their weights.
    detail = api_client.get(f"{COURSES}{catalog['prima'].pk}/").json()
    assert detail["target_indicators"][0]["indicator"]["code"] == "sop"


# --- Query counts -------------------------------------------------------------


@pytest.fixture
def many(world):
    for index in range(60):
        course = CourseFactory()
        course.competencies.add(CompetencyFactory())
        CourseIndicatorFactory(course=course)
        course.prerequisites.add(CourseFactory(is_active=False))
        offering = OfferingFactory(course=course, owner_unit=world["school"])
        EnrollmentFactory(offering=offering)
        SessionFactory(offering=offering)
        if index % 2:
            OfferingFactory(course=course, owner_unit=world["puskesmas"], status="draft")
    return world


def _fresh(user):
    # The access is cached on the user object: a fresh one counts its two queries every time.
    return get_user_model().objects.get(pk=user.pk)


@pytest.mark.parametrize("page_size", [5, 50])
def test_course_list_query_count(api_client, many, django_assert_num_queries, page_size):
    api_client.force_authenticate(_fresh(many["asn"]))
    # 1 whether the caller holds a role (a plain ASN would be served the cached catalog),
    # 2-3 the caller's access (employee record, roles), 4 COUNT, 5 the page with the upcoming-offering
    # and target-indicator counts as subqueries, 6 competencies.
    with django_assert_num_queries(6):
        response = api_client.get(COURSES, {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("page_size", [5, 50])
def test_offering_list_query_count(api_client, many, django_assert_num_queries, page_size):
    api_client.force_authenticate(_fresh(many["koord_dinkes"]))
    # 1 whether the caller holds a role (a coordinator's list includes drafts: not cached),
    # 2-3 the caller's access, 4 COUNT, 5 the page with course, venue and unit joined and the seat,
    # waitlist and session counts as subqueries.
    with django_assert_num_queries(5):
        response = api_client.get(OFFERINGS, {"page_size": page_size, "has_seats": "true"})
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("page_size", [5, 50])
def test_session_list_query_count(api_client, many, django_assert_num_queries, page_size):
    for session in Session.objects.all()[:55]:
        session.trainer = TrainerFactory()
        session.venue = VenueFactory()
        session.save()
    api_client.force_authenticate(_fresh(many["asn"]))
    # 1-2 the caller's access, 3 COUNT, 4 the page with offering, course, trainer and both venues joined.
    with django_assert_num_queries(4):
        response = api_client.get(SESSIONS, {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("page_size", [5, 50])
@pytest.mark.parametrize("url", ["/api/v1/venues/", "/api/v1/trainers/", "/api/v1/competencies/"])
def test_reference_list_query_counts(api_client, world, django_assert_num_queries, url, page_size):
    for _ in range(55):
        VenueFactory(org_unit=world["dikbud"])
        TrainerFactory(employee=EmployeeFactory())
        CompetencyFactory()
    api_client.force_authenticate(_fresh(world["asn"]))
    # Regency-wide reference data, not scoped (no access queries): 1 COUNT, 2 the page with its
    # unit or employee joined.
    with django_assert_num_queries(2):
        response = api_client.get(url, {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


# --- Writing: the catalog -----------------------------------------------------


def _course_payload(**overrides):
    return {
        "code": "etika-asn",
        "title": "Etika ASN",
        "channel": "klasikal",
        "type": "teknis",
        "competency_type": "technical",
        "duration_minutes": 450,
        **overrides,
    }


@pytest.mark.parametrize("who", ["asn", "koord_dikbud", "hr"])
def test_catalog_writes_are_for_the_competency_agency(api_client, world, who):
    api_client.force_authenticate(world[who])
    assert api_client.post(COURSES, _course_payload(), format="json").status_code == 403
    assert api_client.post("/api/v1/venues/", {"name": "Aula", "capacity": 10}, format="json").status_code == 403
    course = CourseFactory()
    assert api_client.patch(f"{COURSES}{course.pk}/", {"title": "X"}, format="json").status_code == 403
    assert not Course.objects.filter(code="etika-asn").exists()


def test_course_create_and_update_with_target_indicators(api_client, world):
    sop, waktu = IndicatorFactory(code="sop"), IndicatorFactory(code="waktu")
    api_client.force_authenticate(world["bkpsdm"])
    payload = _course_payload(
        target_indicators=[{"indicator": sop.pk, "weight": "0.8"}],
        competencies=[CompetencyFactory().pk],
        mandatory_units=[world["puskesmas"].pk],
    )
    response = api_client.post(COURSES, payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["jp"] == "10.00"
    assert [(t["indicator"]["code"], t["weight"]) for t in body["target_indicators"]] == [("sop", "0.80")]
    assert body["mandatory_units"] == [world["puskesmas"].pk]
    response = api_client.patch(
        f"{COURSES}{body['id']}/", {"target_indicators": [{"indicator": waktu.pk, "weight": "1"}]}, format="json"
    )
    assert response.status_code == 200
    assert [t["indicator"]["code"] for t in response.json()["target_indicators"]] == ["waktu"]
    assert response.json()["competencies"]  # untouched by a partial update
    bad = api_client.post(COURSES, _course_payload(code="x", type="coaching"), format="json")
    assert bad.status_code == 400


def test_trainer_and_competency_endpoints(api_client, world):
    api_client.force_authenticate(world["bkpsdm"])
    employee = EmployeeFactory(name="Hendra")
    response = api_client.post("/api/v1/trainers/", {"employee": employee.pk}, format="json")
    assert response.status_code == 201
    assert (response.json()["name"], response.json()["is_external"]) == ("Hendra", False)
    assert api_client.post("/api/v1/trainers/", {"institution": "LAN"}, format="json").status_code == 400
    response = api_client.post(
        "/api/v1/competencies/", {"code": "integritas", "name": "Integritas", "type": "managerial"}, format="json"
    )
    assert response.status_code == 201
    api_client.force_authenticate(world["asn"])
    assert _ids(api_client.get("/api/v1/competencies/", {"type": "managerial"})) == {response.json()["id"]}


# --- Writing: offerings and sessions ------------------------------------------


def _offering_payload(course, unit, **overrides):
    return {
        "course": course.pk,
        "code": "etika-2030-1",
        "start_date": "2030-10-01",
        "end_date": "2030-10-03",
        "capacity": 25,
        "enroll_opens": "2030-09-01",
        "enroll_closes": "2030-09-25",
        "owner_unit": unit.pk,
        **overrides,
    }


def test_offering_create_permissions(api_client, world):
    course = CourseFactory()
    api_client.force_authenticate(world["asn"])
    assert api_client.post(OFFERINGS, _offering_payload(course, world["school"]), format="json").status_code == 403
    api_client.force_authenticate(world["koord_dikbud"])
    assert api_client.post(OFFERINGS, _offering_payload(course, world["dinkes"]), format="json").status_code == 403
    response = api_client.post(OFFERINGS, _offering_payload(course, world["school"]), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["min_attendance_pct"], body["pass_mark"], body["seats_left"]) == ("draft", 80, 65, 25)


def test_opd_coordinator_cannot_touch_another_agencys_offering(api_client, world):
    theirs = OfferingFactory(owner_unit=world["puskesmas"])
    session = SessionFactory(offering=theirs)
    api_client.force_authenticate(world["koord_dikbud"])
    assert api_client.get(f"{OFFERINGS}{theirs.pk}/").status_code == 200  # published: readable
    assert api_client.patch(f"{OFFERINGS}{theirs.pk}/", {"capacity": 5}, format="json").status_code == 404
    for verb in ("publish", "start", "finish"):
        assert api_client.post(f"{OFFERINGS}{theirs.pk}/{verb}/").status_code == 404
    assert api_client.post(f"{OFFERINGS}{theirs.pk}/cancel/", {"reason": "x"}, format="json").status_code == 404
    assert api_client.patch(f"{SESSIONS}{session.pk}/", {"topic": "x"}, format="json").status_code == 404
    assert api_client.delete(f"{SESSIONS}{session.pk}/").status_code == 404
    payload = {
        "offering": theirs.pk,
        "date": str(theirs.start_date),
        "starts_at": "13:00",
        "ends_at": "15:00",
        "topic": "x",
    }
    assert api_client.post(SESSIONS, payload, format="json").status_code == 404
    theirs.refresh_from_db()
    assert (theirs.capacity, theirs.status) == (30, "published")
    api_client.force_authenticate(world["asn"])
    assert api_client.patch(f"{OFFERINGS}{theirs.pk}/", {"capacity": 5}, format="json").status_code == 403
    assert api_client.post(f"{OFFERINGS}{theirs.pk}/cancel/", {"reason": "x"}, format="json").status_code == 403
    assert api_client.post(SESSIONS, payload, format="json").status_code == 403


def test_offering_lifecycle_actions(api_client, world):
    offering = OfferingFactory(owner_unit=world["school"], status="draft")
    api_client.cookies["django_language"] = "en"
    api_client.force_authenticate(world["koord_dikbud"])
    url = f"{OFFERINGS}{offering.pk}/"
    response = api_client.post(f"{url}publish/")
    assert response.status_code == 400
    assert "session" in str(response.json()).lower()
    SessionFactory(offering=offering)
    assert api_client.post(f"{url}publish/").json()["status"] == "published"
    assert api_client.post(f"{url}start/").json()["status"] == "running"
    assert api_client.post(f"{url}cancel/", {}, format="json").status_code == 400
    enrolled = EnrollmentFactory(offering=offering)
    response = api_client.post(f"{url}cancel/", {"reason": "Banjir"}, format="json")
    assert response.json()["status"] == "cancelled"
    enrolled.refresh_from_db()
    assert enrolled.status == "cancelled"


def test_finish_action_calls_completion(api_client, world):
    past = datetime.date.today() - datetime.timedelta(days=3)
    offering = OfferingFactory(
        owner_unit=world["school"],
        status="running",
        start_date=past,
        end_date=past,
        enroll_opens=past - datetime.timedelta(days=10),
        enroll_closes=past,
    )
    SessionFactory(offering=offering, date=past)
    enrollment = EnrollmentFactory(offering=offering)
    api_client.force_authenticate(world["koord_dikbud"])
    response = api_client.post(f"{OFFERINGS}{offering.pk}/finish/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "finished"
    enrollment.refresh_from_db()
    assert enrollment.status == "not_completed"


def test_session_clash_is_a_400_naming_it_and_override_keeps_it(api_client, world):
    trainer = TrainerFactory(name="Ir. Yusuf")
    busy = OfferingFactory(code="busy", start_date=DAY, end_date=DAY)
    SessionFactory(offering=busy, date=DAY, starts_at=datetime.time(8), ends_at=datetime.time(12), trainer=trainer)
    mine = OfferingFactory(owner_unit=world["school"], start_date=DAY, end_date=DAY, venue=VenueFactory())
    api_client.force_authenticate(world["koord_dikbud"])
    payload = {
        "offering": mine.pk,
        "date": str(DAY),
        "starts_at": "10:00",
        "ends_at": "12:00",
        "topic": "Praktik",
        "trainer": trainer.pk,
    }
    response = api_client.post(SESSIONS, payload, format="json")
    assert response.status_code == 400
    (message,) = response.json()["non_field_errors"]
    assert "Ir. Yusuf" in message
    assert "busy" in message
    assert not Session.objects.filter(offering=mine).exists()
    response = api_client.post(SESSIONS, {**payload, "override_reason": "Dua kelas digabung"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["clash_override_reason"] == "Dua kelas digabung"
    assert body["effective_venue"]["id"] == mine.venue_id
    session = Session.objects.get(pk=body["id"])
    assert "Dua kelas digabung" in audit_entry_list(obj=session).get().reason
    # Updating the time into another clash: 400 again without a reason.
    SessionFactory(offering=busy, date=DAY, starts_at=datetime.time(13), ends_at=datetime.time(15), trainer=trainer)
    response = api_client.patch(f"{SESSIONS}{session.pk}/", {"starts_at": "14:00", "ends_at": "16:00"}, format="json")
    assert response.status_code == 400
    # The only session of a published offering stays; a second one may go.
    assert api_client.delete(f"{SESSIONS}{session.pk}/").status_code == 400
    extra = SessionFactory(offering=mine, date=DAY, starts_at=datetime.time(16), ends_at=datetime.time(17))
    assert api_client.delete(f"{SESSIONS}{extra.pk}/").status_code == 204


def test_session_list_filters(api_client, world):
    offering = OfferingFactory(owner_unit=world["school"], start_date=DAY, end_date=DAY + datetime.timedelta(days=1))
    first = SessionFactory(offering=offering, date=DAY)
    second = SessionFactory(offering=offering, date=DAY + datetime.timedelta(days=1))
    SessionFactory()
    api_client.force_authenticate(world["asn"])
    assert _ids(api_client.get(SESSIONS, {"offering": offering.pk})) == {first.pk, second.pk}
    assert _ids(api_client.get(SESSIONS, {"offering": offering.pk, "date_from": str(second.date)})) == {second.pk}


def test_offering_update_records_the_reason(api_client, world):
    offering = OfferingFactory(owner_unit=world["school"])
    api_client.force_authenticate(world["koord_dikbud"])
    response = api_client.patch(
        f"{OFFERINGS}{offering.pk}/", {"capacity": 35, "reason": "Aula lebih besar"}, format="json"
    )
    assert response.status_code == 200, response.content
    entry = audit_entry_list(obj=Offering.objects.get(pk=offering.pk)).first()
    assert (entry.changes, entry.reason) == ({"capacity": [30, 35]}, "Aula lebih besar")


def test_seats_left_means_a_class_one_can_still_join(api_client, world):
    open_one = OfferingFactory(capacity=5)
    OfferingFactory(
        capacity=5,
        status="finished",
        start_date=datetime.date(2024, 3, 1),
        end_date=datetime.date(2024, 3, 2),
        enroll_opens=datetime.date(2024, 2, 1),
        enroll_closes=datetime.date(2024, 2, 28),
    )
    api_client.force_authenticate(world["asn"])
    rows = api_client.get(OFFERINGS, {"has_seats": "true"}).json()["results"]
    assert [row["id"] for row in rows] == [open_one.pk]
