"""The team's suggestions are found by name or by NIP, grouped as the pages show it or not."""

import pytest

from backend.people.choices import Role
from tests.factories import SuggestionFactory

pytestmark = pytest.mark.django_db


def test_grouped_nip_finds_the_same_rows_as_plain_digits(api_client, make_login, two_agencies):
    suggestion = SuggestionFactory(employee__unit=two_agencies["school"])
    SuggestionFactory(employee__unit=two_agencies["school"])
    api_client.force_authenticate(make_login(roles=[Role.HR_ANALYST]))
    nip = suggestion.employee.nip
    grouped = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    for search in (nip, grouped, grouped[:10]):
        ids = {row["id"] for row in api_client.get("/api/v1/recommendations/", {"search": search}).json()["results"]}
        assert suggestion.pk in ids
    found = api_client.get("/api/v1/recommendations/", {"search": grouped}).json()["results"]
    assert [row["id"] for row in found] == [suggestion.pk]
