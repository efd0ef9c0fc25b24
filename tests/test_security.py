"""Login lockout (django-axes), password rules and the security settings.

The lockout counts failed logins per username *and* client address: five failures lock that
pair for fifteen minutes, on the login page, the admin and the API's token endpoint alike.
The production headers and cookies are checked under compose's environment in test_deploy.
"""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.core.checks import Tags, run_checks
from django.core.exceptions import ValidationError
from django.db.models import F
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"  # tests.factories.UserFactory
HOME = "203.0.113.7"
ELSEWHERE = "198.51.100.23"
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
TOKEN = "/api/v1/auth/token/"


@pytest.fixture
def budi():
    return UserFactory(username="budi")


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def attempt(client, username, password, *, ip=HOME, path=LOGIN, **extra):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, username, times, *, ip=HOME, path=LOGIN):
    responses = [attempt(client, username, "wrong-guess", ip=ip, path=path) for _ in range(times)]
    return responses[-1]


# --- The lockout ---------------------------------------------------------------------


def test_the_axes_backend_and_middleware_are_in_place():
    assert django_settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert django_settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert django_settings.AXES_FAILURE_LIMIT == 5
    assert django_settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert django_settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert django_settings.AXES_RESET_ON_SUCCESS is True


def test_four_failures_still_show_the_login_form(client, budi):
    response = fail(client, "budi", 4)
    assert response.status_code == 200
    assert "registration/login.html" in [t.name for t in response.templates]


def test_the_fifth_failure_locks_and_even_the_right_password_is_refused(client, budi):
    assert fail(client, "budi", 5).status_code == 429
    response = attempt(client, "budi", PASSWORD)
    assert response.status_code == 429
    assert "registration/lockout.html" in [t.name for t in response.templates]
    assert not logged_in(client)
    # Refusals during the lockout are not counted: the lockout ends when the page said it would.
    assert AccessAttempt.objects.get(username="budi").failures_since_start == 5


def test_another_address_or_another_username_is_not_locked(client, budi):
    UserFactory(username="siti")
    fail(client, "budi", 5)
    assert attempt(client, "budi", PASSWORD, ip=ELSEWHERE).status_code == 302
    client.logout()
    assert attempt(client, "siti", PASSWORD).status_code == 302


@pytest.mark.parametrize(("minutes_ago", "locked"), [(14, True), (16, False)])
def test_the_lockout_lasts_fifteen_minutes_from_the_last_failure(client, budi, minutes_ago, locked):
    fail(client, "budi", 5)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=minutes_ago))
    response = attempt(client, "budi", PASSWORD)
    assert response.status_code == (429 if locked else 302)
    assert logged_in(client) is not locked


def test_a_success_resets_the_count(client, budi):
    fail(client, "budi", 4)
    assert attempt(client, "budi", PASSWORD).status_code == 302
    client.logout()
    assert fail(client, "budi", 4).status_code == 200
    assert fail(client, "budi", 1).status_code == 429


def test_the_lockout_page_says_how_long_and_whom_to_ask(english, budi, settings):
    settings.LOGIN_HELP_CONTACT = "BKPSDM helpdesk, ext. 214"
    response = fail(english, "budi", 5)
    html = response.content.decode()
    assert response.status_code == 429
    assert "try again in 15 minutes" in html
    assert "BKPSDM helpdesk, ext. 214" in html
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60


def test_the_lockout_page_names_the_administrator_without_a_contact_setting(english, budi):
    html = fail(english, "budi", 5).content.decode()
    assert "your agency&#x27;s HR administrator (BKPSDM)" in html


def test_the_lockout_page_is_served_in_indonesian_by_default(client, budi):
    response = fail(client, "budi", 5)
    assert response.status_code == 429
    assert 'id="lockout"' in response.content.decode()
    assert response.headers["Content-Language"] == "id"


def test_the_admin_login_is_covered(client, budi):
    budi.is_staff = True
    budi.save()
    assert fail(client, "budi", 4, path=ADMIN_LOGIN).status_code == 200
    assert fail(client, "budi", 1, path=ADMIN_LOGIN).status_code == 429
    assert attempt(client, "budi", PASSWORD, path=ADMIN_LOGIN).status_code == 429
    assert not logged_in(client)


def test_failures_on_the_page_and_the_admin_count_together(client, budi):
    fail(client, "budi", 3)
    fail(client, "budi", 2, path=ADMIN_LOGIN)
    assert attempt(client, "budi", PASSWORD).status_code == 429


# --- The API's token endpoint --------------------------------------------------------------


def test_the_token_endpoint_is_locked_with_a_json_answer(api_client, budi):
    for _ in range(4):
        response = api_client.post(TOKEN, {"username": "budi", "password": "nope"}, format="json", REMOTE_ADDR=HOME)
        assert response.status_code == 400
    response = api_client.post(TOKEN, {"username": "budi", "password": "nope"}, format="json", REMOTE_ADDR=HOME)
    assert response.status_code == 429
    response = api_client.post(TOKEN, {"username": "budi", "password": PASSWORD}, format="json", REMOTE_ADDR=HOME)
    assert response.status_code == 429
    body = response.json()
    assert "token" not in body
    assert body["code"] == "locked_out"
    assert 14 * 60 < body["retry_after_seconds"] <= 15 * 60
    assert response["Retry-After"] == str(body["retry_after_seconds"])
    elsewhere = api_client.post(TOKEN, {"username": "budi", "password": PASSWORD}, format="json", REMOTE_ADDR=ELSEWHERE)
    assert elsewhere.status_code == 200
    assert elsewhere.json()["token"]


def test_token_failures_lock_the_login_page_too(client, api_client, budi):
    for _ in range(5):
        api_client.post(TOKEN, {"username": "budi", "password": "nope"}, format="json", REMOTE_ADDR=HOME)
    assert attempt(client, "budi", PASSWORD).status_code == 429


def test_a_script_posting_to_the_login_page_gets_json(client, budi):
    response = fail(client, "budi", 5, path=LOGIN)
    assert response.status_code == 429
    scripted = attempt(client, "budi", PASSWORD, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert scripted.status_code == 429
    assert scripted.json()["code"] == "locked_out"


# --- Behind the TLS proxy --------------------------------------------------------------------


def test_behind_the_proxy_clients_are_told_apart_by_the_hop_it_adds(client, budi, settings):
    settings.IKM_TRUST_X_FORWARDED_FOR = True
    proxy = "127.0.0.1"
    for _ in range(5):
        attempt(client, "budi", "nope", ip=proxy, HTTP_X_FORWARDED_FOR=HOME)
    # Another client behind the same proxy logs in ...
    assert attempt(client, "budi", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR=ELSEWHERE).status_code == 302
    client.logout()
    # ... while the guesser cannot escape by putting another address first in the header.
    spoofed = f"192.0.2.1, {HOME}"
    assert attempt(client, "budi", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR=spoofed).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {HOME}


def test_without_a_trusted_proxy_the_header_is_ignored(client, budi, settings):
    settings.IKM_TRUST_X_FORWARDED_FOR = False
    for index in range(5):
        attempt(client, "budi", "nope", HTTP_X_FORWARDED_FOR=f"192.0.2.{index}")
    assert attempt(client, "budi", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_the_axes_system_checks_pass():
    warnings = [m for m in run_checks(tags=[Tags.security, Tags.compatibility]) if m.id.startswith("axes.")]
    assert warnings == []


# --- Passwords ------------------------------------------------------------------------------


def test_the_password_validators_are_the_four_of_django_with_a_length_of_at_least_ten():
    names = [v["NAME"].rsplit(".", 1)[-1] for v in django_settings.AUTH_PASSWORD_VALIDATORS]
    assert names == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
    assert django_settings.AUTH_PASSWORD_VALIDATORS[1]["OPTIONS"]["min_length"] >= 10


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Jm7#kq2", "password_too_short"),
        ("password123", "password_too_common"),
        ("2024081719900101", "password_entirely_numeric"),
        ("siti.rahmawati", "password_too_similar"),
    ],
)
def test_weak_passwords_are_refused(password, code):
    user = UserFactory.build(username="siti.rahmawati", email="siti.rahmawati@bungokab.go.id")
    with pytest.raises(ValidationError) as error:
        validate_password(password, user=user)
    assert code in [e.code for e in error.value.error_list]


def test_a_long_passphrase_is_accepted():
    user = UserFactory.build(username="siti.rahmawati")
    assert validate_password("kopi-jahe-di-muara-bungo", user=user) is None


def test_the_password_change_page_applies_the_validators(client, budi):
    client.force_login(budi)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678901", "new_password2": "12345678901"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    budi.refresh_from_db()
    assert budi.check_password(PASSWORD)


# --- Upload size settings ---------------------------------------------------------------------


def test_request_bodies_are_bounded():
    # Fields without files stay in memory up to 2.5 MB; larger files are spooled to disk while checked.
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    for name in ("LMS_EVIDENCE_MAX_MB", "APPRAISAL_EVIDENCE_MAX_MB", "IMPORT_MAX_MB", "CERTIFICATE_VERIFY_MAX_MB"):
        assert 1 <= getattr(django_settings, name) <= 20
