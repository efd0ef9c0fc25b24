"""The suggestion and impact benchmark, run tiny: valid data, every figure, the child process, the table.

Never timed: the figures are checked for being there and consistent, not for speed.
"""

from io import StringIO

import pytest
from django.core.management.color import no_style
from django.db.models import F
from django.utils import timezone

from backend.appraisal.models import Score
from backend.people.models import Employee, OrgUnit, unit_path
from backend.people.nip import parse_nip
from lms.bench import suggestions
from lms.choices import OfferingStatus
from lms.models import Offering, Session

pytestmark = pytest.mark.django_db

FIGURES = {
    "database",
    "employees",
    "scores",
    "gaps",
    "seed",
    "all_first",
    "all_second",
    "all_changed",
    "suggestions",
    "one",
    "impact",
    "peak_rss_mb",
    "peak_rss_after_seed_mb",
}


def test_the_benchmark_seeds_valid_data_and_measures_every_engine():
    # 1,000: the smallest regency where some weak employees are left untrained to compare with.
    figures = suggestions.measure(employees=1000, one_runs=4, samples=20)

    assert set(figures) == FIGURES
    assert figures["employees"] == 1000
    assert figures["scores"] == 1000 * 3 * 8
    assert 0 < figures["gaps"] < 1000
    first, second, changed = figures["all_first"], figures["all_second"], figures["all_changed"]
    assert first["employees"] == figures["gaps"]
    assert first["created"] == figures["suggestions"] > 0
    # The second run refreshes what the first created; the third, after every weight changed, too.
    assert (second["created"], second["updated"]) == (0, first["created"])
    assert (changed["created"], changed["updated"]) == (0, first["created"])
    assert figures["one"]["runs"] == 4
    assert figures["one"]["median_ms"] > 0
    assert figures["impact"]["samples"] == 20
    assert figures["impact"]["courses"] >= 1
    # One employee in eight completes a past offering.
    assert figures["seed"]["completed"] == 1000 // 8
    assert figures["peak_rss_mb"] > 0

    # Written without the services, the rows must still be what the services would write.
    for employee in Employee.objects.all():
        parsed = parse_nip(employee.nip, employment_type=employee.employment_type)
        assert (parsed.birth_date, parsed.sex) == (employee.birth_date, employee.sex)
    for unit in OrgUnit.objects.select_related("parent"):
        assert unit.path == unit_path(unit.parent, unit.pk)
    assert not Score.objects.exclude(achievement=F("realisasi")).exists()
    today = timezone.localdate()
    upcoming = Offering.objects.filter(status=OfferingStatus.PUBLISHED)
    assert upcoming.count() == 40
    assert not upcoming.filter(start_date__lte=today).exists()
    assert not upcoming.filter(enroll_closes__lt=today).exists()
    assert Session.objects.filter(offering__in=upcoming).count() == 80


def test_growth_divides_the_time_ratio_by_the_size_ratio_and_judges_the_goals():
    def row(employees, seconds, impact, one):
        runs = {key: {"seconds": seconds} for key in suggestions.ALL_RUNS}
        return {"employees": employees, **runs, "impact": {"seconds": impact}, "one": {"median_ms": one, "p95_ms": one}}

    rows = [row(1000, 2.0, 0.1, 10.0), row(8000, 16.0, 1.6, 10.0), row(64000, 256.0, 3.2, 20.0)]

    steps = suggestions.growth(rows)

    assert [(s["from"], s["to"]) for s in steps] == [(1000, 8000), (8000, 64000)]
    assert [s["all_first"] for s in steps] == [1.0, 2.0]
    assert [s["impact"] for s in steps] == [2.0, 0.25]
    assert steps[0]["one_median"] == 0.12
    met = suggestions.verdicts(rows, steps, vendor="sqlite")
    assert met == {
        "all_at_8000": True,
        "all_at_8000_counts": False,
        "one_p95_at_8000": True,
        "impact_at_8000": True,
        "growth": False,
    }
    assert suggestions.verdicts([{"employees": 8000, "error": "x"}], [], vendor="postgresql")["all_at_8000"] is None


def test_sizes_parse_and_zero_or_empty_skips():
    assert suggestions.parse_sizes("1000, 8000,64000") == [1000, 8000, 64000]
    assert suggestions.parse_sizes("") == suggestions.parse_sizes("0") == []
    with pytest.raises(ValueError, match="x"):
        suggestions.parse_sizes("x")


def test_each_size_runs_in_its_own_throwaway_database_and_prints_a_table():
    figures = suggestions.run(sizes=[120], one_runs=3)

    [row] = figures["sqlite"]["sizes"]
    assert "error" not in row, row.get("error")
    assert set(row) == {*FIGURES, "migrate_seconds"}
    assert row["employees"] == 120
    assert row["database"].startswith("sqlite")
    assert "skipped" in figures["postgresql"]
    # The child wrote to its own database, not to this one.
    assert not Employee.objects.exists()
    out = StringIO()
    suggestions.print_figures(out, no_style(), figures)
    assert "120" in out.getvalue()
