import pytest

from lms.selectors.jp import jp_minutes_by_employee, jp_progress_get
from tests.factories import EmployeeFactory, JpLedgerEntryFactory, make_ni_pppk

pytestmark = pytest.mark.django_db


def test_pns_progress_counts_toward_twenty_jp():
    employee = EmployeeFactory()
    JpLedgerEntryFactory(employee=employee, minutes=12 * 45)
    JpLedgerEntryFactory(employee=employee, minutes=4 * 45)
    # Another year does not count.
    JpLedgerEntryFactory(employee=employee, minutes=40 * 45, year=2025)

    progress = jp_progress_get(employee=employee, year=2026)

    assert progress.earned_minutes == 16 * 45
    assert progress.target_minutes == 20 * 45
    assert progress.deficit_minutes == 4 * 45
    assert progress.percent == 80
    assert not progress.met


def test_pppk_is_capped_at_twenty_four_jp_and_has_no_deficit():
    import datetime

    employee = EmployeeFactory(
        employment_type="PPPK",
        grade="IX",
        nip=make_ni_pppk(birth=datetime.date(1990, 5, 17), year=2022, contract=1, sex=2, serial=7),
    )
    JpLedgerEntryFactory(employee=employee, minutes=30 * 45)

    progress = jp_progress_get(employee=employee, year=2026)

    assert progress.earned_minutes == 30 * 45
    assert progress.counted_minutes == 24 * 45
    assert progress.target_minutes is None
    assert progress.deficit_minutes == 0
    assert progress.percent == 100


def test_minutes_by_employee_is_one_query(django_assert_num_queries):
    first, second = EmployeeFactory(), EmployeeFactory()
    JpLedgerEntryFactory(employee=first, minutes=90)
    JpLedgerEntryFactory(employee=first, minutes=45)
    with django_assert_num_queries(1):
        totals = jp_minutes_by_employee(employee_ids=[first.pk, second.pk], year=2026)
    assert totals == {first.pk: 135}
