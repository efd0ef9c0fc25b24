"""The benchmark command, run small: it must produce its figures and keep the API's queries flat."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


def test_bench_writes_its_figures(tmp_path):
    out = tmp_path / "bench.json"

    # The training benchmarks have their own test (tests/lms/test_bench.py).
    call_command(
        "bench",
        out=str(out),
        sizes="100:0,120:1",
        requests=3,
        lms_scale=0,
        suggestion_sizes="",
        certificate_renders=0,
        load_seconds=0,
        stdout=StringIO(),
    )

    figures = json.loads(out.read_text())
    assert [(row["employees"], row["appraisal_years"]) for row in figures["seed"]] == [(100, 0), (120, 1)]
    assert figures["seed"][0]["scores"] == 0
    assert figures["seed"][1]["scores"] > 2 * 120 * 4
    assert {"python", "django", "database", "database_version", "debug"} <= set(figures["environment"])
    cases = figures["api"]["cases"]
    assert set(cases) == {"page_size=25", "page_size=100", "search=siti"}
    assert cases["page_size=25"]["results"] == 120
    # The page size must not change the number of queries (no query per row).
    assert cases["page_size=25"]["queries"] == cases["page_size=100"]["queries"] <= 6

    gaps = figures["gaps"]
    assert gaps["employees"] == 120
    assert gaps["gaps"] >= gaps["employees_with_gaps"] > 0
    assert gaps["queries"] <= 10
    gap_cases = list(figures["gap_api"]["cases"].values())
    assert len(gap_cases) == 2
    assert all(case["status"] == 200 for case in gap_cases)
    # Two employees with different gaps, the same queries.
    assert figures["gap_api"]["constant_queries"]


def test_bench_seeds_people_only_without_gap_figures(tmp_path):
    out = tmp_path / "bench.json"

    call_command(
        "bench",
        out=str(out),
        sizes="100",
        years=0,
        requests=3,
        lms_scale=0,
        suggestion_sizes="",
        certificate_renders=0,
        load_seconds=0,
        stdout=StringIO(),
    )

    figures = json.loads(out.read_text())
    assert figures["seed"][0]["appraisal_years"] == 0
    assert "gaps" not in figures


def test_bench_refuses_a_database_with_people_data(tmp_path):
    OrgUnitFactory()
    with pytest.raises(CommandError):
        call_command("bench", out=str(tmp_path / "bench.json"), stdout=StringIO())


def test_bench_refuses_malformed_sizes(tmp_path):
    with pytest.raises(CommandError):
        call_command("bench", out=str(tmp_path / "bench.json"), sizes="100:9", stdout=StringIO())
