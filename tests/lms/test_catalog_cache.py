"""The common catalog is served from the cache, and a change shows at once."""

import pytest

from backend.people.choices import Role
from lms.services.enrollment import enrollment_request
from lms.services.scheduling import offering_publish
from tests.factories import OfferingFactory, SessionFactory

pytestmark = pytest.mark.django_db

OFFERINGS = "/api/v1/offerings/"
COURSES = "/api/v1/courses/"


@pytest.fixture
def people(make_login, two_agencies):
    return {
        "asn": make_login(unit=two_agencies["school"]),
        "other_asn": make_login(unit=two_agencies["puskesmas"]),
        "coordinator": make_login(
            unit=two_agencies["bkpsdm"], roles=[Role.COORDINATOR], coordinator_unit=two_agencies["bkpsdm"]
        ),
    }


def _seats(client, user, offering):
    client.force_authenticate(user)
    rows = client.get(OFFERINGS).json()["results"]
    return {row["id"]: row["seats_left"] for row in rows}.get(offering.pk)


def test_a_second_reader_of_the_common_catalog_costs_no_list_queries(api_client, people, django_assert_num_queries):
    OfferingFactory.create_batch(3)
    api_client.force_authenticate(people["asn"])
    first = api_client.get(OFFERINGS).json()
    api_client.force_authenticate(people["other_asn"])
    # 1 whether the reader holds a role (none: the common catalog); the list comes from the cache.
    with django_assert_num_queries(1):
        second = api_client.get(OFFERINGS).json()
    assert second == first


def test_an_enrollment_shows_in_the_cached_seats_at_once(api_client, people, django_capture_on_commit_callbacks):
    offering = OfferingFactory(capacity=5)
    SessionFactory(offering=offering)
    assert _seats(api_client, people["asn"], offering) == 5
    with django_capture_on_commit_callbacks(execute=True):
        enrollment_request(offering=offering, employee=people["asn"].employee, actor=people["asn"], source="self")
    assert _seats(api_client, people["other_asn"], offering) == 4


def test_a_published_offering_appears_at_once_and_drafts_never_reach_asn(
    api_client, people, two_agencies, django_capture_on_commit_callbacks
):
    draft = OfferingFactory(status="draft", owner_unit=two_agencies["bkpsdm"])
    SessionFactory(offering=draft)
    # The coordinator's list (with the draft) is computed for them, never cached for others.
    api_client.force_authenticate(people["coordinator"])
    assert draft.pk in {row["id"] for row in api_client.get(OFFERINGS).json()["results"]}
    assert _seats(api_client, people["asn"], draft) is None
    with django_capture_on_commit_callbacks(execute=True):
        offering_publish(actor=people["coordinator"], offering=draft)
    assert _seats(api_client, people["asn"], draft) == draft.capacity


def test_each_language_and_address_has_its_own_copy(rf):
    from django.utils import translation

    from lms.cache import catalog_cache_key

    request = rf.get(OFFERINGS, {"page": 2})
    with translation.override("en"):
        english = catalog_cache_key(request=request, shared_view=True)
    with translation.override("id"):
        indonesian = catalog_cache_key(request=request, shared_view=True)
        first_page = catalog_cache_key(request=rf.get(OFFERINGS), shared_view=True)
        assert catalog_cache_key(request=request, shared_view=False) is None
    assert len({english, indonesian, first_page}) == 3


def test_the_cache_can_be_turned_off(api_client, people, settings, django_assert_num_queries):
    settings.LMS_CATALOG_CACHE_SECONDS = 0
    OfferingFactory()
    api_client.force_authenticate(people["asn"])
    api_client.get(OFFERINGS)
    # 1 COUNT, 2 the page (the forced user carries their access from the first request).
    with django_assert_num_queries(2):
        api_client.get(OFFERINGS)


def test_with_a_token_the_cached_catalog_costs_one_query(api_client, people, django_assert_num_queries):
    from rest_framework.authtoken.models import Token

    draft = OfferingFactory(status="draft")
    OfferingFactory()
    asn_token = Token.objects.create(user=people["asn"])
    coordinator_token = Token.objects.create(user=people["coordinator"])
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {asn_token.key}")
    api_client.get(OFFERINGS)
    # 1 the token with its user and whether they hold a role; the list comes from the cache.
    with django_assert_num_queries(1):
        seen = {row["id"] for row in api_client.get(OFFERINGS).json()["results"]}
    assert draft.pk not in seen
    # A coordinator's token says they hold a role: their list (with drafts) is computed, not the cached one.
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {coordinator_token.key}")
    assert draft.pk in {row["id"] for row in api_client.get(OFFERINGS).json()["results"]}


def test_a_bad_token_is_refused(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api_client.get(OFFERINGS).status_code == 401
