"""The public IKM questionnaire, its anti-abuse measures, and the staff's printable poster."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from backend.appraisal import ratelimit
from backend.appraisal.choices import IKM_ELEMENTS
from backend.appraisal.models import IkmResponse
from backend.audit.models import AuditEntry
from backend.common.qr import qr_svg
from backend.people.choices import Role
from tests.factories import IkmSurveyFactory

pytestmark = pytest.mark.django_db

ANSWERS = {"u1": "4", "u2": "3", "u3": "2", "u4": "1", "u5": "4", "u6": "3", "u7": "4", "u8": "2", "u9": "3"}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def survey(two_agencies):
    return IkmSurveyFactory(org_unit=two_agencies["puskesmas"])


def form_url(survey):
    return reverse("ikm-form", kwargs={"token": survey.token})


def poster_url(survey):
    return reverse("ikm-poster", kwargs={"token": survey.token})


# --- The form ----------------------------------------------------------------------


def test_form_renders_without_login_and_lists_the_nine_questions(english, survey):
    response = english.get(form_url(survey))
    assert response.status_code == 200
    page = response.content.decode()
    assert survey.org_unit.name in page
    assert str(survey.period) in page
    for element in IKM_ELEMENTS:
        assert page.count(f'name="{element}"') == 4
        for value in range(1, 5):
            assert f'name="{element}" value="{value}"' in page
    assert "How competent were the staff who served you?" in page
    assert "Very polite and friendly" in page


def test_form_is_a_standalone_mobile_page(client, survey):
    page = client.get(form_url(survey)).content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert 'lang="id"' in page
    assert "css/public.css" in page
    # Not the staff layout: no menu, no script needed to answer.
    assert "mainnav" not in page
    assert "<script" not in page
    assert "https://" not in page


def test_valid_answer_stores_the_nine_scores_and_nothing_else(client, survey):
    response = client.post(form_url(survey), ANSWERS, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    assert response.url == reverse("ikm-thanks", kwargs={"token": survey.token})

    stored = IkmResponse.objects.get()
    assert stored.survey == survey
    assert {e: getattr(stored, e) for e in IKM_ELEMENTS} == {e: int(v) for e, v in ANSWERS.items()}
    assert stored.submitted_on == timezone.localdate()
    # The model has no room for anything about the respondent …
    assert {f.name for f in IkmResponse._meta.concrete_fields} == {"id", "survey", *IKM_ELEMENTS, "submitted_on"}
    # … and nothing was kept beside it: no session, no audit entry.
    assert Session.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_thanks_page_follows(english, survey):
    response = english.post(form_url(survey), ANSWERS, follow=True)
    assert response.status_code == 200
    assert "Thank you!" in response.content.decode()


@pytest.mark.parametrize("u3", [None, "", "0", "5", "abc"])
def test_missing_or_invalid_answer_is_shown_beside_its_question(english, survey, u3):
    data = {**ANSWERS, "u3": u3} if u3 is not None else {e: v for e, v in ANSWERS.items() if e != "u3"}
    response = english.post(form_url(survey), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="err-u3"' in page
    assert 'aria-describedby="err-u3"' in page
    assert 'id="err-u1"' not in page
    assert "Some questions are not answered yet" in page
    # What was answered stays chosen.
    assert 'name="u1" value="4" id="id_u1_3" required checked' in page
    assert IkmResponse.objects.count() == 0


def test_honeypot_is_answered_as_a_success_but_stores_nothing(client, survey):
    response = client.post(form_url(survey), {**ANSWERS, "website": "http://spam.example"})
    assert response.status_code == 302
    assert response.url == reverse("ikm-thanks", kwargs={"token": survey.token})
    assert IkmResponse.objects.count() == 0


def test_honeypot_is_in_the_page_but_hidden_by_the_stylesheet(client, survey):
    page = client.get(form_url(survey)).content.decode()
    assert '<div class="hp" aria-hidden="true">' in page
    assert 'name="website"' in page
    assert 'tabindex="-1"' in page
    stylesheet = (django_settings.BASE_DIR / "static" / "css" / "public.css").read_text()
    assert ".hp { position: absolute; left: -10000px;" in stylesheet


def test_csrf_protection_stays_on(survey):
    client = Client(enforce_csrf_checks=True)
    assert client.post(form_url(survey), ANSWERS).status_code == 403
    assert IkmResponse.objects.count() == 0

    client.get(form_url(survey))
    token = client.cookies[django_settings.CSRF_COOKIE_NAME].value
    assert client.post(form_url(survey), {**ANSWERS, "csrfmiddlewaretoken": token}).status_code == 302
    assert IkmResponse.objects.count() == 1


# --- Rate limit --------------------------------------------------------------------


def test_rate_limit_refuses_beyond_the_setting(english, survey, settings):
    settings.IKM_RATE_LIMIT = 2
    for _ in range(2):
        assert english.post(form_url(survey), ANSWERS).status_code == 302
    response = english.post(form_url(survey), ANSWERS)
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Please try again later" in response.content.decode()
    assert IkmResponse.objects.count() == 2


def test_rate_limit_counts_per_client_and_per_survey(client, survey, settings):
    settings.IKM_RATE_LIMIT = 1
    other_survey = IkmSurveyFactory()
    assert client.post(form_url(survey), ANSWERS, REMOTE_ADDR="198.51.100.1").status_code == 302
    assert client.post(form_url(survey), ANSWERS, REMOTE_ADDR="198.51.100.1").status_code == 429
    assert client.post(form_url(survey), ANSWERS, REMOTE_ADDR="198.51.100.2").status_code == 302
    assert client.post(form_url(other_survey), ANSWERS, REMOTE_ADDR="198.51.100.1").status_code == 302
    assert IkmResponse.objects.count() == 3


def test_invalid_answers_and_robots_do_not_use_up_the_limit(client, survey, settings):
    settings.IKM_RATE_LIMIT = 1
    client.post(form_url(survey), {**ANSWERS, "u9": "7"})
    client.post(form_url(survey), {**ANSWERS, "website": "x"})
    assert client.post(form_url(survey), ANSWERS).status_code == 302
    assert IkmResponse.objects.count() == 1


def test_rate_limit_default_is_ten(client, survey, settings):
    del settings.IKM_RATE_LIMIT
    statuses = [client.post(form_url(survey), ANSWERS).status_code for _ in range(11)]
    assert statuses == [302] * 10 + [429]


def test_the_cache_key_holds_no_address(client, survey, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ikm-key-test"}
    }
    ip = "203.0.113.77"
    client.post(form_url(survey), ANSWERS, REMOTE_ADDR=ip)

    keys = list(cache._cache)
    assert len(keys) == 1
    assert ip not in keys[0]
    assert ip.replace(".", "") not in keys[0]
    today = timezone.localdate().isoformat()
    assert keys[0].endswith(ratelimit.rate_key(scope=str(survey.pk), ip=ip, day=today))


def test_rate_key_is_a_keyed_hash_of_survey_address_and_day():
    key = ratelimit.rate_key(scope="7", ip="203.0.113.7", day="2025-03-01")
    assert "203.0.113.7" not in key
    assert len(key) == len(ratelimit.KEY_PREFIX) + 64
    assert key == ratelimit.rate_key(scope="7", ip="203.0.113.7", day="2025-03-01")
    assert key != ratelimit.rate_key(scope="8", ip="203.0.113.7", day="2025-03-01")
    assert key != ratelimit.rate_key(scope="7", ip="203.0.113.8", day="2025-03-01")
    assert key != ratelimit.rate_key(scope="7", ip="203.0.113.7", day="2025-03-02")


def test_rate_key_depends_on_the_secret_key(settings):
    before = ratelimit.rate_key(scope="7", ip="203.0.113.7", day="2025-03-01")
    settings.SECRET_KEY = "another-secret-key-for-this-test-only"
    assert ratelimit.rate_key(scope="7", ip="203.0.113.7", day="2025-03-01") != before


def test_a_new_day_starts_a_new_count(client, survey, settings, monkeypatch):
    settings.IKM_RATE_LIMIT = 1
    assert client.post(form_url(survey), ANSWERS).status_code == 302
    assert client.post(form_url(survey), ANSWERS).status_code == 429
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(ratelimit.timezone, "localdate", lambda: tomorrow)
    assert client.post(form_url(survey), ANSWERS).status_code == 302


def test_forwarded_for_is_ignored_unless_trusted(settings):
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.5")
    assert ratelimit.client_ip(request) == "10.0.0.2"
    settings.IKM_TRUST_X_FORWARDED_FOR = True
    assert ratelimit.client_ip(request) == "198.51.100.5"


def test_trusted_forwarded_for_takes_the_hop_our_proxy_added(settings):
    settings.IKM_TRUST_X_FORWARDED_FOR = True
    # nginx's $proxy_add_x_forwarded_for appends the real peer to what the client sent.
    spoofed = RequestFactory().post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.5")
    assert ratelimit.client_ip(spoofed) == "198.51.100.5"
    without_header = RequestFactory().post("/", REMOTE_ADDR="10.0.0.2")
    assert ratelimit.client_ip(without_header) == "10.0.0.2"


def test_a_client_cannot_escape_the_limit_by_forging_forwarded_for(client, survey, settings):
    settings.IKM_RATE_LIMIT = 1
    assert client.post(form_url(survey), ANSWERS, HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 302
    assert client.post(form_url(survey), ANSWERS, HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429
    settings.IKM_TRUST_X_FORWARDED_FOR = True
    cache.clear()
    real = "198.51.100.5"
    assert client.post(form_url(survey), ANSWERS, HTTP_X_FORWARDED_FOR=f"1.1.1.1, {real}").status_code == 302
    assert client.post(form_url(survey), ANSWERS, HTTP_X_FORWARDED_FOR=f"2.2.2.2, {real}").status_code == 429
    assert IkmResponse.objects.count() == 2


# --- Closed and unknown surveys --------------------------------------------------------


def test_closed_survey_refuses_politely(english, two_agencies):
    closed = IkmSurveyFactory(org_unit=two_agencies["school"], is_open=False)
    response = english.get(form_url(closed))
    assert response.status_code == 410
    assert "no longer accepting answers" in response.content.decode()
    assert 'name="u1"' not in response.content.decode()

    assert english.post(form_url(closed), ANSWERS).status_code == 410
    assert IkmResponse.objects.count() == 0


def test_unknown_token_is_404_on_a_public_page(english):
    response = english.get(reverse("ikm-form", kwargs={"token": "no-such-survey"}))
    assert response.status_code == 404
    assert "Survey not found" in response.content.decode()
    assert english.post(reverse("ikm-form", kwargs={"token": "no-such-survey"}), ANSWERS).status_code == 404
    assert english.get(reverse("ikm-thanks", kwargs={"token": "no-such-survey"})).status_code == 404
    assert IkmResponse.objects.count() == 0


def test_other_methods_are_not_allowed(client, survey):
    assert client.put(form_url(survey)).status_code == 405
    assert client.post(reverse("ikm-thanks", kwargs={"token": survey.token})).status_code == 405


# --- The poster ---------------------------------------------------------------------


def test_poster_requires_login(client, survey):
    response = client.get(poster_url(survey))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_poster_is_refused_to_a_coordinator_of_another_opd(client, survey, two_agencies, make_login):
    # The survey belongs to a puskesmas under Dinas Kesehatan; this coordinator runs Dinas Pendidikan.
    koord = make_login(unit=two_agencies["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=two_agencies["dikbud"])
    client.force_login(koord)
    assert client.get(poster_url(survey)).status_code == 403


def test_poster_is_refused_to_a_plain_employee(client, survey, two_agencies, make_login):
    client.force_login(make_login(unit=two_agencies["puskesmas"]))
    assert client.get(poster_url(survey)).status_code == 403


def test_poster_for_hr_has_the_qr_code_and_the_address(client, survey, two_agencies, make_login):
    client.force_login(make_login(unit=two_agencies["bkpsdm"], roles=[Role.HR_ANALYST]))
    response = client.get(poster_url(survey))
    assert response.status_code == 200
    page = response.content.decode()
    absolute = f"http://testserver{form_url(survey)}"
    assert "<svg" in page
    assert qr_svg(absolute) in page
    assert f'<p class="poster-url">{absolute}</p>' in page
    assert survey.org_unit.name in page
    assert str(survey.period) in page


def test_poster_for_the_units_own_coordinator(client, survey, two_agencies, make_login):
    koord = make_login(unit=two_agencies["dinkes"], roles=[Role.COORDINATOR], coordinator_unit=two_agencies["dinkes"])
    client.force_login(koord)
    assert client.get(poster_url(survey)).status_code == 200


def test_poster_prints_on_a4(client, survey, two_agencies, make_login):
    client.force_login(make_login(unit=two_agencies["bkpsdm"], roles=[Role.HR_ANALYST]))
    page = client.get(poster_url(survey)).content.decode()
    assert "css/public.css" in page
    stylesheet = (django_settings.BASE_DIR / "static" / "css" / "public.css").read_text()
    assert "@page { size: A4;" in stylesheet


def test_poster_of_an_unknown_survey_is_404(client, two_agencies, make_login):
    client.force_login(make_login(unit=two_agencies["bkpsdm"], roles=[Role.HR_ANALYST]))
    assert client.get(reverse("ikm-poster", kwargs={"token": "no-such-survey"})).status_code == 404


def test_qr_svg_scales_with_the_stylesheet():
    svg = qr_svg("https://bangkom.example/ikm/abc/")
    assert svg.startswith('<svg viewBox="')
    assert "width=" not in svg.split(">", 1)[0]
    assert "bangkom.example" not in svg
