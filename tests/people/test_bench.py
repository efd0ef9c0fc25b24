"""The benchmark command, run small: it must produce its figures and keep the list API's queries flat."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


def test_bench_writes_its_figures(tmp_path):
    out = tmp_path / "bench.json"

    call_command("bench", out=str(out), sizes="100,120", requests=3, stdout=StringIO())

    figures = json.loads(out.read_text())
    assert [row["employees"] for row in figures["seed"]] == [100, 120]
    assert {"python", "django", "database", "database_version"} <= set(figures["environment"])
    cases = figures["api"]["cases"]
    assert set(cases) == {"page_size=25", "page_size=100", "search=siti"}
    assert cases["page_size=25"]["results"] == 120
    # The page size must not change the number of queries (no query per row).
    assert cases["page_size=25"]["queries"] == cases["page_size=100"]["queries"] <= 6


def test_bench_refuses_a_database_with_people_data(tmp_path):
    OrgUnitFactory()
    with pytest.raises(CommandError):
        call_command("bench", out=str(tmp_path / "bench.json"), stdout=StringIO())
