"""The DiD estimator on synthetic data: a planted effect is recovered, no effect is not invented."""

import numpy as np
import pytest

from lms.selectors.impact.estimator import Cohort, ControlDraws, did_estimate

# Pure functions: no database.


def _cohorts(rng, *, effect: float, n_treated: int = 40, n_control: int = 60, cohorts: int = 3):
    """Weak employees improve anyway (regression to the mean, +6 points with a spread of 8 per
    cohort shift); participants improve by ``effect`` more."""
    made = []
    for index in range(cohorts):
        shift = 6 + rng.normal(0, 2)
        made.append(
            Cohort(
                key=index,
                treated=rng.normal(shift + effect, 8, n_treated),
                control=rng.normal(shift, 8, n_control),
            )
        )
    return made


def test_a_planted_effect_is_recovered_within_its_interval():
    rng = np.random.default_rng(7)
    estimate = did_estimate(_cohorts(rng, effect=9.0), min_n=10, samples=2000, seed=1)
    assert estimate.enough_data
    assert estimate.ci_low < 9.0 < estimate.ci_high
    assert estimate.ci_low > 0, "an effect of 9 points on 120 participants must be told from none"
    assert estimate.did == pytest.approx(9.0, abs=2.5)


def test_no_effect_gives_an_interval_covering_zero():
    rng = np.random.default_rng(11)
    estimate = did_estimate(_cohorts(rng, effect=0.0), min_n=10, samples=2000, seed=1)
    assert estimate.ci_low < 0 < estimate.ci_high
    # Both groups improved (regression to the mean): the raw change alone would credit the course.
    assert estimate.treated_change > 3
    assert estimate.control_change > 3


@pytest.mark.parametrize("effect", [0.0, 5.0])
def test_the_interval_covers_the_true_effect_about_95_times_in_100(effect):
    """Coverage over repeated synthetic studies: a 95 % interval that is too narrow (e.g. one
    ignoring the comparison group's own noise) falls well below this."""
    rng = np.random.default_rng(2024)
    covered = 0
    studies = 120
    for study in range(studies):
        estimate = did_estimate(
            _cohorts(rng, effect=effect, n_treated=15, n_control=25, cohorts=2), min_n=10, samples=400, seed=study
        )
        covered += estimate.ci_low <= effect <= estimate.ci_high
    assert covered / studies >= 0.88


def test_cohorts_are_weighted_by_their_participants():
    small = Cohort(key="a", treated=np.array([10.0]), control=np.array([0.0, 0.0]))
    large = Cohort(key="b", treated=np.array([1.0, 1.0, 1.0]), control=np.array([0.0, 0.0]))
    estimate = did_estimate([small, large], min_n=0, samples=0)
    assert estimate.did == pytest.approx((10 * 1 + 1 * 3) / 4)
    assert estimate.ci_low is None
    assert estimate.ci_high is None


def test_below_the_minimum_n_there_is_no_estimate_but_the_sizes_are_told():
    cohort = Cohort(key=1, treated=np.array([5.0] * 9), control=np.array([1.0] * 30), closed=3)
    estimate = did_estimate([cohort], min_n=10, samples=100)
    assert not estimate.enough_data
    assert estimate.did is None
    assert estimate.ci_low is None
    assert (estimate.n_treated, estimate.n_control) == (9, 30)
    assert estimate.gap_closed_share == pytest.approx(3 / 9)


def test_a_cohort_without_comparison_is_left_out():
    alone = Cohort(key=1, treated=np.array([50.0] * 20), control=np.array([]))
    compared = Cohort(key=2, treated=np.array([2.0] * 20), control=np.array([1.0] * 20))
    estimate = did_estimate([alone, compared], min_n=10, samples=200)
    assert estimate.did == pytest.approx(1.0)
    assert estimate.n_treated == 20


def test_shared_comparison_draws_are_reused_not_redrawn():
    cohort = Cohort(key="shared", treated=np.array([3.0, 4.0, 5.0]), control=np.array([1.0, 2.0, 3.0]))
    draws = ControlDraws(samples=50, seed=3)
    first = draws.of(cohort)
    assert draws.of(cohort) is first
    one = did_estimate([cohort], min_n=0, samples=50, seed=9, control_draws=draws)
    two = did_estimate([cohort], min_n=0, samples=50, seed=9, control_draws=draws)
    assert (one.ci_low, one.ci_high) == (two.ci_low, two.ci_high)


def test_a_cohort_with_a_single_comparison_employee_is_left_out():
    single = Cohort(key=1, treated=np.array([9.0] * 5), control=np.array([0.0]))
    compared = Cohort(key=2, treated=np.array([2.0] * 12), control=np.array([1.0, 1.0]))
    estimate = did_estimate([single, compared], min_n=0, samples=100)
    assert estimate.did == pytest.approx(1.0)
    assert estimate.n_treated == 12


def test_cohorts_of_one_participant_each_still_vary_in_the_bootstrap():
    """Offerings often send one weak employee per indicator: the interval must not collapse."""
    rng = np.random.default_rng(5)
    covered, studies = 0, 100
    for study in range(studies):
        cohorts = [Cohort(key=i, treated=rng.normal(4.0 + 3.0, 6, 1), control=rng.normal(4.0, 6, 8)) for i in range(30)]
        estimate = did_estimate(cohorts, min_n=10, samples=400, seed=study)
        assert estimate.ci_high - estimate.ci_low > 1.0
        covered += estimate.ci_low <= 3.0 <= estimate.ci_high
    assert covered / studies >= 0.88
