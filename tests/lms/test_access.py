import pytest

from backend.people.access import access_for
from backend.people.choices import Role
from lms.access import (
    can_approve_enrollment,
    can_manage_catalog,
    can_manage_offering,
    enrollments_visible,
    offerings_managed,
    offerings_visible,
)
from lms.models import Enrollment, Offering
from tests.factories import EnrollmentFactory, OfferingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(two_agencies, make_login):
    units = two_agencies
    central = make_login(unit=units["bkpsdm"], roles=[Role.COORDINATOR], coordinator_unit=units["bkpsdm"])
    dikbud_coordinator = make_login(unit=units["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=units["dikbud"])
    hr = make_login(unit=units["bkpsdm"], roles=[Role.HR_ANALYST])
    supervisor = make_login(unit=units["school"])
    teacher = make_login(unit=units["school"], supervisor=supervisor.employee)
    nurse = make_login(unit=units["puskesmas"])
    school_offering = OfferingFactory(owner_unit=units["school"])
    dinkes_offering = OfferingFactory(owner_unit=units["dinkes"])
    draft = OfferingFactory(owner_unit=units["dinkes"], status="draft")
    return {
        **units,
        "central": central,
        "dikbud_coordinator": dikbud_coordinator,
        "hr": hr,
        "supervisor": supervisor,
        "teacher": teacher,
        "nurse": nurse,
        "school_offering": school_offering,
        "dinkes_offering": dinkes_offering,
        "draft": draft,
        "teacher_enrollment": EnrollmentFactory(offering=dinkes_offering, employee=teacher.employee),
        "nurse_enrollment": EnrollmentFactory(offering=dinkes_offering, employee=nurse.employee),
    }


def test_only_central_coordinators_and_admins_maintain_the_catalog(world):
    assert can_manage_catalog(access_for(world["central"]))
    assert not can_manage_catalog(access_for(world["dikbud_coordinator"]))
    assert not can_manage_catalog(access_for(world["hr"]))
    assert not can_manage_catalog(access_for(world["teacher"]))


def test_an_opd_coordinator_manages_only_offerings_of_their_subtree(world):
    access = access_for(world["dikbud_coordinator"])
    assert can_manage_offering(access, world["school_offering"])
    assert not can_manage_offering(access, world["dinkes_offering"])
    managed = set(Offering.objects.filter(offerings_managed(access)))
    assert managed == {world["school_offering"]}
    assert set(Offering.objects.filter(offerings_managed(access_for(world["central"])))) == set(Offering.objects.all())


def test_drafts_are_seen_only_by_those_who_manage_them_and_hr(world):
    for name in ("teacher", "dikbud_coordinator"):
        visible = set(Offering.objects.filter(offerings_visible(access_for(world[name]))))
        assert world["draft"] not in visible
        assert world["dinkes_offering"] in visible
    assert world["draft"] in set(Offering.objects.filter(offerings_visible(access_for(world["central"]))))
    assert world["draft"] in set(Offering.objects.filter(offerings_visible(access_for(world["hr"]))))


def test_enrollments_are_seen_by_their_employee_supervisor_and_managers_only(world):
    def visible(name):
        return set(Enrollment.objects.filter(enrollments_visible(access_for(world[name]))))

    assert visible("teacher") == {world["teacher_enrollment"]}
    assert visible("nurse") == {world["nurse_enrollment"]}
    assert visible("supervisor") == {world["teacher_enrollment"]}
    # The Dikbud coordinator sees the teacher (their subtree) but not the nurse, though both sit in a Dinkes class.
    assert visible("dikbud_coordinator") == {world["teacher_enrollment"]}
    assert visible("central") == {world["teacher_enrollment"], world["nurse_enrollment"]}
    assert visible("hr") == {world["teacher_enrollment"], world["nurse_enrollment"]}


def test_enrollments_are_approved_by_the_supervisor_or_the_offering_manager(world):
    enrollment = world["teacher_enrollment"]
    assert can_approve_enrollment(access_for(world["supervisor"]), enrollment)
    assert can_approve_enrollment(access_for(world["central"]), enrollment)
    assert not can_approve_enrollment(access_for(world["dikbud_coordinator"]), enrollment)
    assert not can_approve_enrollment(access_for(world["teacher"]), enrollment)
    assert not can_approve_enrollment(access_for(world["nurse"]), enrollment)


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    access = access_for(AnonymousUser())
    assert not Offering.objects.filter(offerings_visible(access)).exists()
    assert not Enrollment.objects.filter(enrollments_visible(access)).exists()


def test_only_people_without_a_role_share_the_common_catalog(world, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from lms.access import sees_common_catalog

    with django_assert_num_queries(1):
        assert sees_common_catalog(world["teacher"])
    for name in ("central", "dikbud_coordinator", "hr"):
        assert not sees_common_catalog(world[name])
    assert not sees_common_catalog(AnonymousUser())
