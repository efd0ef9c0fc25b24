"""The HR dashboard's read: every panel's figures, the filters, the sort, the scope and the query count."""

import pytest
from django.http import Http404

from backend.people.access import access_for
from lms.selectors.dashboard import hr_dashboard_get, sort_impact
from tests.factories import OrgUnitFactory, ScoreFactory
from tests.lms.dashboard_fixtures import YEAR, board_world_fixture, impact_settings_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def board(user, **kwargs):
    return hr_dashboard_get(access=access_for(user), **kwargs)


def by_label(rows):
    return {row.label: row for row in rows}


def test_impact_by_course_gives_the_hand_worked_figures(board_world):
    rows = by_label(board(board_world["hr"], year=YEAR).impact)
    kes, dik, small = rows["Pelayanan Puskesmas"], rows["Asesmen Formatif"], rows["Kelas Kecil"]
    assert (kes.n_treated, kes.n_control, kes.enough_data) == (3, 3, True)
    assert kes.treated_change == pytest.approx(20)
    assert kes.control_change == pytest.approx(5)
    assert kes.did == pytest.approx(15)
    assert kes.ci_low <= kes.did <= kes.ci_high
    assert kes.gap_closed_share == pytest.approx(2 / 3)
    assert (dik.n_treated, dik.n_control, dik.did, dik.gap_closed_share) == (2, 2, pytest.approx(10), 0)
    # Below the minimum n: shown with its n, without an estimate.
    assert (small.n_treated, small.n_control, small.enough_data, small.did, small.ci_low) == (1, 2, False, None, None)


def test_other_panels_give_the_hand_worked_figures(board_world):
    result = board(board_world["hr"], year=YEAR)
    compliance = {row.opd.code: row for row in result.compliance}
    assert (compliance["dinkes"].pns, compliance["dinkes"].met, str(compliance["dinkes"].mean_jp)) == (10, 2, "4.0")
    assert (compliance["dikbud"].pns, compliance["dikbud"].met, str(compliance["dikbud"].mean_jp)) == (4, 0, "2.5")
    # Worst first; the puskesmas answers for its latest survey of the year (Q3), not Q1.
    assert [(r.unit.code, str(r.result.value), r.result.grade, r.result.responses) for r in result.ikm] == [
        ("sdn-1", "50.00", "D", 2),
        ("pkm-1", "100.00", "A", 1),
    ]
    predikat = {row.opd.code: row.counts for row in result.predikat}
    assert (predikat["dinkes"]["baik"], predikat["dinkes"]["sangat_baik"]) == (1, 1)
    assert predikat["dikbud"]["butuh_perbaikan"] == 1
    assert result.predikat_totals == {
        "sangat_baik": 1,
        "baik": 1,
        "butuh_perbaikan": 1,
        "kurang": 0,
        "sangat_kurang": 0,
    }
    assert result.uptake == {
        "suggested": 1,
        "enrolled": 2,
        "dismissed": 1,
        "lapsed": 1,
        "total": 5,
        "uptake": pytest.approx(0.4),
    }


def test_opd_filter_narrows_every_panel(board_world):
    result = board(board_world["hr"], year=YEAR, org_unit_id=board_world["dikbud"].pk)
    assert result.opd == board_world["dikbud"]
    assert [row.label for row in result.impact] == ["Asesmen Formatif"]
    assert [row.opd.code for row in result.compliance] == ["dikbud"]
    assert [row.unit.code for row in result.ikm] == ["sdn-1"]
    assert [row.opd.code for row in result.predikat] == ["dikbud"]
    assert (result.uptake["total"], result.uptake["enrolled"], result.uptake["lapsed"]) == (2, 1, 1)
    # Indicators to pick from are those of the chosen OPD.
    assert [i.pk for i in result.indicators] == [board_world["dik_indicator"].pk]


def test_indicator_filter_narrows_impact_only(board_world):
    result = board(board_world["hr"], year=YEAR, indicator_id=board_world["kes_indicator"].pk)
    assert result.indicator == board_world["kes_indicator"]
    assert [row.label for row in result.impact] == ["Pelayanan Puskesmas"]
    assert (len(result.compliance), len(result.ikm), result.uptake["total"]) == (3, 2, 5)


def test_year_filter_keeps_offerings_that_ended_that_year(board_world):
    narrowed = board(board_world["hr"], year=YEAR - 1, impact_of_year=True)
    assert narrowed.impact_year == YEAR - 1
    assert narrowed.impact == []
    assert (narrowed.predikat, narrowed.ikm, narrowed.uptake["total"]) == ([], [], 0)
    # By default impact counts the offerings of every year: a course's effect is no yearly figure.
    every_year = board(board_world["hr"], year=YEAR - 1)
    assert every_year.impact_year is None
    assert {row.label for row in every_year.impact} == {"Pelayanan Puskesmas", "Asesmen Formatif", "Kelas Kecil"}


def test_default_year_is_the_latest_with_scores(board_world):
    assert board(board_world["hr"]).year == YEAR
    ScoreFactory(period__year=YEAR + 1, employee__unit=board_world["school"])
    assert board(board_world["hr"]).year == YEAR + 1


def test_sort_by_column_both_ways_keeps_rows_without_data_last(board_world):
    rows = board(board_world["hr"], year=YEAR).impact
    assert [r.label for r in rows] == ["Pelayanan Puskesmas", "Asesmen Formatif", "Kelas Kecil"]
    assert [r.label for r in sort_impact(rows, "did")[0]] == ["Asesmen Formatif", "Pelayanan Puskesmas", "Kelas Kecil"]
    assert [r.label for r in sort_impact(rows, "course")[0]] == [
        "Asesmen Formatif",
        "Kelas Kecil",
        "Pelayanan Puskesmas",
    ]
    assert [r.label for r in sort_impact(rows, "-treated")[0]] == [
        "Pelayanan Puskesmas",
        "Asesmen Formatif",
        "Kelas Kecil",
    ]
    assert sort_impact(rows, "nonsense")[1] == "-did"
    # Two comparison employees each: the label breaks the tie.
    assert [r.label for r in board(board_world["hr"], year=YEAR, sort="control").impact] == [
        "Asesmen Formatif",
        "Kelas Kecil",
        "Pelayanan Puskesmas",
    ]


def test_coordinator_of_another_agency_sees_none_of_its_rows(board_world):
    result = board(board_world["koord_dikbud"], year=YEAR)
    assert [opd.code for opd in result.opds] == ["dikbud"]
    assert [row.label for row in result.impact] == ["Asesmen Formatif"]
    assert [row.opd.code for row in result.compliance] == ["dikbud"]
    assert [row.unit.code for row in result.ikm] == ["sdn-1"]
    assert [row.opd.code for row in result.predikat] == ["dikbud"]
    assert result.uptake["total"] == 2
    with pytest.raises(Http404):
        board(board_world["koord_dikbud"], year=YEAR, org_unit_id=board_world["dinkes"].pk)


def test_coordinator_of_a_sub_unit_picks_its_opd_and_sees_only_its_subtree(board_world):
    result = board(board_world["koord_pkm"], year=YEAR, org_unit_id=board_world["dinkes"].pk)
    assert [opd.code for opd in result.opds] == ["dinkes"]
    assert {row.label for row in result.impact} == {"Pelayanan Puskesmas", "Kelas Kecil"}
    # Only the puskesmas's PNS: the Dinas's other employees are out of scope.
    assert [(row.opd.code, row.pns) for row in result.compliance] == [("dinkes", 10)]
    assert [row.unit.code for row in result.ikm] == ["pkm-1"]


def test_bkpsdm_coordinator_sees_everything(board_world):
    result = board(board_world["koord_all"], year=YEAR)
    assert {opd.code for opd in result.opds} == {"bkpsdm", "dikbud", "dinkes"}
    assert (len(result.impact), result.uptake["total"]) == (3, 5)


@pytest.mark.parametrize("extra_opds", [0, 6])
def test_query_count_is_fixed(board_world, django_assert_num_queries, extra_opds):
    for index in range(extra_opds):
        ScoreFactory(employee__unit=OrgUnitFactory(code=f"opd-{index}"), period=board_world["periods"][0])
    access = access_for(board_world["hr"])
    # 1 years with scores, 2 OPDs in scope, 3 indicators courses target;
    # impact: 4 scored periods, 5 course targets, 6 seats, 7 appraisal rules, 8 weak baseline scores,
    # 9 follow-up scores, 10 row labels, 11 course titles;
    # 12 compliance grouped by OPD, 13 their OPDs; 14 IKM surveys, 15 their responses grouped;
    # 16 annual period, 17 predikat grouped, 18 their OPDs, 19 OPD ratings, 20 predikat bounds;
    # 21 suggestions grouped by status.
    with django_assert_num_queries(21):
        hr_dashboard_get(access=access)
