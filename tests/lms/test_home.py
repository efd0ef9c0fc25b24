import pytest
from django.urls import reverse

from backend.people.choices import Role
from tests.factories import EnrollmentFactory, OfferingFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_loads_the_training_part_lazily(client, make_login):
    user = make_login()
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert reverse("home-training") in page


def test_an_asn_sees_jp_progress_and_the_next_class(client, make_login):
    user = make_login()
    offering = OfferingFactory(course__title="Pelatihan Pelayanan Prima")
    SessionFactory(offering=offering)
    EnrollmentFactory(offering=offering, employee=user.employee)
    client.force_login(user)
    page = client.get(reverse("home-training")).content.decode()
    assert "Pelatihan Pelayanan Prima" in page
    assert "<progress" in page


def test_a_coordinator_sees_only_their_units_offerings(client, make_login, two_agencies):
    coordinator = make_login(
        unit=two_agencies["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=two_agencies["dikbud"]
    )
    OfferingFactory(owner_unit=two_agencies["school"], course__title="Kurikulum Merdeka")
    OfferingFactory(owner_unit=two_agencies["dinkes"], course__title="Manajemen Waktu Tunggu Pasien")
    client.force_login(coordinator)
    page = client.get(reverse("home-training")).content.decode()
    assert "Kurikulum Merdeka" in page
    assert "Manajemen Waktu Tunggu Pasien" not in page


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("home-training"))
    assert response.status_code == 302
