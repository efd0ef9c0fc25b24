"""Writing the demo appraisal for the demo regency's employees, and wiping it again.

The plan is drawn from one ``random.Random`` in a fixed order (OPDs and units by code,
employees by NIP, quarters in time) and written through the bulk services, so a seed
gives the same scores and ratings whatever the database ids. Survey link codes are the
one exception: the service makes them unguessable.
"""

import random
import time
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from backend.appraisal.choices import PeriodKind, PeriodStatus, Predikat
from backend.appraisal.demo import ikm, ratings
from backend.appraisal.demo import scores as plan
from backend.appraisal.demo.library import IKI, SERVICE_OPDS
from backend.appraisal.demo.scores import ScoreSpec, Staff
from backend.appraisal.models import (
    BehaviourRating,
    Evaluation,
    FollowUp,
    IkmResponse,
    IkmSurvey,
    Indicator,
    OrgPerformance,
    Period,
    Score,
)
from backend.appraisal.services import bulk
from backend.audit.models import AuditEntry
from backend.people.choices import OrgUnitKind
from backend.people.demo.bungo import ANCHOR_PUSKESMAS
from backend.people.demo.positions import POSITIONS
from backend.people.models import Employee, OrgUnit

LAST_YEAR = 2025
DEFAULT_YEARS = 3
# The demo's story: the demo "pegawai" and a few of her colleagues end 2025 weak on these.
STORY_UNIT = ANCHOR_PUSKESMAS
STORY_INDICATORS = ("rekam-medis", "waktu-tunggu")
STORY_COLLEAGUES = 3
WEAK_BELOW = Decimal(80)
MODELS = (FollowUp, BehaviourRating, Evaluation, Score, IkmResponse, IkmSurvey, OrgPerformance, Indicator, Period)


@dataclass(frozen=True)
class AppraisalSeedResult:
    periods: int
    indicators: int
    scores: int
    evaluations: int
    surveys: int
    responses: int
    follow_ups: int
    seconds: float


def appraisal_data_exists() -> bool:
    return Period.objects.exists() or Indicator.objects.exists()


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


@dataclass
class _People:
    staff: list[Staff]
    ids: dict[str, int]
    supervisor: dict[str, int | None]
    units: dict[str, int]
    # OPD code → kind, sorted by code.
    opds: dict[str, str]
    puskesmas: list[str]
    logins: dict[str, str]


def _read_people() -> _People:
    units = {row["pk"]: row for row in OrgUnit.objects.values("pk", "code", "kind", "path")}
    opd_of = {pk: units[int(row["path"].strip("/").split("/")[0])] for pk, row in units.items()}
    key_by_name = {spec.name: spec.key for spec in POSITIONS}
    rows = list(
        Employee.objects.filter(is_active=True)
        .values("pk", "nip", "unit_id", "position__name", "position__kind", "supervisor_id", "user__username")
        .order_by("nip")
    )
    unit_of = {row["pk"]: row["unit_id"] for row in rows}
    staff = []
    for row in rows:
        unit, opd = units[row["unit_id"]], opd_of[row["unit_id"]]
        boss_unit = unit_of.get(row["supervisor_id"])
        staff.append(
            Staff(
                nip=row["nip"],
                position=key_by_name.get(row["position__name"], ""),
                position_kind=row["position__kind"],
                unit=unit["code"],
                unit_kind=unit["kind"],
                opd=opd["code"],
                opd_kind=opd["kind"],
                # The OPD's head sits in the OPD itself and reports outside it (to the Sekda), or to nobody.
                is_opd_head=unit["pk"] == opd["pk"] and (boss_unit is None or opd_of[boss_unit]["pk"] != opd["pk"]),
            )
        )
    return _People(
        staff=staff,
        ids={row["nip"]: row["pk"] for row in rows},
        supervisor={row["nip"]: row["supervisor_id"] for row in rows},
        units={row["code"]: pk for pk, row in units.items()},
        opds=dict(sorted((row["code"], row["kind"]) for row in units.values() if row["pk"] == opd_of[row["pk"]]["pk"])),
        puskesmas=sorted(row["code"] for row in units.values() if row["kind"] == OrgUnitKind.PUSKESMAS),
        logins={row["user__username"]: row["nip"] for row in rows if row["user__username"]},
    )


def _story_nips(people: _People, assignments: list[plan.Assignment]) -> set[str]:
    """The demo "pegawai" and the first colleagues under the same head who carry the story's indicators."""
    pegawai = people.logins.get("pegawai")
    if pegawai is None:
        return set()
    head = people.supervisor[pegawai]
    nips = {pegawai}
    for assignment in assignments:
        person = assignment.staff
        keys = {code.removeprefix(f"{person.opd}-") for code in assignment.codes}
        if (
            len(nips) <= STORY_COLLEAGUES
            and person.unit == STORY_UNIT
            and people.supervisor[person.nip] == head
            and set(STORY_INDICATORS) <= keys
        ):
            nips.add(person.nip)
    return nips


def _create_periods(years: list[int]) -> dict[tuple[str, int, int], Period]:
    rows = []
    for year in years:
        status = PeriodStatus.CLOSED if year < LAST_YEAR else PeriodStatus.OPEN
        rows += [bulk.PeriodRow(year, PeriodKind.QUARTERLY, q, status) for q in range(1, 5)]
        rows.append(bulk.PeriodRow(year, PeriodKind.ANNUAL, 1, status))
    return {(p.kind, p.year, p.number): p for p in bulk.period_bulk_create(actor=None, rows=rows)}


def _create_surveys(rng, people: _People, years, periods) -> dict[tuple[str, int, int], ikm.SurveyPlan]:
    """Every service unit's quarterly IKM survey with its answers."""
    units = people.puskesmas + [c for c, k in people.opds.items() if k == OrgUnitKind.KECAMATAN or c in SERVICE_OPDS]
    levels = ikm.draw_unit_levels(rng, sorted(units))
    surveys = {}
    for year in years:
        for quarter in range(1, 5):
            period = periods[(PeriodKind.QUARTERLY, year, quarter)]
            for unit in sorted(units):
                surveys[(unit, year, quarter)] = ikm.draw_survey(
                    rng,
                    unit,
                    levels[unit],
                    year=year,
                    quarter=quarter,
                    index=plan.quarter_index(year, quarter),
                    span=(period.start_date, period.end_date),
                )
    last = (LAST_YEAR, 4)
    rows = [
        bulk.IkmSurveyRow(
            org_unit_id=people.units[unit],
            period_id=periods[(PeriodKind.QUARTERLY, year, quarter)].pk,
            is_open=(year, quarter) == last,
        )
        for unit, year, quarter in surveys
    ]
    created = bulk.ikm_survey_bulk_create(actor=None, rows=rows)
    responses = [
        bulk.IkmResponseRow(survey.pk, answers, submitted_on)
        for survey, survey_plan in zip(created, surveys.values(), strict=True)
        for answers, submitted_on in survey_plan.responses
    ]
    bulk.ikm_response_bulk_create(actor=None, rows=responses)
    return surveys


@transaction.atomic
def seed_appraisal(*, seed: int, years: int = DEFAULT_YEARS, stdout=None) -> AppraisalSeedResult:
    """Three years (or ``years``) of quarterly scores, annual evaluations, IKM surveys, OPD ratings
    and follow-ups for the employees in the database (the demo regency's)."""
    started = time.perf_counter()
    rng = random.Random(f"appraisal:{seed}")  # noqa: S311 - demo data, not secrets
    year_list = list(range(LAST_YEAR - years + 1, LAST_YEAR + 1))
    people = _read_people()
    periods = _create_periods(year_list)
    _say(stdout, _("Created %(count)d appraisal periods.") % {"count": len(periods)})

    effects = plan.draw_effects(rng, opds=list(people.opds), units=sorted(people.units))
    assignments = plan.assign(rng, people.staff, year_list)
    plan.add_random_weaknesses(rng, effects, assignments)
    # Drawn apart, so that the rest of the demo draws as it did before these were added.
    plan.add_weak_carriers(random.Random(f"appraisal-carriers:{seed}"), effects, assignments)  # noqa: S311
    specs = plan.library(people.staff, {a.staff.nip: a.codes for a in assignments}, list(people.opds.items()))
    indicators = bulk.indicator_bulk_create(
        actor=None,
        rows=[
            bulk.IndicatorRow(
                code=spec.code,
                name=spec.template.name,
                level=spec.level,
                org_unit_id=people.units[spec.opd],
                category=spec.template.category,
                aspect=spec.template.aspect,
                unit_of_measure=spec.template.unit,
                direction=spec.template.direction,
                parent_code=spec.parent_code,
            )
            for spec in specs
        ],
    )
    _say(stdout, _("Created %(count)d indicators (IKU and IKI).") % {"count": len(indicators)})

    surveys = _create_surveys(rng, people, year_list, periods)
    responses = sum(len(s.responses) for s in surveys.values())
    _say(
        stdout,
        _("Created %(surveys)d IKM surveys with %(responses)d answers.")
        % {"surveys": len(surveys), "responses": responses},
    )

    story = _story_nips(people, assignments)
    totals: dict[tuple[str, int], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    opd_of = {person.nip: person.opd for person in people.staff}
    score_count = 0
    for year in year_list:
        for quarter in range(1, 5):
            sourced = {("ikm", unit): s.value for (unit, y, q), s in surveys.items() if (y, q) == (year, quarter)}
            sourced[("puskesmas_ikm", "dinkes")] = ikm.share_graded_b(
                [surveys[(unit, year, quarter)] for unit in people.puskesmas]
            )
            quarter_scores = plan.draw_scores(rng, assignments, effects, year=year, quarter=quarter, sourced=sourced)
            if (year, quarter) == (LAST_YEAR, 4):
                quarter_scores = _tell_story(rng, quarter_scores, story)
            for score in quarter_scores:
                total = totals[(opd_of[score.nip], year)]
                total[0] += score.achievement
                total[1] += 1
            score_count += _write_scores(
                quarter_scores, people, indicators, periods[(PeriodKind.QUARTERLY, year, quarter)]
            )
    _say(stdout, _("Created %(count)d quarterly scores.") % {"count": score_count})

    evaluations = _evaluate(rng, people, assignments, year_list, periods, story)
    _say(stdout, _("Created %(count)d annual evaluations.") % {"count": len(evaluations)})
    _rate_opds(people, year_list, totals, evaluations)
    follow_ups = _follow_up(rng, people, evaluations, year_list)
    _say(stdout, _("Created %(count)d follow-ups.") % {"count": follow_ups})
    return AppraisalSeedResult(
        periods=len(periods),
        indicators=len(indicators),
        scores=score_count,
        evaluations=len(evaluations),
        surveys=len(surveys),
        responses=responses,
        follow_ups=follow_ups,
        seconds=time.perf_counter() - started,
    )


def _tell_story(rng, scores: list[ScoreSpec], story: set[str]) -> list[ScoreSpec]:
    """The latest quarter of the story's employees: weak on the story's indicators, whatever the draw."""
    told = []
    for score in scores:
        key = next((k for k in STORY_INDICATORS if score.code.endswith(f"-{k}")), None)
        if score.nip in story and key is not None:
            score = plan.weaken(rng, score, IKI[key], below=WEAK_BELOW)
        told.append(score)
    return told


def _write_scores(quarter_scores: list[ScoreSpec], people: _People, indicators, period: Period) -> int:
    rows = [
        bulk.ScoreRow(
            employee_id=people.ids[s.nip],
            indicator_id=indicators[s.code].pk,
            period_id=period.pk,
            target=s.target,
            realisasi=s.realisasi,
        )
        for s in quarter_scores
    ]
    return bulk.score_bulk_create(actor=None, rows=rows)


def _evaluate(rng, people: _People, assignments, years, periods, story: set[str]) -> list[Evaluation]:
    conduct = {a.staff.nip: ratings.draw_conduct(rng, a.effect / plan.SD_EMPLOYEE) for a in assignments}
    rows = [
        bulk.EvaluationRow(
            employee_id=people.ids[nip],
            period_id=periods[(PeriodKind.ANNUAL, year, 1)].pk,
            # The story's employees are weak in results, not in conduct.
            behaviour=ratings.draw_behaviour(rng, level, allow_below=nip not in story),
        )
        for year in years
        for nip, level in conduct.items()
    ]
    return bulk.evaluation_bulk_create(actor=None, rows=rows)


def _rate_opds(people: _People, years, totals, evaluations: list[Evaluation]) -> None:
    opd_of = {people.ids[person.nip]: person.opd for person in people.staff}
    staff_count, baik = defaultdict(int), defaultdict(int)
    for person in people.staff:
        staff_count[person.opd] += 1
    for evaluation in evaluations:
        if evaluation.predikat == Predikat.BAIK:
            baik[(opd_of[evaluation.employee_id], evaluation.period.year)] += 1
    rows = []
    for year in years:
        means = {
            opd: (total / max(count, 1), staff_count[opd]) for opd, (total, count) in _by_opd(totals, year).items()
        }
        shares = {opd: Decimal(baik[(opd, year)]) / max(staff_count[opd], 1) for opd in people.opds}
        rated = ratings.org_ratings({opd: means.get(opd, (Decimal(0), 0)) for opd in people.opds}, shares)
        rows += [bulk.OrgPerformanceRow(people.units[opd], year, rating) for opd, rating in rated.items()]
    bulk.org_performance_bulk_create(actor=None, rows=rows)


def _by_opd(totals, year) -> dict[str, tuple[Decimal, Decimal]]:
    return {opd: (total, count) for (opd, y), (total, count) in totals.items() if y == year}


def _follow_up(rng, people: _People, evaluations: list[Evaluation], years) -> int:
    nip_of = {pk: nip for nip, pk in people.ids.items()}
    trainer = people.ids.get(people.logins.get("koordinator", ""))
    pegawai = people.logins.get("pegawai")
    rows = []
    for year, count in ((years[-1], ratings.FOLLOW_UPS_LAST_YEAR), (years[-1] - 1, ratings.FOLLOW_UPS_YEAR_BEFORE)):
        weak = sorted(
            (nip_of[e.employee_id], e)
            for e in evaluations
            if e.period.year == year and e.predikat == Predikat.BUTUH_PERBAIKAN and e.appraiser_id is not None
        )
        chosen = rng.sample(weak, min(count, len(weak)))
        # The demo "pegawai" sees what is planned for her.
        mine = [pair for pair in weak if pair[0] == pegawai and year == LAST_YEAR]
        chosen = sorted({pair[0]: pair for pair in chosen + mine}.values(), key=lambda pair: pair[0])
        for (_nip, evaluation), follow_up in zip(
            chosen, ratings.draw_follow_ups(rng, len(chosen), year=year, last_year=LAST_YEAR), strict=True
        ):
            owner = trainer if follow_up.kind == "training" and trainer else evaluation.appraiser_id
            rows.append(
                bulk.FollowUpRow(
                    employee_id=evaluation.employee_id,
                    kind=follow_up.kind,
                    owner_id=owner,
                    due_date=follow_up.due_date,
                    status=follow_up.status,
                    notes=follow_up.notes,
                    evaluation_id=evaluation.pk,
                )
            )
    return len(bulk.follow_up_bulk_create(actor=None, rows=rows)) if rows else 0


@transaction.atomic
def demo_reset() -> None:
    """Delete all appraisal data and its history, keeping the rules and the predikat bounds.

    For throwaway databases only: the people demo's ``demo_reset`` calls it first, since
    scores, evaluations and surveys protect the employees and units they name.
    """
    content_types = ContentType.objects.get_for_models(*MODELS)
    AuditEntry.objects.filter(content_type__in=list(content_types.values())).delete()
    for model in MODELS:
        if model is Indicator:
            # IKU are protected by the IKI cascaded from them.
            Indicator.objects.filter(parent__isnull=False).delete()
        model.objects.all().delete()
