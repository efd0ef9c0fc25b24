"""The impact estimator: a difference in differences with a stratified bootstrap interval. Pure.

Kirkpatrick L3/L4 has no national formula (DOMAIN.md); this is Bangkom's, stated once here.

Data come in **cohorts**. A cohort is one course, one target indicator, one baseline period
(the last appraisal period before an offering) and its follow-up periods (the first periods
after it). It holds two arrays of *changes* in achievement points (mean achievement in the
follow-up periods − achievement in the baseline period):

- ``treated``: participants who completed the course and had a gap on the indicator in the
  baseline period;
- ``control``: employees with a gap on the same indicator in the same baseline period who
  did not take the course.

Both groups were chosen for being weak in the same period, so both regress toward the mean
alike and share the period's shocks; the difference of their changes is the course's effect
(the usual parallel-trends assumption). Over several cohorts the estimate weights each
cohort by its participants::

    DiD = Σ_c n_c · (mean(treated_c) − mean(control_c)) / Σ_c n_c

The 95 % interval is the 2.5th–97.5th percentile of the same statistic over ``samples``
bootstrap draws. Each draw resamples the participants with replacement (all of them
together, so that a cohort of one participant varies too) and, within every cohort, its
comparison employees; each drawn participant's change is set against their cohort's drawn
comparison mean. A cohort needs at least ``MIN_COMPARISON`` comparison employees: with
fewer, nothing says how much that group varies, and the interval would come out too narrow.
"""

import zlib
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

MIN_COMPARISON = 2


@dataclass(frozen=True)
class Cohort:
    key: Hashable
    treated: np.ndarray
    control: np.ndarray
    # Participants whose gap closed (follow-up achievement at or above the weak threshold).
    closed: int = 0


@dataclass(frozen=True)
class Estimate:
    n_treated: int
    n_control: int
    treated_change: float | None
    control_change: float | None
    did: float | None
    ci_low: float | None
    ci_high: float | None
    gap_closed_share: float | None
    enough_data: bool


def _bootstrap_means(values: np.ndarray, samples: int, rng: np.random.Generator) -> np.ndarray:
    """``samples`` means of ``values`` resampled with replacement."""
    if len(values) == 1:
        return np.full(samples, values[0])
    # 32-bit indices: half the memory traffic of the default, which dominates for large groups.
    picks = rng.integers(0, len(values), size=(samples, len(values)), dtype=np.int32)
    return values[picks].mean(axis=1)


class ControlDraws:
    """Bootstrap means of each cohort's comparison group, drawn once and shared by every
    grouping that uses the cohort (by course, by offering, by OPD): a report of all courses
    then resamples each comparison group once, not once per row.

    Each cohort draws from its own stream, seeded by its key, so that the same cohort gives the
    same interval whichever report, filter or order asks for it.
    """

    def __init__(self, samples: int, seed: int):
        self.samples = samples
        self.seed = seed
        self._draws: dict[Hashable, np.ndarray] = {}

    def of(self, cohort: Cohort) -> np.ndarray:
        draws = self._draws.get(cohort.key)
        if draws is None:
            # crc32, not hash(): the same across processes (hash() of a str is salted per process).
            rng = np.random.default_rng([self.seed, zlib.crc32(repr(cohort.key).encode())])
            draws = self._draws[cohort.key] = _bootstrap_means(cohort.control, self.samples, rng)
        return draws


def did_estimate(
    cohorts: Sequence[Cohort],
    *,
    min_n: int,
    samples: int,
    seed: int = 0,
    n_treated: int | None = None,
    n_control: int | None = None,
    control_draws: ControlDraws | None = None,
) -> Estimate:
    """The DiD of ``cohorts`` with its bootstrap 95 % interval (see the module docstring).

    ``n_treated``/``n_control`` are the sizes to report and to hold against ``min_n`` when the
    caller counts people rather than cohort members (one person may sit in several cohorts);
    by default the members are counted. ``samples=0`` gives the point estimate alone.
    Below ``min_n`` in either group the estimate says "not enough data": no DiD, no interval.
    """
    usable = [c for c in cohorts if len(c.treated) and len(c.control) >= MIN_COMPARISON]
    members_t = sum(len(c.treated) for c in usable)
    members_c = sum(len(c.control) for c in usable)
    n_t = members_t if n_treated is None else n_treated
    n_c = members_c if n_control is None else n_control
    if not usable:
        return Estimate(n_t, n_c, None, None, None, None, None, None, False)
    weights = np.array([len(c.treated) for c in usable], dtype=float)
    treated_means = np.array([c.treated.mean() for c in usable])
    control_means = np.array([c.control.mean() for c in usable])
    treated_change = float(np.average(treated_means, weights=weights))
    control_change = float(np.average(control_means, weights=weights))
    closed_share = sum(c.closed for c in usable) / members_t
    if min(n_t, n_c) < min_n:
        return Estimate(n_t, n_c, treated_change, control_change, None, None, None, closed_share, False)
    did = treated_change - control_change
    low = high = None
    if samples > 0:
        rng = np.random.default_rng(seed)
        draws_from = control_draws or ControlDraws(samples, seed + 1)
        changes = np.concatenate([c.treated for c in usable])
        cohort_of = np.repeat(np.arange(len(usable)), [len(c.treated) for c in usable])
        # Cohort × draw: each cohort's comparison mean in each bootstrap draw.
        control_means = np.stack([draws_from.of(c) for c in usable])
        picks = rng.integers(0, len(changes), size=(samples, len(changes)))
        differences = changes[picks] - control_means[cohort_of[picks], np.arange(samples)[:, None]]
        low, high = (float(v) for v in np.percentile(differences.mean(axis=1), [2.5, 97.5]))
    return Estimate(n_t, n_c, treated_change, control_change, did, low, high, closed_share, True)
