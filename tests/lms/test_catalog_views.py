import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backend.people.choices import Role
from lms.models import Course, Offering, Session
from tests.factories import (
    CompetencyFactory,
    CourseFactory,
    CourseIndicatorFactory,
    EnrollmentFactory,
    IndicatorFactory,
    OfferingFactory,
    SessionFactory,
    TrainerFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

T = datetime.time


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
    }


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# --- Catalog ------------------------------------------------------------------


def test_catalog_lists_upcoming_offerings_with_seats(english, world):
    client = english
    open_one = OfferingFactory(course=CourseFactory(title="Pelayanan Prima"), capacity=3)
    EnrollmentFactory(offering=open_one)
    OfferingFactory(
        course=CourseFactory(title="Sudah Lewat"),
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2020, 1, 2),
        enroll_opens=datetime.date(2019, 12, 1),
        enroll_closes=datetime.date(2019, 12, 30),
    )
    OfferingFactory(course=CourseFactory(title="Masih Draf"), status="draft", owner_unit=world["school"])
    client.force_login(world["asn"])
    response = client.get(reverse("catalog"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Pelayanan Prima" in page
    assert "2 / 3" in page
    assert "Sudah Lewat" not in page
    assert "Masih Draf" not in page
    assert "HX-Request" in response["Vary"]
    client.force_login(world["koord_dikbud"])
    assert "Masih Draf" in client.get(reverse("catalog")).content.decode()


def test_catalog_live_search_answers_a_fragment(client, world):
    OfferingFactory(course=CourseFactory(title="Pelayanan Prima"))
    OfferingFactory(course=CourseFactory(title="Manajemen Arsip"))
    client.force_login(world["asn"])
    response = client.get(reverse("catalog"), {"search": "arsip"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page
    assert "Manajemen Arsip" in page
    assert "Pelayanan Prima" not in page
    assert "HX-Request" in response["Vary"]
    assert "no-cache" in response["Cache-Control"]


def test_catalog_filters_by_indicator_competency_unit_and_dates(client, world):
    sop = IndicatorFactory()
    komunikasi = CompetencyFactory()
    targeted = OfferingFactory(course=CourseFactory(title="Kursus SOP"), owner_unit=world["school"])
    CourseIndicatorFactory(course=targeted.course, indicator=sop)
    targeted.course.competencies.add(komunikasi)
    OfferingFactory(course=CourseFactory(title="Kursus Lain"), owner_unit=world["puskesmas"])
    client.force_login(world["asn"])
    for params in ({"indicator": sop.pk}, {"competency": komunikasi.pk}, {"unit": world["dikbud"].pk}):
        page = client.get(reverse("catalog"), params).content.decode()
        assert "Kursus SOP" in page, params
        assert "Kursus Lain" not in page, params
    later = str(targeted.end_date + datetime.timedelta(days=1))
    assert "Kursus SOP" not in client.get(reverse("catalog"), {"date_from": later}).content.decode()


def test_catalog_course_view(client, world):
    course = CourseFactory(title="Etika Pemerintahan")
    OfferingFactory(course=course)
    client.force_login(world["asn"])
    response = client.get(reverse("catalog"), {"view": "courses", "search": "etika"})
    assert [c.pk for c in response.context["page"]] == [course.pk]
    assert response.context["page"][0].upcoming_offering_count == 1


def test_catalog_page_query_count_does_not_grow_with_rows(client, world):
    for _ in range(3):
        OfferingFactory()
    user = world["asn"]

    def queries():
        client.force_login(get_user_model().objects.get(pk=user.pk))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("catalog")).status_code == 200
        return [q["sql"] for q in captured.captured_queries]

    few = queries()
    for _ in range(12):
        OfferingFactory()
    many = queries()
    # 1 session, 2 user, 3-4 access, 5 COUNT, 6 the page with counts as subqueries,
    # 7-9 the filter's competency, indicator and unit choices.
    assert len(few) == len(many) == 9, "\n".join(many)


# --- Courses ------------------------------------------------------------------


def test_course_pages_for_the_competency_agency(client, world):
    sop = IndicatorFactory(code="sop")
    client.force_login(world["asn"])
    assert client.get(reverse("course-create")).status_code == 403
    client.force_login(world["koord_dikbud"])
    assert client.get(reverse("course-create")).status_code == 403
    client.force_login(world["bkpsdm"])
    assert client.get(reverse("course-create")).status_code == 200
    data = {
        "code": "arsip",
        "title": "Manajemen Arsip",
        "channel": "klasikal",
        "type": "bimtek",
        "competency_type": "technical",
        "duration_jp": "12",
        "is_active": "on",
        "targets-TOTAL_FORMS": "3",
        "targets-INITIAL_FORMS": "0",
        "targets-0-indicator": sop.pk,
        "targets-0-weight": "0.6",
    }
    response = client.post(reverse("course-create"), data)
    course = Course.objects.get(code="arsip")
    assert response.status_code == 302
    assert response["Location"] == reverse("course-detail", args=[course.pk])
    assert course.duration_minutes == 540
    assert [(t.indicator.code, str(t.weight)) for t in course.target_indicators.all()] == [("sop", "0.60")]
    detail = client.get(reverse("course-detail", args=[course.pk]))
    assert "Manajemen Arsip" in detail.content.decode()
    assert detail.context["history"]
    edit = client.get(reverse("course-edit", args=[course.pk]))
    assert edit.context["targets"].forms[0].initial["indicator"] == sop
    data.update({"title": "Manajemen Arsip Dinamis", "targets-0-indicator": "", "targets-0-weight": ""})
    assert client.post(reverse("course-edit", args=[course.pk]), data).status_code == 302
    course.refresh_from_db()
    assert course.title == "Manajemen Arsip Dinamis"
    assert not course.target_indicators.exists()


def test_course_form_shows_service_errors(client, world):
    client.force_login(world["bkpsdm"])
    data = {
        "code": "x",
        "title": "X",
        "channel": "klasikal",
        "type": "coaching",
        "competency_type": "technical",
        "duration_jp": "2",
        "targets-TOTAL_FORMS": "0",
        "targets-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("course-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Course.objects.filter(code="x").exists()


# --- Offerings ----------------------------------------------------------------


def test_offering_detail_shows_sessions_rule_seats_and_manager_links(english, world):
    client = english
    offering = OfferingFactory(owner_unit=world["school"], capacity=10, min_attendance_pct=75, pass_mark=70)
    session = SessionFactory(offering=offering, topic="Pembukaan", trainer=TrainerFactory(name="Ibu Sari"))
    EnrollmentFactory(offering=offering)
    client.force_login(world["asn"])
    response = client.get(reverse("offering-detail", args=[offering.pk]))
    page = response.content.decode()
    assert (response.context["seats_left"], response.context["can_manage"]) == (9, False)
    assert response.context["my_enrollment"] is None
    assert "Pembukaan" in page
    assert "Ibu Sari" in page
    assert "75%" in page
    assert 'id="enroll-box"' in page
    assert reverse("session-roll-call", args=[session.pk]) not in page
    client.force_login(world["koord_dikbud"])
    page = client.get(reverse("offering-detail", args=[offering.pk])).content.decode()
    for url in (
        reverse("offering-roster", args=[offering.pk]),
        reverse("offering-results", args=[offering.pk]),
        reverse("session-roll-call", args=[session.pk]),
        reverse("session-checkin-screen", args=[session.pk]),
        reverse("offering-edit", args=[offering.pk]),
        reverse("session-create", args=[offering.pk]),
    ):
        assert url in page, url


def test_offering_detail_hides_drafts_out_of_scope(client, world):
    draft = OfferingFactory(owner_unit=world["puskesmas"], status="draft")
    client.force_login(world["koord_dikbud"])
    assert client.get(reverse("offering-detail", args=[draft.pk])).status_code == 404


def test_offering_create_page(client, world):
    course = CourseFactory()
    client.force_login(world["asn"])
    assert client.get(reverse("offering-create")).status_code == 403
    client.force_login(world["koord_dikbud"])
    form = client.get(reverse("offering-create"), {"course": course.pk}).context["form"]
    assert set(form.fields["owner_unit"].queryset) == {world["dikbud"], world["school"]}
    data = {
        "course": course.pk,
        "code": "pp-2031",
        "start_date": "2031-02-02",
        "end_date": "2031-02-04",
        "capacity": "20",
        "enroll_opens": "2031-01-01",
        "enroll_closes": "2031-01-31",
        "owner_unit": world["school"].pk,
        "min_attendance_pct": "80",
        "pass_mark": "65",
    }
    response = client.post(reverse("offering-create"), data)
    offering = Offering.objects.get(code="pp-2031")
    assert response["Location"] == reverse("offering-detail", args=[offering.pk])
    assert offering.status == "draft"
    # A unit outside the coordinator's scope is not a choice.
    response = client.post(reverse("offering-create"), {**data, "code": "pp-x", "owner_unit": world["dinkes"].pk})
    assert response.status_code == 200
    assert "owner_unit" in response.context["form"].errors


def test_opd_coordinator_cannot_edit_another_agencys_offering(client, world):
    theirs = OfferingFactory(owner_unit=world["puskesmas"])
    session = SessionFactory(offering=theirs)
    client.force_login(world["koord_dikbud"])
    for name, args in [
        ("offering-edit", [theirs.pk]),
        ("session-create", [theirs.pk]),
        ("session-edit", [session.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    for name in ("offering-publish", "offering-start", "offering-cancel"):
        assert client.post(reverse(name, args=[theirs.pk]), {"reason": "x"}).status_code == 404, name
    assert client.post(reverse("session-delete", args=[session.pk])).status_code == 404
    client.force_login(world["asn"])
    assert client.get(reverse("offering-edit", args=[theirs.pk])).status_code == 403
    assert client.post(reverse("offering-cancel", args=[theirs.pk]), {"reason": "x"}).status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == "published"


def test_offering_edit_publish_and_cancel(client, world):
    offering = OfferingFactory(owner_unit=world["school"], status="draft")
    client.force_login(world["koord_dikbud"])
    edit = client.get(reverse("offering-edit", args=[offering.pk]))
    data = {k: v for k, v in edit.context["form"].initial.items() if v is not None}
    data.update(
        {
            "course": offering.course_id,
            "venue": offering.venue_id,
            "owner_unit": offering.owner_unit_id,
            "capacity": "35",
            "reason": "Aula diperluas",
        }
    )
    for key in ("start_date", "end_date", "enroll_opens", "enroll_closes"):
        data[key] = str(data[key])
    data.pop("notes", None)
    data["requires_approval"] = ""
    response = client.post(reverse("offering-edit", args=[offering.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    offering.refresh_from_db()
    assert offering.capacity == 35
    client.post(reverse("offering-publish", args=[offering.pk]))
    offering.refresh_from_db()
    assert offering.status == "draft"  # no session yet: refused with a message
    SessionFactory(offering=offering)
    client.post(reverse("offering-publish", args=[offering.pk]))
    offering.refresh_from_db()
    assert offering.status == "published"
    assert client.get(reverse("offering-cancel", args=[offering.pk])).status_code == 405
    client.post(reverse("offering-cancel", args=[offering.pk]), {"reason": ""})
    offering.refresh_from_db()
    assert offering.status == "published"
    client.post(reverse("offering-cancel", args=[offering.pk]), {"reason": "Anggaran dipotong"})
    offering.refresh_from_db()
    assert offering.status == "cancelled"


# --- Sessions -----------------------------------------------------------------


def test_session_form_shows_the_clash_and_takes_an_override(english, world):
    client = english
    venue = VenueFactory(name="Aula Dahlia")
    busy = OfferingFactory(code="busy")
    SessionFactory(offering=busy, date=busy.start_date, starts_at=T(8), ends_at=T(12), venue=venue)
    mine = OfferingFactory(owner_unit=world["school"], start_date=busy.start_date, end_date=busy.end_date)
    client.force_login(world["koord_dikbud"])
    url = reverse("session-create", args=[mine.pk])
    first = client.get(url).content.decode()
    assert 'name="override_reason"' not in first
    data = {
        "date": str(mine.start_date),
        "starts_at": "09:00",
        "ends_at": "11:00",
        "topic": "Praktik",
        "venue": venue.pk,
    }
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["clashes"]
    assert "Aula Dahlia" in page
    assert "busy" in page
    assert 'name="override_reason"' in page
    assert not Session.objects.filter(offering=mine).exists()
    response = client.post(url, {**data, "override_reason": "Aula disekat"})
    assert response.status_code == 302
    session = Session.objects.get(offering=mine)
    assert session.clash_override_reason == "Aula disekat"
    edit = client.get(reverse("session-edit", args=[session.pk]))
    assert "Aula disekat" in edit.content.decode()
    response = client.post(reverse("session-edit", args=[session.pk]), {**data, "topic": "Praktik lapangan"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.topic, session.clash_override_reason) == ("Praktik lapangan", "Aula disekat")


def test_session_outside_the_dates_is_a_field_error(client, world):
    offering = OfferingFactory(owner_unit=world["school"])
    client.force_login(world["koord_dikbud"])
    data = {"date": "2001-01-01", "starts_at": "09:00", "ends_at": "11:00", "topic": "x"}
    response = client.post(reverse("session-create", args=[offering.pk]), data)
    assert "date" in response.context["form"].errors


# --- Schedule -----------------------------------------------------------------


def test_schedule_week_and_month(client, world):
    day = datetime.date(2030, 4, 17)  # a Wednesday
    mine = OfferingFactory(
        owner_unit=world["school"], start_date=day, end_date=day, course=CourseFactory(title="Kelas Kami")
    )
    SessionFactory(offering=mine, date=day)
    other = OfferingFactory(
        owner_unit=world["puskesmas"], start_date=day, end_date=day, course=CourseFactory(title="Kelas Mereka")
    )
    SessionFactory(offering=other, date=day)
    client.force_login(world["koord_dikbud"])
    response = client.get(reverse("schedule"), {"view": "week", "date": "2030-04-17"})
    schedule = response.context["schedule"]
    assert (schedule.start, schedule.end) == (datetime.date(2030, 4, 15), datetime.date(2030, 4, 21))
    assert (schedule.previous, schedule.next) == (datetime.date(2030, 4, 8), datetime.date(2030, 4, 22))
    page = response.content.decode()
    assert "Kelas Kami" in page
    assert "Kelas Mereka" not in page
    assert "date=2030-04-08" in page
    assert "date=2030-04-22" in page
    month = client.get(reverse("schedule"), {"view": "month", "date": "2030-04-17"}).context["schedule"]
    assert (month.start, month.end, month.session_count) == (datetime.date(2030, 4, 1), datetime.date(2030, 4, 30), 1)
    assert len(month.weeks) == 5
    assert all(len(week) == 7 for week in month.weeks)
    assert (month.previous, month.next) == (datetime.date(2030, 3, 1), datetime.date(2030, 5, 1))
    # An ASN sees the sessions where they hold a seat.
    EnrollmentFactory(offering=other, employee=world["asn"].employee)
    client.force_login(world["asn"])
    page = client.get(reverse("schedule"), {"view": "month", "date": "2030-04-01"}).content.decode()
    assert "Kelas Mereka" in page
    assert "Kelas Kami" not in page
    # A bad date falls back to today.
    assert client.get(reverse("schedule"), {"date": "kemarin"}).status_code == 200
