"""The "Suggested training" pages: one's own suggestions (enroll, dismiss, refresh), a team's, the home page."""

import datetime

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from backend.people.choices import Role
from lms.choices import EnrollmentStatus, SuggestionStatus
from lms.models import Enrollment, Suggestion, SuggestionRun
from lms.services.suggestions import suggestions_compute
from tests.factories import (
    CourseFactory,
    CourseIndicatorFactory,
    EnrollmentFactory,
    IndicatorFactory,
    OfferingFactory,
    PeriodFactory,
    ScoreFactory,
    SuggestionFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
PAGE = reverse("suggestions")
TEAM = reverse("suggestions-team")


@pytest.fixture
def client_en(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture(name="gap_world")
def gap_world_fixture(make_login, two_agencies):
    """An ASN of Dinkes achieving 62 % on an indicator, a course targeting it, an open class; computed."""
    dinkes = two_agencies["dinkes"]
    supervisor = make_login(unit=dinkes)
    asn = make_login(unit=dinkes, supervisor=supervisor.employee)
    colleague = make_login(unit=dinkes, supervisor=supervisor.employee)
    period = PeriodFactory(year=2025, number=4)
    indicator = IndicatorFactory(name="Rata-rata waktu penyelesaian izin", org_unit=dinkes)
    ScoreFactory(employee=asn.employee, indicator=indicator, period=period, target=100, realisasi=62)
    course = CourseFactory(title="Pelayanan Perizinan Prima", code="perizinan")
    CourseIndicatorFactory(course=course, indicator=indicator)
    offering = OfferingFactory(course=course, owner_unit=dinkes, code="perizinan-2025-1", capacity=20)
    suggestions_compute(trigger="nightly")
    return {
        "units": two_agencies,
        "asn": asn,
        "supervisor": supervisor,
        "colleague": colleague,
        "period": period,
        "indicator": indicator,
        "course": course,
        "offering": offering,
        "suggestion": Suggestion.objects.get(employee=asn.employee),
        "coordinator_dinkes": make_login(unit=dinkes, roles=[Role.COORDINATOR], coordinator_unit=dinkes),
        "coordinator_dikbud": make_login(
            unit=two_agencies["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=two_agencies["dikbud"]
        ),
    }


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- The page, end to end ---------------------------------------------------------------


def test_a_gap_becomes_a_suggestion_with_its_reason_and_one_click_enrolls(client_en, gap_world):
    client_en.force_login(gap_world["asn"])
    page = client_en.get(PAGE).content.decode()
    assert "Pelayanan Perizinan Prima" in page
    assert "perizinan-2025-1" in page
    assert "Achievement of “Rata-rata waktu penyelesaian izin” is 62 % of target" in page
    assert "20 seats left" in page
    assert "Quarter IV 2025" in page
    assert "Last computed" in page
    suggestion = gap_world["suggestion"]
    assert reverse("suggestion-enroll", args=[suggestion.pk]) in page

    response = client_en.post(reverse("suggestion-enroll", args=[suggestion.pk]))
    assert response.status_code == 302
    assert response.url == PAGE
    enrollment = Enrollment.objects.get(employee=gap_world["asn"].employee, offering=gap_world["offering"])
    assert enrollment.status == EnrollmentStatus.ENROLLED
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ENROLLED
    assert suggestion.enrollment == enrollment
    assert "You are enrolled." in _messages(response)

    after = client_en.get(PAGE).content.decode()
    # No longer open; kept among the earlier ones for transparency.
    assert reverse("suggestion-enroll", args=[suggestion.pk]) not in after
    assert "Earlier suggestion (1)" in after
    # The gap is still there, yet nothing is "missing a class": it was taken up.
    assert "You have asked for the courses suggested for your gaps." in after
    assert "no course answering it has a class open" not in after


def test_the_page_is_indonesian_by_default(client, gap_world):
    client.force_login(gap_world["asn"])
    page = client.get(PAGE).content.decode()
    assert "Pelayanan Perizinan Prima" in page
    assert 'lang="id"' in page


def test_enroll_by_htmx_swaps_the_card_with_the_enrollment_status(client_en, gap_world):
    gap_world["offering"].requires_approval = True
    gap_world["offering"].save()
    suggestion = gap_world["suggestion"]
    client_en.force_login(gap_world["asn"])
    assert "Ask to enroll" in client_en.get(PAGE).content.decode()
    response = client_en.post(reverse("suggestion-enroll", args=[suggestion.pk]), **HTMX)
    assert response.status_code == 200
    card = response.content.decode()
    assert card.lstrip().startswith("<article")
    assert f'id="suggestion-{suggestion.pk}"' in card
    assert "Awaiting approval" in card
    assert "waits for your supervisor" in card
    assert Enrollment.objects.get().status == EnrollmentStatus.PENDING


def test_enroll_into_a_full_class_says_waitlisted(client_en, gap_world):
    offering = gap_world["offering"]
    offering.capacity = 1
    offering.save()
    EnrollmentFactory(offering=offering)
    client_en.force_login(gap_world["asn"])
    page = client_en.get(PAGE).content.decode()
    assert "full, 0 on the waitlist" in page
    assert "Join the waitlist" in page
    card = client_en.post(reverse("suggestion-enroll", args=[gap_world["suggestion"].pk]), **HTMX).content.decode()
    assert "Waitlisted" in card
    assert "Position 1 on the waitlist." in card


def test_enroll_refused_by_the_rules_shows_why_and_keeps_the_suggestion(client_en, gap_world):
    # The window closed after the nightly run: the enrollment rules still apply to one click.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    type(gap_world["offering"]).objects.filter(pk=gap_world["offering"].pk).update(
        enroll_opens=yesterday - datetime.timedelta(days=5), enroll_closes=yesterday
    )
    suggestion = gap_world["suggestion"]
    client_en.force_login(gap_world["asn"])
    card = client_en.post(reverse("suggestion-enroll", args=[suggestion.pk]), **HTMX).content.decode()
    assert "Enrollment is open from" in card
    assert not Enrollment.objects.exists()
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.SUGGESTED
    # Without JavaScript: the same error as a message, back on the page.
    response = client_en.post(reverse("suggestion-enroll", args=[suggestion.pk]))
    assert response.url == PAGE
    assert any("Enrollment is open from" in m for m in _messages(response))


def test_dismiss_needs_a_reason(client_en, gap_world):
    suggestion = gap_world["suggestion"]
    url = reverse("suggestion-dismiss", args=[suggestion.pk])
    client_en.force_login(gap_world["asn"])
    card = client_en.post(url, {"reason": "  "}, **HTMX).content.decode()
    assert "This field is required." in card
    assert "<details open>" in card
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.SUGGESTED

    response = client_en.post(url, {"reason": ""})
    assert response.url == PAGE
    assert "This field is required." in _messages(response)

    card = client_en.post(url, {"reason": "Sudah ikut pelatihan serupa tahun lalu"}, **HTMX).content.decode()
    assert "Dismissed" in card
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.DISMISSED
    assert suggestion.dismiss_reason == "Sudah ikut pelatihan serupa tahun lalu"
    assert suggestion.decided_by == gap_world["asn"]
    page = client_en.get(PAGE).content.decode()
    assert "Sudah ikut pelatihan serupa tahun lalu" in page
    assert url not in page


def test_dismiss_twice_is_refused(client_en, gap_world):
    suggestion = gap_world["suggestion"]
    url = reverse("suggestion-dismiss", args=[suggestion.pk])
    client_en.force_login(gap_world["asn"])
    client_en.post(url, {"reason": "Tidak relevan"})
    response = client_en.post(url, {"reason": "Lagi"})
    assert any("Only an open suggestion" in m for m in _messages(response))


# --- Who sees and decides -------------------------------------------------------------


@pytest.mark.parametrize(("who", "team_status"), [("colleague", 403), ("coordinator_dikbud", 200)])
def test_others_never_see_nor_touch_a_suggestion(client_en, gap_world, who, team_status):
    suggestion = gap_world["suggestion"]
    client_en.force_login(gap_world[who])
    assert "Pelayanan Perizinan Prima" not in client_en.get(PAGE).content.decode()
    assert client_en.post(reverse("suggestion-enroll", args=[suggestion.pk])).status_code == 404
    assert client_en.post(reverse("suggestion-dismiss", args=[suggestion.pk]), {"reason": "x"}).status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.SUGGESTED
    team = client_en.get(TEAM)
    assert team.status_code == team_status
    assert "Pelayanan Perizinan Prima" not in team.content.decode()


@pytest.mark.parametrize("who", ["supervisor", "coordinator_dinkes"])
def test_supervisors_and_coordinators_see_the_team_but_cannot_decide(client_en, gap_world, who):
    suggestion = gap_world["suggestion"]
    client_en.force_login(gap_world[who])
    team = client_en.get(TEAM).content.decode()
    assert "Pelayanan Perizinan Prima" in team
    assert gap_world["asn"].employee.name in team
    assert "Rata-rata waktu penyelesaian izin" in team
    # Nothing to click for someone else.
    assert reverse("suggestion-enroll", args=[suggestion.pk]) not in team
    assert reverse("suggestion-dismiss", args=[suggestion.pk]) not in team
    assert client_en.post(reverse("suggestion-enroll", args=[suggestion.pk])).status_code == 403
    assert client_en.post(reverse("suggestion-dismiss", args=[suggestion.pk]), {"reason": "x"}).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.SUGGESTED
    assert not Enrollment.objects.exists()


def test_the_team_view_is_for_supervisors_and_coordinators(client_en, gap_world):
    client_en.force_login(gap_world["asn"])
    assert client_en.get(TEAM).status_code == 403
    client_en.force_login(gap_world["coordinator_dikbud"])
    page = client_en.get(TEAM)
    assert page.status_code == 200
    assert "No suggestions here." in page.content.decode()


def test_the_team_view_filters_and_pages(client_en, gap_world):
    supervisor = gap_world["supervisor"]
    colleague = gap_world["colleague"].employee
    SuggestionFactory(employee=colleague, course__title="Manajemen Antrian", status="dismissed")
    for i in range(30):
        SuggestionFactory(employee=colleague, course__title=f"Kursus Lain {i}", rank_score=i)
    # The supervisor's own suggestion is theirs, not the team's.
    SuggestionFactory(employee=supervisor.employee, course__title="Kepemimpinan Pengawas")
    client_en.force_login(supervisor)

    first = client_en.get(TEAM).content.decode()
    assert "32 suggestions" in first
    assert "Page 1 of 2" in first
    assert "Kepemimpinan Pengawas" not in first

    dismissed = client_en.get(TEAM, {"status": "dismissed"}).content.decode()
    assert "Manajemen Antrian" in dismissed
    assert "Sudah ikut pelatihan serupa" in dismissed
    assert "Pelayanan Perizinan Prima" not in dismissed

    by_name = client_en.get(TEAM, {"search": gap_world["asn"].employee.name}).content.decode()
    assert "Pelayanan Perizinan Prima" in by_name
    assert "Kursus Lain" not in by_name

    second = client_en.get(TEAM, {"search": colleague.name, "page": 2}).content.decode()
    assert "Page 2 of 2" in second


# --- Refresh and empty states ---------------------------------------------------------


def test_refresh_queues_the_task_after_commit_and_recomputes(client_en, gap_world, django_capture_on_commit_callbacks):
    asn = gap_world["asn"]
    # A second course for the same gap appears after the nightly run.
    later = CourseFactory(title="Percepatan Layanan Izin")
    CourseIndicatorFactory(course=later, indicator=gap_world["indicator"])
    OfferingFactory(course=later, owner_unit=gap_world["units"]["dinkes"])
    client_en.force_login(asn)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_en.post(reverse("suggestions-refresh"))
    assert len(callbacks) == 1
    assert response.url == PAGE
    assert "Suggestions are being refreshed." in _messages(response)
    # Nothing recomputed before the commit.
    assert not Suggestion.objects.filter(course=later).exists()

    with django_capture_on_commit_callbacks(execute=True):
        client_en.post(reverse("suggestions-refresh"))
    assert Suggestion.objects.filter(employee=asn.employee, course=later, status="suggested").exists()
    run = SuggestionRun.objects.order_by("-started_at", "-pk").first()
    assert run.trigger == "on_demand"
    assert run.employee == asn.employee
    assert "Percepatan Layanan Izin" in client_en.get(PAGE).content.decode()


def test_refresh_is_a_post_of_an_employee(client_en, gap_world, django_user_model):
    client_en.force_login(gap_world["asn"])
    assert client_en.get(reverse("suggestions-refresh")).status_code == 405
    client_en.force_login(django_user_model.objects.create_user(username="tanpa-pegawai"))
    assert client_en.post(reverse("suggestions-refresh")).status_code == 403


def test_no_gaps_is_said_kindly(client_en, make_login, two_agencies):
    asn = make_login(unit=two_agencies["dinkes"])
    ScoreFactory(employee=asn.employee, period=PeriodFactory(year=2025, number=4), target=100, realisasi=95)
    client_en.force_login(asn)
    page = client_en.get(PAGE).content.decode()
    assert "No gaps in Quarter IV 2025" in page


def test_gaps_without_an_open_class_are_said(client_en, gap_world):
    colleague = gap_world["colleague"]
    ScoreFactory(
        employee=colleague.employee, indicator=gap_world["indicator"], period=gap_world["period"], realisasi=50
    )
    gap_world["offering"].status = "cancelled"
    gap_world["offering"].save()
    client_en.force_login(colleague)
    page = client_en.get(PAGE).content.decode()
    assert "You have 1 gap in Quarter IV 2025, but no course answering it has a class open" in page


def test_no_scores_at_all(client_en, make_login):
    client_en.force_login(make_login())
    page = client_en.get(PAGE).content.decode()
    assert "There are no appraisal scores yet" in page
    assert "Not computed yet." in page


def test_a_login_without_employee_record(client_en, django_user_model):
    client_en.force_login(django_user_model.objects.create_user(username="admin-saja"))
    assert "not linked to an employee record" in client_en.get(PAGE).content.decode()


def test_past_suggestions_show_what_came_of_them(client_en, make_login):
    asn = make_login()
    SuggestionFactory(employee=asn.employee, course__title="Kursus Ditolak", status="dismissed")
    SuggestionFactory(employee=asn.employee, course__title="Kursus Kedaluwarsa", status="lapsed")
    client_en.force_login(asn)
    page = client_en.get(PAGE).content.decode()
    assert "Earlier suggestions (2)" in page
    assert "Sudah ikut pelatihan serupa" in page
    assert "The gap closed, or no class is open any more." in page


# --- Home and navigation --------------------------------------------------------------


def test_home_shows_the_best_three_with_a_link(client_en, make_login):
    asn = make_login()
    for score, title in [(10, "Keempat"), (400, "Pertama"), (300, "Kedua"), (200, "Ketiga")]:
        SuggestionFactory(employee=asn.employee, course__title=f"Kursus {title}", rank_score=score)
    SuggestionFactory(employee=asn.employee, course__title="Kursus Ditolak", status="dismissed", rank_score=999)
    client_en.force_login(asn)
    home = client_en.get(reverse("home-training")).content.decode()
    assert home.index("Kursus Pertama") < home.index("Kursus Kedua") < home.index("Kursus Ketiga")
    assert "Kursus Keempat" not in home
    assert "Kursus Ditolak" not in home
    assert PAGE in home
    assert f'href="{PAGE}"' in client_en.get(reverse("home")).content.decode()


def test_home_has_no_suggestion_box_without_suggestions(client_en, make_login):
    client_en.force_login(make_login())
    assert "Suggested training" not in client_en.get(reverse("home-training")).content.decode()


def test_anonymous_is_sent_to_login(client):
    assert client.get(PAGE).status_code == 302
    assert client.get(TEAM).status_code == 302


def test_pages_answer_in_the_same_number_of_queries_for_few_rows_and_many(client_en, make_login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    supervisor = make_login()
    asn = make_login(supervisor=supervisor.employee)

    def count(user, url, add):
        for i in range(add):
            SuggestionFactory(employee=asn.employee, offering=OfferingFactory(), rank_score=i)
            SuggestionFactory(employee=asn.employee, status="dismissed")
        client_en.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            assert client_en.get(url).status_code == 200
        return len(captured)

    assert count(asn, PAGE, 2) == count(asn, PAGE, 10)
    assert count(supervisor, TEAM, 2) == count(supervisor, TEAM, 10)
