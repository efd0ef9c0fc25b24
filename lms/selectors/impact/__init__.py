"""Impact of training on the appraisal (Kirkpatrick L3/L4): the data behind the estimator.

For every course and each of its target indicators, participants are compared with untrained
peers who were weak on the same indicator in the same period (``estimator`` states the
method). The rules, in words:

- **participants**: employees who *completed* an offering of the course (finished, JP
  credited), had a gap on the target indicator (achievement below the weak threshold) in the
  **baseline period** — the last appraisal period ending before the offering starts — and
  have at least one score in the **follow-up periods**, the first
  ``LMS_IMPACT_FOLLOWUP_PERIODS`` periods starting after the offering ends;
- **comparison group**: employees with a gap on the same indicator in the same baseline
  period, scored in the same follow-up periods, who never held a seat in an offering of the
  course before the follow-up ended;
- **change** of a person: mean achievement over their follow-up scores − baseline
  achievement, in percentage points; a **closed gap**: follow-up mean at or above the weak
  threshold;
- a comparison group larger than ``LMS_IMPACT_MAX_COMPARISON`` is a random sample of that
  size (fixed per employee, indicator and period): beyond a few hundred, more comparison
  employees barely narrow the interval, while the work would grow with the regency;
- periods are those of the kind the regency scores in (monthly, quarterly or semester: the
  kind with the most scored periods); annual periods are summaries and are not used.

Everything is read in a fixed number of queries (periods, targets, seats, baseline scores,
follow-up scores, labels) and combined in memory.
"""

import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db.models import BooleanField, Exists, ExpressionWrapper, FloatField, OuterRef, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from backend.appraisal.choices import PeriodKind
from backend.appraisal.models import Indicator, Period, Score
from backend.appraisal.selectors import appraisal_rules_get
from backend.people.access import Access, employee_visibility
from backend.people.models import OrgUnit
from lms.choices import SEAT_STATUSES, EnrollmentStatus
from lms.models import Course, CourseIndicator, Enrollment
from lms.selectors.impact.estimator import MIN_COMPARISON, Cohort, ControlDraws, Estimate, did_estimate

__all__ = ["ImpactEstimate", "ImpactGroup", "can_see_impact", "course_indicator_uplifts", "impact_list"]


class ImpactGroup:
    COURSE = "course"
    OFFERING = "offering"
    INDICATOR = "indicator"
    OPD = "opd"
    # The OPD owning the offerings (whose budget paid for them): for cost-effectiveness, not offered
    # in the impact report's choices.
    OWNER = "owner"
    CHOICES = (
        (COURSE, _("Course")),
        (OFFERING, _("Offering")),
        (INDICATOR, _("Indicator")),
        (OPD, _("OPD")),
    )
    VALUES = (COURSE, OFFERING, INDICATOR, OPD, OWNER)


@dataclass(frozen=True)
class ImpactEstimate(Estimate):
    """An estimate of one row of the report: what it is about, then the estimator's figures."""

    group: str = ImpactGroup.COURSE
    # The pk of the course, offering, indicator or OPD.
    key: int = 0
    label: str = ""
    # Filled when the row concerns one course (always for course and offering rows).
    course_id: int | None = None
    course_title: str = ""


def can_see_impact(access: Access) -> bool:
    """Impact figures are aggregates, read by HR, administrators and coordinators (in their scope)."""
    return access.is_hr or access.is_admin or access.is_coordinator


@dataclass(frozen=True)
class _Unit:
    """One participant on one target indicator after one offering."""

    cohort: tuple
    course_id: int
    offering_id: int
    indicator_id: int
    employee_id: int
    opd_id: int
    change: float
    closed: bool
    # The OPD owning the offering (``ImpactGroup.OWNER``).
    owner_opd_id: int = 0


@dataclass
class _Data:
    units: list[_Unit] = field(default_factory=list)
    # Cohort key → (changes of the comparison group, their employee ids).
    controls: dict[tuple, tuple[np.ndarray, list[int]]] = field(default_factory=dict)
    offering_codes: dict[int, str] = field(default_factory=dict)


def _scored_periods() -> list[Period]:
    """The periods of the kind the regency scores in, oldest first."""
    scored = list(
        Period.objects.exclude(kind=PeriodKind.ANNUAL)
        .filter(Exists(Score.objects.filter(period=OuterRef("pk"))))
        .order_by("start_date")
    )
    if not scored:
        return []
    counts: dict[str, int] = defaultdict(int)
    for period in scored:
        counts[period.kind] += 1
    kind = max(counts, key=lambda k: (counts[k], k))
    return [p for p in scored if p.kind == kind]


def _opd(path: str) -> int:
    return int(path.strip("/").split("/")[0])


def _baseline_and_followups(periods: list[Period], start, end, followups: int) -> tuple[int | None, tuple[int, ...]]:
    baseline = None
    after: list[int] = []
    for period in periods:
        if period.end_date < start:
            baseline = period.pk
        elif period.start_date > end and len(after) < followups:
            after.append(period.pk)
    return baseline, tuple(after)


def _people_scope(access: Access, org_unit: OrgUnit | None, prefix: str) -> Q:
    scope = employee_visibility(access, prefix=prefix)
    if org_unit is not None:
        scope &= Q(**{f"{prefix}unit__path__startswith": org_unit.path})
    return scope


def _load(
    *,
    access: Access,
    year: int | None,
    org_unit: OrgUnit | None,
    indicator_id: int | None,
    course_id: int | None,
) -> _Data:
    data = _Data()
    periods = _scored_periods()
    if not periods:
        return data
    end_of = {p.pk: p.end_date for p in periods}
    targets = CourseIndicator.objects.filter(course__is_active=True)
    if course_id is not None:
        targets = targets.filter(course_id=course_id)
    if indicator_id is not None:
        targets = targets.filter(indicator_id=indicator_id)
    indicators_of: dict[int, list[int]] = defaultdict(list)
    for course, indicator in targets.values_list("course_id", "indicator_id"):
        indicators_of[course].append(indicator)
    if not indicators_of:
        return data

    followups = settings.LMS_IMPACT_FOLLOWUP_PERIODS
    visible_participants = _people_scope(access, org_unit, "employee__")
    seats = (
        Enrollment.objects.filter(status__in=SEAT_STATUSES, offering__course_id__in=list(indicators_of))
        .annotate(counted=ExpressionWrapper(visible_participants, output_field=BooleanField()))
        .values_list(
            "employee_id",
            "status",
            "counted",
            "offering_id",
            "offering__code",
            "offering__course_id",
            "offering__start_date",
            "offering__end_date",
            "employee__unit__path",
            "offering__owner_unit__path",
        )
    )
    # Who took each course and when: comparison employees who took it are left out.
    took: dict[int, dict[int, object]] = defaultdict(dict)
    treated = []
    cohorts_of_offering: dict[int, tuple[int | None, tuple[int, ...]]] = {}
    for row in seats:
        employee, status, counted, offering, code, course, start, end, path, owner_path = row
        first = took[course].get(employee)
        if first is None or start < first:
            took[course][employee] = start
        if status != EnrollmentStatus.COMPLETED or not counted:
            continue
        if year is not None and end.year != year:
            continue
        if offering not in cohorts_of_offering:
            cohorts_of_offering[offering] = _baseline_and_followups(periods, start, end, followups)
        baseline, after = cohorts_of_offering[offering]
        if baseline is None or not after:
            continue
        data.offering_codes[offering] = code
        treated.append(
            (employee, offering, course, baseline, after, _opd(path), _opd(owner_path)),
        )
    if not treated:
        return data

    threshold = appraisal_rules_get().weak_threshold
    weak_below = float(threshold)
    baselines = {t[3] for t in treated}
    after_ids = {p for t in treated for p in t[4]}
    wanted_indicators = {i for t in treated for i in indicators_of[t[2]]}
    score_scope = _people_scope(access, org_unit, "employee__")
    weak = Score.objects.filter(
        score_scope, period_id__in=baselines, indicator_id__in=wanted_indicators, achievement__lt=threshold
    )
    baseline_scores: dict[tuple[int, int], dict[int, float]] = defaultdict(dict)
    # Achievements come as floats: the estimator works in floats, and turning hundreds of
    # thousands of decimals into floats in Python is most of the read's cost.
    as_float = Cast("achievement", FloatField())
    for employee, indicator, period, achievement in weak.annotate(value=as_float).values_list(
        "employee_id", "indicator_id", "period_id", "value"
    ):
        baseline_scores[(indicator, period)][employee] = achievement
    later: dict[tuple[int, int], dict[int, float]] = defaultdict(dict)
    # Only the follow-ups of pairs (employee, indicator) weak in a baseline: a regency's other
    # scores are most of the table and never compared.
    weak_pair = weak.filter(employee_id=OuterRef("employee_id"), indicator_id=OuterRef("indicator_id"))
    for employee, indicator, period, achievement in (
        Score.objects.filter(
            score_scope, Exists(weak_pair), period_id__in=after_ids, indicator_id__in=wanted_indicators
        )
        .annotate(value=as_float)
        .values_list("employee_id", "indicator_id", "period_id", "value")
    ):
        later[(employee, indicator)][period] = achievement

    changes: dict[tuple, tuple[float, bool] | None] = {}

    def change(employee: int, indicator: int, baseline: int, after: tuple[int, ...]) -> tuple[float, bool] | None:
        # A peer is compared for every course answering the indicator: measured once.
        key = (employee, indicator, baseline, after)
        if key not in changes:
            changes[key] = _change(employee, indicator, baseline, after)
        return changes[key]

    def _change(employee: int, indicator: int, baseline: int, after: tuple[int, ...]) -> tuple[float, bool] | None:
        scores = later.get((employee, indicator))
        if not scores:
            return None
        values = [scores[p] for p in after if p in scores]
        if not values:
            return None
        mean = sum(values) / len(values)
        return mean - baseline_scores[(indicator, baseline)][employee], mean >= weak_below

    cap = settings.LMS_IMPACT_MAX_COMPARISON
    ordered: dict[tuple, list[tuple[int, float]]] = {}

    def peers_of(indicator: int, baseline: int, after: tuple[int, ...]) -> list[tuple[int, float]]:
        """Everyone weak on ``indicator`` in ``baseline`` and scored after, in a fixed random order.

        A comparison group takes them in this order up to ``cap`` (after leaving out those who
        took the course): a random sample of a large group, the same for every course, so that
        the work per cohort stays bounded however large the regency.
        """
        key = (indicator, baseline, after)
        if key not in ordered:
            found = []
            for peer in baseline_scores[(indicator, baseline)]:
                measured = change(peer, indicator, baseline, after)
                if measured is not None:
                    found.append((zlib.crc32(f"{peer}:{indicator}:{baseline}".encode()), peer, measured[0]))
            ordered[key] = [(peer, value) for _rank, peer, value in sorted(found)]
        return ordered[key]

    seen: set[tuple] = set()
    for employee, offering, course, baseline, after, opd, owner in treated:
        for indicator in indicators_of[course]:
            if employee not in baseline_scores.get((indicator, baseline), ()):
                continue
            cohort = (course, indicator, baseline, after)
            if (cohort, employee) in seen:
                continue
            measured = change(employee, indicator, baseline, after)
            if measured is None:
                continue
            seen.add((cohort, employee))
            data.units.append(
                _Unit(cohort, course, offering, indicator, employee, opd, measured[0], measured[1], owner)
            )
            if cohort not in data.controls:
                ended = end_of[after[-1]]
                comparison = []
                ids = []
                for peer, peer_change in peers_of(indicator, baseline, after):
                    started = took[course].get(peer)
                    if started is not None and started <= ended:
                        continue
                    comparison.append(peer_change)
                    ids.append(peer)
                    if len(ids) == cap:
                        break
                data.controls[cohort] = (np.array(comparison), ids)
    return data


def _estimate(data: _Data, units: Iterable[_Unit], *, samples: int, seed: int, draws: ControlDraws) -> Estimate:
    by_cohort: dict[tuple, list[_Unit]] = defaultdict(list)
    for unit in units:
        by_cohort[unit.cohort].append(unit)
    cohorts = []
    participants: set[int] = set()
    peers: set[int] = set()
    for key, members in by_cohort.items():
        control, ids = data.controls[key]
        cohorts.append(
            Cohort(
                key=key,
                treated=np.array([u.change for u in members]),
                control=control,
                closed=sum(u.closed for u in members),
            )
        )
        # The sizes behind the estimate: cohorts it can use (see ``estimator.MIN_COMPARISON``).
        if len(control) >= MIN_COMPARISON:
            participants.update(u.employee_id for u in members)
            peers.update(ids)
    return did_estimate(
        cohorts,
        min_n=settings.LMS_IMPACT_MIN_N,
        samples=samples,
        seed=seed,
        n_treated=len(participants),
        n_control=len(peers),
        control_draws=draws,
    )


def _seed_of(units: list[_Unit], seed: int) -> int:
    """A bootstrap seed given by the participants themselves: the same people give the same
    interval whether a report groups them by course, offering, indicator or OPD."""
    members = sorted((u.cohort, u.employee_id) for u in units)
    return seed + zlib.crc32(repr(members).encode())


def _labels(group: str, keys: set[int], data: _Data) -> dict[int, str]:
    if group == ImpactGroup.COURSE:
        return dict(Course.objects.filter(pk__in=keys).values_list("pk", "title"))
    if group == ImpactGroup.OFFERING:
        return {k: data.offering_codes[k] for k in keys}
    if group == ImpactGroup.INDICATOR:
        return dict(Indicator.objects.filter(pk__in=keys).values_list("pk", "name"))
    return dict(OrgUnit.objects.filter(pk__in=keys).values_list("pk", "name"))


def impact_list(
    *,
    access: Access,
    group_by: str = ImpactGroup.COURSE,
    year: int | None = None,
    org_unit: OrgUnit | None = None,
    indicator_id: int | None = None,
    course_id: int | None = None,
    samples: int | None = None,
    seed: int = 0,
) -> list[ImpactEstimate]:
    """The impact of training, one estimate per course (or offering, indicator, or participants' OPD).

    ``year`` keeps offerings that ended in that year; ``org_unit`` keeps participants and
    comparison employees of that subtree; both groups are limited to the employees ``access``
    sees. Only rows with at least one participant set against a comparison group. Sorted by
    estimate, largest first; estimates without enough data last.
    """
    if group_by not in ImpactGroup.VALUES:
        raise ValueError(group_by)
    samples = settings.LMS_IMPACT_BOOTSTRAP if samples is None else samples
    data = _load(access=access, year=year, org_unit=org_unit, indicator_id=indicator_id, course_id=course_id)
    attribute = {
        ImpactGroup.COURSE: "course_id",
        ImpactGroup.OFFERING: "offering_id",
        ImpactGroup.INDICATOR: "indicator_id",
        ImpactGroup.OPD: "opd_id",
        ImpactGroup.OWNER: "owner_opd_id",
    }[group_by]
    groups: dict[int, list[_Unit]] = defaultdict(list)
    courses: dict[int, set[int]] = defaultdict(set)
    for unit in data.units:
        key = getattr(unit, attribute)
        groups[key].append(unit)
        courses[key].add(unit.course_id)
    labels = _labels(group_by, set(groups), data)
    course_ids = {next(iter(c)) for c in courses.values() if len(c) == 1}
    titles = dict(Course.objects.filter(pk__in=course_ids).values_list("pk", "title")) if course_ids else {}
    draws = ControlDraws(samples, seed + 1)
    results = []
    for key in sorted(groups):
        estimate = _estimate(data, groups[key], samples=samples, seed=_seed_of(groups[key], seed), draws=draws)
        if not estimate.n_treated:
            # Participants were measured, but none has a comparison group to set them against.
            continue
        only = next(iter(courses[key])) if len(courses[key]) == 1 else None
        results.append(
            ImpactEstimate(
                group=group_by,
                key=key,
                label=labels.get(key, str(key)),
                course_id=only,
                course_title=titles.get(only, "") if only else "",
                **estimate.__dict__,
            )
        )
    results.sort(key=lambda e: (not e.enough_data, -(e.did or 0.0), e.label))
    return results


def course_indicator_uplifts(*, access: Access) -> dict[tuple[int, int], tuple[float, int]]:
    """Each course's measured change on each target indicator and on how many participants.

    The point estimate only (no interval), with no minimum n: suggestions shrink it toward a
    prior by its n themselves.
    """
    data = _load(access=access, year=None, org_unit=None, indicator_id=None, course_id=None)
    groups: dict[tuple[int, int], list[_Unit]] = defaultdict(list)
    for unit in data.units:
        groups[(unit.course_id, unit.indicator_id)].append(unit)
    result = {}
    for key, units in groups.items():
        estimate = did_estimate(
            [
                Cohort(key=c, treated=np.array([u.change for u in members]), control=data.controls[c][0])
                for c, members in _by_cohort(units).items()
            ],
            min_n=0,
            samples=0,
        )
        if estimate.did is not None:
            result[key] = (estimate.did, estimate.n_treated)
    return result


def _by_cohort(units: list[_Unit]) -> dict[tuple, list[_Unit]]:
    grouped: dict[tuple, list[_Unit]] = defaultdict(list)
    for unit in units:
        grouped[unit.cohort].append(unit)
    return grouped
