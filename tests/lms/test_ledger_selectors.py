"""JP summaries, compliance per OPD and shortfall lists on a small planted dataset."""

import datetime
from decimal import Decimal

import pytest

from backend.people.access import access_for
from backend.people.choices import Role
from lms.selectors.ledger import (
    jp_compliance_list,
    jp_ledger_list,
    jp_shortfall_list,
    jp_summary_list,
)
from tests.factories import (
    EmployeeFactory,
    EnrollmentFactory,
    JpLedgerEntryFactory,
    OfferingFactory,
)

pytestmark = pytest.mark.django_db

YEAR = 2026


def credit(employee, *minutes, year=YEAR):
    for value in minutes:
        JpLedgerEntryFactory(employee=employee, minutes=value, year=year, date=datetime.date(year, 3, 10))


def credit_course(employee, minutes, year=YEAR):
    offering = OfferingFactory(
        start_date=datetime.date(year, 5, 4),
        end_date=datetime.date(year, 5, 6),
        enroll_opens=datetime.date(year, 4, 1),
        status="finished",
    )
    enrollment = EnrollmentFactory(offering=offering, employee=employee, status="completed")
    JpLedgerEntryFactory(
        employee=employee,
        minutes=minutes,
        year=year,
        source="course",
        activity=None,
        enrollment=enrollment,
        title=offering.course.title,
        date=offering.end_date,
    )


@pytest.fixture
def planted(two_agencies, make_login):
    """Dinkes: 3 PNS (20 JP exactly, 22.2 JP in two credits, 11.1 JP) and a PPPK with 26.7 JP.
    Dikbud: 1 PNS with nothing this year (40 JP last year)."""
    u = two_agencies
    exact = EmployeeFactory(unit=u["puskesmas"], name="Ani")
    above = EmployeeFactory(unit=u["dinkes"], name="Budi")
    short = EmployeeFactory(unit=u["puskesmas"], name="Citra")
    pppk = EmployeeFactory(unit=u["puskesmas"], name="Dedi", employment_type="PPPK")
    teacher = EmployeeFactory(unit=u["school"], name="Eka")
    gone = EmployeeFactory(unit=u["dinkes"], name="Fajar", is_active=False)
    credit(exact, 900)
    credit(above, 500)
    credit_course(above, 500)
    credit(short, 300, 200)
    credit(pppk, 1200)
    credit(teacher, 1800, year=YEAR - 1)
    credit(gone, 900)
    return {
        **u,
        "exact": exact,
        "above": above,
        "short": short,
        "pppk": pppk,
        "teacher": teacher,
        "hr": make_login(unit=u["bkpsdm"], roles=[Role.HR_ANALYST], username="hr"),
        # Coordinators work at BKPSDM, so they are not among the PNS counted below.
        "koord_dikbud": make_login(
            unit=u["bkpsdm"], roles=[Role.COORDINATOR], coordinator_unit=u["dikbud"], username="kd"
        ),
        "koord_pkm": make_login(
            unit=u["bkpsdm"], roles=[Role.COORDINATOR], coordinator_unit=u["puskesmas"], username="kp"
        ),
    }


def access(user):
    return access_for(user)


def test_compliance_share_counts_pns_only(planted, django_assert_num_queries):
    hr = access(planted["hr"])
    # 1 the employees grouped by OPD with their totals as subqueries, 2 the OPDs' names.
    with django_assert_num_queries(2):
        rows = {row.opd.code: row for row in jp_compliance_list(access=hr, year=YEAR)}
    assert set(rows) >= {"dinkes", "dikbud"}
    dinkes = rows["dinkes"]
    assert (dinkes.pns, dinkes.met, dinkes.short) == (3, 2, 1)
    assert dinkes.share == Decimal("66.7")
    # (900 + 1000 + 500) minutes over 3 PNS: 17.8 JP.
    assert dinkes.mean_jp == Decimal("17.8")
    dikbud = rows["dikbud"]
    assert (dikbud.pns, dikbud.met, dikbud.share, dikbud.mean_jp) == (1, 0, Decimal("0.0"), Decimal("0.0"))


def test_compliance_of_a_year_reads_only_that_year(planted):
    rows = {row.opd.code: row for row in jp_compliance_list(access=access(planted["hr"]), year=YEAR - 1)}
    assert (rows["dikbud"].met, rows["dikbud"].share) == (1, Decimal("100.0"))
    assert rows["dinkes"].met == 0


def test_compliance_is_scoped(planted):
    # Their subtree, and themself (at BKPSDM).
    rows = jp_compliance_list(access=access(planted["koord_dikbud"]), year=YEAR)
    assert sorted((row.opd.code, row.pns) for row in rows) == [("bkpsdm", 1), ("dikbud", 1)]
    # A puskesmas coordinator sees their part of the Dinas: Ani and Citra, not Budi at the Dinas itself.
    rows = jp_compliance_list(access=access(planted["koord_pkm"]), year=YEAR)
    assert sorted((row.opd.code, row.pns, row.met) for row in rows) == [("bkpsdm", 1, 0), ("dinkes", 2, 1)]


def test_summary_caps_pppk_and_gives_pns_deficit(planted):
    rows = {e.name: e for e in jp_summary_list(access=access(planted["hr"]), year=YEAR, unit=planted["dinkes"])}
    assert set(rows) == {"Ani", "Budi", "Citra", "Dedi"}
    pppk = rows["Dedi"]
    assert (pppk.earned_minutes, pppk.counted_minutes, pppk.target_minutes, pppk.deficit_minutes) == (
        1200,
        24 * 45,
        None,
        0,
    )
    assert (rows["Budi"].earned_minutes, rows["Budi"].deficit_minutes) == (1000, 0)
    assert (rows["Citra"].earned_minutes, rows["Citra"].counted_minutes, rows["Citra"].deficit_minutes) == (
        500,
        500,
        400,
    )
    assert rows["Ani"].target_minutes == 900


def test_summary_cap_follows_the_setting(planted, settings):
    settings.LMS_PPPK_CAP_JP = 10
    pppk = jp_summary_list(access=access(planted["hr"]), year=YEAR).get(pk=planted["pppk"].pk)
    assert pppk.counted_minutes == 450


def test_summary_scope(planted):
    names = {e.name for e in jp_summary_list(access=access(planted["koord_dikbud"]), year=YEAR)}
    assert "Eka" in names
    assert not names & {"Ani", "Budi", "Citra", "Dedi"}


def test_shortfall_lists_pns_below_target_by_deficit(planted, make_login):
    nothing = EmployeeFactory(unit=planted["puskesmas"], name="Gita")
    rows = list(jp_shortfall_list(access=access(planted["hr"]), year=YEAR, unit=planted["dinkes"]))
    # Gita 20 JP short, then Citra 8.9; PPPK, the inactive and those at the target are left out.
    assert [(e.name, e.deficit_minutes) for e in rows] == [("Gita", 900), ("Citra", 400)]
    assert nothing.pk == rows[0].pk
    sub = list(jp_shortfall_list(access=access(planted["hr"]), year=YEAR, unit=planted["school"]))
    assert [e.name for e in sub] == ["Eka"]


def test_shortfall_is_scoped(planted):
    assert not jp_shortfall_list(access=access(planted["koord_dikbud"]), year=YEAR, unit=planted["dinkes"]).exists()


def test_ledger_list_scope_and_joins(planted, make_login, django_assert_num_queries):
    asn = make_login(unit=planted["puskesmas"], username="asn")
    credit(asn.employee, 90)
    own = access(asn)
    with django_assert_num_queries(1):
        entries = list(jp_ledger_list(access=own, year=YEAR))
        assert [e.employee_id for e in entries] == [asn.employee.pk]
        assert entries[0].activity.title
    hr_entries = list(jp_ledger_list(access=access(planted["hr"]), year=YEAR, employee=planted["above"]))
    assert {e.source for e in hr_entries} == {"activity", "course"}
    with django_assert_num_queries(0):
        assert {e.enrollment.offering.course.title for e in hr_entries if e.enrollment_id}
