"""The demo appraisal: deterministic, consistent with the rules, and telling the demo's story."""

from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from backend.appraisal import rules, selectors
from backend.appraisal.choices import IKM_ELEMENTS, IndicatorCategory, PeriodKind, PeriodStatus, Predikat
from backend.appraisal.demo import appraisal_data_exists, demo_reset, seed_appraisal
from backend.appraisal.demo.library import IKI, IKU
from backend.appraisal.models import (
    Evaluation,
    FollowUp,
    IkmResponse,
    IkmSurvey,
    Indicator,
    OrgPerformance,
    Period,
    Score,
)
from backend.appraisal.selectors.core import overdue_q
from backend.appraisal.services import ikm_survey_apply
from backend.audit.models import AuditEntry
from backend.people.access import access_for
from backend.people.demo.seed import demo_reset as people_demo_reset
from backend.people.demo.seed import people_data_exists, seed_regency
from backend.people.models import Employee

pytestmark = pytest.mark.django_db

EMPLOYEES = 300
# The determinism check seeds twice: smaller, and the latest year only.
SMALL = 150
SEED = 2026
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One seeded regency for the read-only checks of this module, wiped afterwards."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        seed_regency(employees=EMPLOYEES, seed=SEED, password="demo-pass-123")
        seed_appraisal(seed=SEED)
        yield
        people_demo_reset()


@pytest.fixture
def hr(demo):
    return access_for(get_user_model().objects.get(username="hr"))


def _quarter(year: int, number: int) -> Period:
    return Period.objects.get(year=year, kind=PeriodKind.QUARTERLY, number=number)


def _snapshot() -> dict:
    return {
        "scores": sorted(
            Score.objects.values_list(
                "employee__nip",
                "indicator__code",
                "period__year",
                "period__number",
                "target",
                "realisasi",
                "achievement",
            )
        ),
        "evaluations": sorted(
            Evaluation.objects.values_list(
                "employee__nip", "period__year", "result_rating", "behaviour_rating", "predikat"
            )
        ),
        "behaviour": sorted(
            Evaluation.objects.values_list(
                "employee__nip", "period__year", "behaviour_ratings__value", "behaviour_ratings__rating"
            )
        ),
        "ikm": sorted(
            IkmResponse.objects.values_list(
                "survey__org_unit__code",
                "survey__period__year",
                "survey__period__number",
                *IKM_ELEMENTS,
                "submitted_on",
            )
        ),
        "org": sorted(OrgPerformance.objects.values_list("org_unit__code", "year", "rating")),
        "follow_ups": sorted(FollowUp.objects.values_list("employee__nip", "kind", "due_date", "status")),
    }


def test_the_same_seed_gives_the_same_appraisal(settings):
    settings.PASSWORD_HASHERS = FAST_HASHER
    # Inside this test's transaction: the module's regency, if already seeded, comes back afterwards.
    people_demo_reset()
    seed_regency(employees=SMALL, seed=7, password="demo-pass-123")
    seed_appraisal(seed=7, years=1)
    first = _snapshot()
    assert first["scores"]
    assert first["ikm"]
    assert first["follow_ups"]

    people_demo_reset()
    assert not people_data_exists()
    assert not appraisal_data_exists()
    assert not Score.objects.exists()
    assert not IkmResponse.objects.exists()
    assert not AuditEntry.objects.filter(content_type__app_label="appraisal").exists()

    seed_regency(employees=SMALL, seed=7, password="demo-pass-123")
    seed_appraisal(seed=7, years=1)
    assert _snapshot() == first


def test_appraisal_reset_keeps_the_people(demo):
    demo_reset()
    assert not appraisal_data_exists()
    assert Employee.objects.count() == EMPLOYEES


def test_three_years_of_periods_the_last_open(demo):
    periods = Counter(Period.objects.values_list("year", "kind", "status"))
    for year in (2023, 2024):
        assert periods[(year, PeriodKind.QUARTERLY, PeriodStatus.CLOSED)] == 4
        assert periods[(year, PeriodKind.ANNUAL, PeriodStatus.CLOSED)] == 1
    assert periods[(2025, PeriodKind.QUARTERLY, PeriodStatus.OPEN)] == 4
    assert periods[(2025, PeriodKind.ANNUAL, PeriodStatus.OPEN)] == 1


def test_every_employee_has_two_to_four_indicators_every_quarter(demo):
    per_quarter = Counter(Score.objects.values_list("employee_id", "period_id"))
    assert len(per_quarter) == EMPLOYEES * 12
    assert set(per_quarter.values()) <= {2, 3, 4}
    # IKI cascade from an IKU of the same OPD; the library knows every code it seeded.
    for indicator in Indicator.objects.select_related("parent"):
        key = indicator.code.removeprefix(f"{indicator.org_unit.code}-")
        if indicator.level == "iku":
            assert key.removeprefix("iku-") in IKU
        else:
            assert key in IKI
            assert indicator.parent.level == "iku"
            assert indicator.parent.org_unit_id == indicator.org_unit_id
    lower = Indicator.objects.filter(direction="lower", code__endswith="hari-izin")
    assert lower.exists()


def test_the_demo_pegawai_and_colleagues_are_weak_in_the_latest_quarter(hr):
    period = _quarter(2025, 4)
    pegawai = Employee.objects.get(user__username="pegawai")
    gaps = selectors.employee_gap_list(access=hr, employee_id=pegawai.pk, period=period)
    weak = [gap for gap in gaps if gap.kind == "indicator"]
    assert len(weak) >= 2
    assert all(gap.value < Decimal(80) for gap in weak)

    team = Employee.objects.filter(supervisor=pegawai.supervisor)
    weak_team = [
        e
        for e in team
        if sum(
            1 for g in selectors.employee_gap_list(access=hr, employee_id=e.pk, period=period) if g.kind == "indicator"
        )
        >= 2
    ]
    assert len(weak_team) >= 3


def test_some_units_and_indicators_are_systematically_weaker(demo):
    period = _quarter(2025, 4)
    scores = Score.objects.filter(period=period)
    weak_share = scores.filter(achievement__lt=80).count() / scores.count()
    assert 0.005 < weak_share < 0.15
    by_unit = Counter(scores.filter(achievement__lt=80).values_list("employee__unit__code", flat=True))
    # Weakness clusters: the units with weak scores are few.
    assert len(by_unit) < Employee.objects.values("unit").distinct().count() / 2


def test_every_evaluation_follows_the_rules(demo):
    config = selectors.appraisal_rules_get()
    achievements: dict[tuple[int, int], list] = {}
    for employee_id, year, achievement in Score.objects.values_list("employee_id", "period__year", "achievement"):
        achievements.setdefault((employee_id, year), []).append(achievement)
    evaluations = Evaluation.objects.select_related("period").prefetch_related("behaviour_ratings")
    assert evaluations.count() == EMPLOYEES * 3
    for evaluation in evaluations:
        assert evaluation.predikat == rules.predikat(
            result=evaluation.result_rating, behaviour=evaluation.behaviour_rating
        )
        assert evaluation.result_rating == rules.result_rating(
            achievements=achievements[(evaluation.employee_id, evaluation.period.year)],
            meets_from=config.result_meets_from,
            above_from=config.result_above_from,
        )
        values = {b.value: b.rating for b in evaluation.behaviour_ratings.all()}
        assert len(values) == 7
        assert evaluation.behaviour_rating == rules.behaviour_rating(
            ratings=values,
            above_min_values=config.behaviour_above_min_values,
            below_min_values=config.behaviour_below_min_values,
        )
    predikat = Counter(Evaluation.objects.values_list("predikat", flat=True))
    assert predikat[Predikat.BAIK] > 0.6 * sum(predikat.values())
    assert predikat[Predikat.SANGAT_BAIK] > 0
    assert predikat[Predikat.BUTUH_PERBAIKAN] > 0


def test_an_opd_breaks_its_predikat_bound_every_year(hr):
    for year in (2023, 2024, 2025):
        annual = Period.objects.get(year=year, kind=PeriodKind.ANNUAL)
        distributions = selectors.predikat_distribution_list(access=hr, period=annual)
        assert any(d.has_warning for d in distributions), year
    ratings = Counter(OrgPerformance.objects.filter(year=2025).values_list("rating", flat=True))
    assert ratings["butuh_perbaikan"] == 2
    assert ratings["baik"] > ratings["istimewa"] > 0


def test_ikm_surveys_have_answers_and_feed_the_ikm_scores(demo):
    surveys = IkmSurvey.objects.select_related("org_unit", "period")
    # 19 puskesmas, 17 kecamatan, RSUD, DPMPTSP and Dukcapil, every quarter of three years.
    assert surveys.count() == 39 * 12
    counts = Counter(IkmResponse.objects.values_list("survey_id", flat=True))
    assert all(30 <= counts[survey.pk] <= 120 for survey in surveys)

    ikm_scores = Score.objects.filter(indicator__category=IndicatorCategory.COMMUNITY_SATISFACTION)
    assert ikm_scores.count() > EMPLOYEES
    # Each IKM score's realisasi is the IKM of the survey covering the employee's unit, as
    # ikm_survey_apply would set it.
    for period in Period.objects.filter(kind=PeriodKind.QUARTERLY):
        ikm_by_path = {s.org_unit.path: r.value for s, r in selectors.ikm_results_for_period(period=period)}
        for path, realisasi in ikm_scores.filter(period=period).values_list("employee__unit__path", "realisasi"):
            covering = [p for p in ikm_by_path if path.startswith(p)]
            assert len(covering) == 1, path
            assert realisasi == ikm_by_path[covering[0]]

    pegawai = Employee.objects.get(user__username="pegawai")
    period = _quarter(2025, 4)
    survey = surveys.get(org_unit=pegawai.unit, period=period)
    assert ikm_survey_apply(actor=None, survey=survey) == 0
    assert ikm_scores.get(employee=pegawai, period=period).realisasi == selectors.ikm_result_get(survey=survey).value
    # Her puskesmas is slow and handles complaints poorly.
    converted = selectors.ikm_result_get(survey=survey).converted
    assert converted["u3"] < Decimal("76.61")
    assert converted["u8"] < Decimal("76.61")


def test_follow_ups_for_butuh_perbaikan_some_overdue(demo):
    follow_ups = FollowUp.objects.select_related("evaluation")
    assert follow_ups.exists()
    assert all(f.evaluation.predikat == Predikat.BUTUH_PERBAIKAN for f in follow_ups)
    assert {f.kind for f in follow_ups} == {"coaching", "training"}
    assert follow_ups.filter(overdue_q()).exists()
