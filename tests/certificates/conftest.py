"""The world the certificate page and API tests share: a finished Dikbud class, issued."""

import pytest

from backend.people.choices import Role
from certificates.models import Certificate
from certificates.services import certificate_issue_offering
from tests.factories import CertificateIssuerFactory, finished_offering


@pytest.fixture
def world(two_agencies, make_login, django_capture_on_commit_callbacks):
    CertificateIssuerFactory(org_unit=two_agencies["bkpsdm"])
    dikbud, dinkes = two_agencies["dikbud"], two_agencies["dinkes"]
    coordinator = make_login(unit=dikbud, roles=[Role.COORDINATOR], coordinator_unit=dikbud)
    outsider = make_login(unit=dinkes, roles=[Role.COORDINATOR], coordinator_unit=dinkes)
    hr = make_login(roles=[Role.HR_ANALYST])
    asn = make_login(unit=two_agencies["school"])
    colleague = make_login(unit=two_agencies["school"])
    offering, (mine, theirs) = finished_offering(owner_unit=dikbud, employees=[asn.employee, colleague.employee])
    with django_capture_on_commit_callbacks(execute=True):
        certificate_issue_offering(offering=offering, actor=coordinator)
    return {
        "coordinator": coordinator,
        "outsider": outsider,
        "hr": hr,
        "asn": asn,
        "colleague": colleague,
        "offering": offering,
        "mine": Certificate.objects.get(enrollment=mine),
        "theirs": Certificate.objects.get(enrollment=theirs),
    }
