"""The people and the offering the enrollment tests share (imported by tests/lms/test_enrollment_*.py)."""

import pytest
from django.utils import translation

from backend.people.choices import Role
from tests.factories import CourseIndicatorFactory, EmployeeFactory, IndicatorFactory, OfferingFactory


@pytest.fixture(name="world")
def world_fixture(two_agencies, make_login):
    """Dinas Kesehatan runs an offering of two seats; a puskesmas team asks for it.

    - ``atasan`` supervises ``pegawai`` and ``rekan`` (puskesmas, under Dinkes);
    - ``guru`` works at a school (Dinas Pendidikan) and has no supervisor;
    - ``koord_dinkes`` coordinates Dinkes, ``koord_dikbud`` the other agency, ``koord_bkpsdm`` everything.

    Messages are checked in English (the source language), whatever the catalogue says.
    """
    u = two_agencies
    atasan = make_login(unit=u["puskesmas"], username="atasan")
    pegawai = make_login(unit=u["puskesmas"], username="pegawai", supervisor=atasan.employee)
    rekan = make_login(unit=u["puskesmas"], username="rekan", supervisor=atasan.employee)
    guru = make_login(unit=u["school"], username="guru")
    indicator = IndicatorFactory(org_unit=u["dinkes"], name="Rata-rata waktu tunggu pelayanan pasien")
    offering = OfferingFactory(owner_unit=u["dinkes"], capacity=2, code="pelayanan-prima-1")
    CourseIndicatorFactory(course=offering.course, indicator=indicator, weight=1)
    with translation.override("en"):
        yield {
            **u,
            "atasan": atasan,
            "pegawai": pegawai,
            "rekan": rekan,
            "guru": guru,
            "no_login": EmployeeFactory(unit=u["puskesmas"], supervisor=atasan.employee),
            "indicator": indicator,
            "offering": offering,
            "koord_dinkes": make_login(
                unit=u["dinkes"], roles=[Role.COORDINATOR], coordinator_unit=u["dinkes"], username="koord_dinkes"
            ),
            "koord_dikbud": make_login(
                unit=u["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=u["dikbud"], username="koord_dikbud"
            ),
            "koord_bkpsdm": make_login(
                unit=u["bkpsdm"], roles=[Role.COORDINATOR], coordinator_unit=u["bkpsdm"], username="koord_bkpsdm"
            ),
        }
