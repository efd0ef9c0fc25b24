"""The change history HR reads: scores, attendance, enrollments and certificates in one list."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from backend.appraisal import services as appraisal
from backend.appraisal.models import Score
from backend.audit.models import AuditEntry
from backend.audit.services import audit_bulk_record
from backend.people.choices import Role
from certificates.models import Certificate
from certificates.services import certificate_issue, certificate_retry
from lms.models import Attendance, EnrollmentTransition
from lms.services.attendance import attendance_record_bulk
from lms.services.enrollment import enrollment_request
from tests.factories import (
    CertificateIssuerFactory,
    IndicatorFactory,
    OfferingFactory,
    PeriodFactory,
    SessionFactory,
    completed_enrollment,
    running_offering,
)

pytestmark = pytest.mark.django_db

PAGE = "/audit/"
API = "/api/v1/audit/history/"


@pytest.fixture
def world(two_agencies, make_login, django_capture_on_commit_callbacks, client):
    u = two_agencies
    client.cookies["django_language"] = "en"
    kepala = make_login(unit=u["school"], username="kepala")
    guru = make_login(unit=u["school"], username="guru", supervisor=kepala.employee)
    perawat = make_login(unit=u["puskesmas"], username="perawat")
    koord = make_login(unit=u["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=u["dikbud"], username="koord")

    # A score entered by the supervisor, then corrected.
    indicator = IndicatorFactory(org_unit=u["dikbud"], code="kkm", name="Ketuntasan KKM")
    score = appraisal.score_create(
        actor=kepala,
        employee=guru.employee,
        indicator=indicator,
        period=PeriodFactory(year=2025, number=4),
        target=Decimal(100),
        realisasi=Decimal(70),
    )
    appraisal.score_update(actor=kepala, score=score, realisasi=Decimal(85))

    # Self-enrollment in a published offering.
    offering = OfferingFactory(owner_unit=u["dikbud"], code="bimtek-kurikulum")
    SessionFactory(offering=offering)
    enrollment_request(offering=offering, employee=guru.employee, actor=guru, source="self")

    # A roll call, then a correction: present → late.
    running, [seat] = running_offering(owner_unit=u["dikbud"], participants=[guru.employee], sessions=1)
    session = running.sessions.get()
    attendance_record_bulk(session=session, marks={seat.pk: "present"}, actor=koord)
    attendance_record_bulk(session=session, marks={seat.pk: "late"}, actor=koord, reason="Datang 09.10")

    # A certificate numbered and rendered.
    CertificateIssuerFactory(org_unit=u["bkpsdm"])
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(enrollment=completed_enrollment(employee=guru.employee), actor=None)

    # Someone else's history, for the filters.
    other_score = appraisal.score_create(
        actor=None,
        employee=perawat.employee,
        indicator=IndicatorFactory(org_unit=u["dinkes"], code="sop"),
        period=PeriodFactory(year=2025, number=3),
        target=Decimal(100),
        realisasi=Decimal(90),
    )
    return {
        **u,
        "hr": make_login(unit=u["bkpsdm"], roles=[Role.HR_ANALYST], username="hr"),
        "admin": make_login(unit=u["bkpsdm"], roles=[Role.ADMINISTRATOR], username="admin"),
        "kepala": kepala,
        "guru": guru,
        "perawat": perawat,
        "koord": koord,
        "koord_dinkes": make_login(
            unit=u["dinkes"], roles=[Role.COORDINATOR], coordinator_unit=u["dinkes"], username="koord-dinkes"
        ),
        "score": score,
        "other_score": other_score,
        "attendance": Attendance.objects.get(),
        "certificate": Certificate.objects.get(pk=certificate.pk),
    }


def rows(client, **params):
    response = client.get(PAGE, params)
    assert response.status_code == 200, response.status_code
    return response.context["rows"]


# --- Who may read it ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["hr", "admin"])
def test_hr_and_administrators_read_every_kind(client, world, who):
    client.force_login(world[who])
    assert {row.kind for row in rows(client)} == {"score", "attendance", "enrollment", "certificate"}


@pytest.mark.parametrize("who", ["guru", "kepala", "koord", "koord_dinkes", "perawat"])
def test_everyone_else_is_refused(client, api_client, world, who):
    client.force_login(world[who])
    assert client.get(PAGE).status_code == 403
    api_client.force_authenticate(world[who])
    assert api_client.get(API).status_code == 403


def test_anonymous_is_sent_to_log_in(client, api_client, world):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert api_client.get(API).status_code == 401


def test_the_menu_links_it_for_hr_only(client, world):
    client.force_login(world["hr"])
    assert reverse("audit-history") in client.get(reverse("home")).content.decode()
    client.force_login(world["koord"])
    assert reverse("audit-history") not in client.get(reverse("home")).content.decode()


# --- What it says --------------------------------------------------------------------------


def test_a_score_change_says_who_when_from_what_to_what(client, world):
    client.force_login(world["hr"])
    score_rows = [row for row in rows(client, kind="score") if row.object_id == str(world["score"].pk)]
    update, create = score_rows
    assert (update.action, update.actor) == ("update", "kepala")
    changes = {change.label: (change.old, change.new) for change in update.changes}
    assert changes["realisasi (actual)"] == ("70.00", "85")
    assert update.employee == world["guru"].employee
    assert create.action == "create"
    # The appraiser is named, not numbered.
    assert {c.label: c.new for c in create.changes}["appraiser"] == str(world["kepala"].employee)
    assert update.at >= create.at


def test_attendance_changes_name_the_status_and_the_recorder(client, world):
    client.force_login(world["hr"])
    update, create = rows(client, kind="attendance")
    assert (update.action, update.actor, update.reason) == ("update", "koord", "Datang 09.10")
    assert {c.label: (c.old, c.new) for c in update.changes}["status"] == ("Present", "Late")
    assert {c.label: c.new for c in create.changes}["recorded by"] == "koord"
    assert update.object_id == str(world["attendance"].pk)


def test_enrollment_status_moves_are_read_from_their_transitions(client, world):
    client.force_login(world["hr"])
    own = [row for row in rows(client, kind="enrollment") if row.actor == "guru"]
    [request] = own
    transition = EnrollmentTransition.objects.get(actor=world["guru"])
    assert [(c.old, c.new) for c in request.changes] == [("∅", transition.get_to_status_display())]
    assert request.object.endswith("bimtek-kurikulum")
    assert request.employee == world["guru"].employee


def test_certificate_events_and_a_retry_are_listed(client, world):
    certificate = world["certificate"]
    Certificate.objects.filter(pk=certificate.pk).update(status="failed")
    certificate_retry(certificate=Certificate.objects.get(pk=certificate.pk), actor=world["admin"])
    client.force_login(world["hr"])
    listed = [(row.action, row.actor) for row in rows(client, kind="certificate")]
    assert listed == [("transition", "admin"), ("rendered", ""), ("numbered", "")]
    retry = rows(client, kind="certificate")[0]
    assert [(c.old, c.new) for c in retry.changes] == [("Render failed", "Pending")]
    assert retry.employee == world["guru"].employee
    assert retry.object == certificate.number


def test_the_page_shows_names_labels_and_nip(client, world):
    client.force_login(world["hr"])
    html = client.get(PAGE, {"kind": "score"}).content.decode()
    assert world["guru"].employee.nip_display in html
    assert "70.00 → 85" in html


# --- Filters and pages ---------------------------------------------------------------------


def test_filter_by_employee_nip_or_name(client, world):
    client.force_login(world["hr"])
    guru = world["guru"].employee
    by_nip = rows(client, employee=guru.nip_display)
    assert by_nip
    assert {row.employee for row in by_nip} == {guru}
    by_name = rows(client, employee=world["perawat"].employee.name[:5])
    assert {row.object_id for row in by_name if row.kind == "score"} == {str(world["other_score"].pk)}


def test_filter_by_actor_and_kind(client, world):
    client.force_login(world["hr"])
    assert {(row.kind, row.actor) for row in rows(client, actor="koord")} == {("attendance", "koord")}
    assert {row.kind for row in rows(client, actor="KEPALA", kind="score")} == {"score"}
    assert rows(client, actor="kepala", kind="certificate") == []


def test_filter_by_dates(client, world):
    client.force_login(world["hr"])
    today = timezone.localdate()
    assert len(rows(client, date_from=today.isoformat(), date_to=today.isoformat())) == len(rows(client))
    assert rows(client, date_from=(today + datetime.timedelta(days=1)).isoformat()) == []
    assert rows(client, date_to=(today - datetime.timedelta(days=1)).isoformat()) == []
    # A malformed date is reported and left out, not a server error.
    response = client.get(PAGE, {"date_from": "kemarin"})
    assert response.status_code == 200
    assert response.context["form"].errors["date_from"]


def _many_score_changes(score: Score, count: int) -> None:
    audit_bulk_record(
        objs=[score] * count,
        action=AuditEntry.Action.UPDATE,
        actor=None,
        changes_for=lambda s: {"realisasi": ["85", "86"], "appraiser": [None, s.appraiser_id]},
        reason="bulk",
    )


def test_pages_of_fifty(client, world):
    _many_score_changes(world["score"], 60)
    client.force_login(world["hr"])
    first = client.get(PAGE, {"kind": "score"}).context
    assert first["page"].paginator.count == 63
    assert len(first["rows"]) == 50
    second = client.get(PAGE, {"kind": "score", "page": 2}).context
    assert len(second["rows"]) == 13
    assert {row.object_id for row in second["rows"]} >= {str(world["score"].pk)}


def test_page_queries_are_pinned(client, world, django_assert_num_queries):
    _many_score_changes(world["score"], 60)
    client.force_login(world["hr"])
    client.get(PAGE)  # content types are cached after the first request
    # session, user; access: own employee record, roles; the UNION's count, the page of it;
    # the employees concerned; the appraisers the changes name (one query per related model).
    with django_assert_num_queries(8):
        response = client.get(PAGE)
    assert len(response.context["rows"]) == 50


# --- The API -------------------------------------------------------------------------------


def test_api_queries_are_pinned(api_client, world, django_assert_num_queries):
    _many_score_changes(world["score"], 60)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world['hr']).key}")
    api_client.get(API)  # content types are cached after the first request
    # the token with its user; access: own employee record, roles; the UNION's count, the page
    # of it (25); the employees concerned; the appraisers the changes name.
    with django_assert_num_queries(7):
        response = api_client.get(API)
    assert len(response.json()["results"]) == 25


def test_the_api_lists_the_same_history(api_client, world):
    api_client.force_authenticate(world["hr"])
    api_client.cookies["django_language"] = "en"
    response = api_client.get(API, {"kind": "attendance"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    latest = body["results"][0]
    assert latest["kind"] == "attendance"
    assert latest["actor"] == "koord"
    assert latest["employee"] == {
        "id": world["guru"].employee.pk,
        "name": world["guru"].employee.name,
        "nip": world["guru"].employee.nip,
    }
    assert {"label": "status", "old": "Present", "new": "Late"} in latest["changes"]


def test_the_api_validates_its_filters(api_client, world):
    api_client.force_authenticate(world["admin"])
    assert api_client.get(API, {"kind": "salary"}).status_code == 400
    assert api_client.get(API, {"date_from": "kemarin"}).status_code == 400
    guru = world["guru"].employee
    results = api_client.get(API, {"employee": guru.nip}).json()["results"]
    assert results
    assert {row["employee"]["id"] for row in results} == {guru.pk}


# --- History that was missing ----------------------------------------------------------------


def test_a_new_indicator_direction_records_each_score_it_moves(world):
    score = world["score"]
    before = Score.objects.get(pk=score.pk).achievement
    indicator = score.indicator
    appraisal.indicator_update(actor=world["admin"], indicator=indicator, direction="lower")
    after = Score.objects.get(pk=score.pk).achievement
    assert after != before
    entry = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Score), object_id=str(score.pk)
    ).first()
    assert entry.changes == {"achievement": [str(before), str(after)]}
    assert entry.actor == world["admin"]
    assert "kkm" in entry.reason
