"""The demo catalog written to the database: venues, trainers and courses with their targets.

Each course also gets what the planner needs to know about it: its audience (the owner's
staff, or the posts it is mandatory for) and its demand (the employees lately below target
on an indicator it answers).
"""

from decimal import Decimal

from backend.people.demo.positions import POSITIONS
from backend.people.models import Position
from lms.demo import catalog
from lms.demo.courses import COURSES
from lms.demo.gap_targets import GAP_TARGETS
from lms.demo.offerings import CourseInfo, TrainerInfo, VenueInfo
from lms.demo.people import Regency
from lms.rules import JP_MINUTES
from lms.services import bulk

# A regency this much bigger than the default demo gets more rooms and more trainers of its own.
DEMO_EMPLOYEES = 1200


def create_venues(regency: Regency) -> list[VenueInfo]:
    specs = [s for s in catalog.VENUES if s.unit in regency.units]
    if len(regency.people) > 2 * DEMO_EMPLOYEES:
        kecamatan = sorted((code, name) for code, (_pk, name, kind) in regency.units.items() if kind == "kecamatan")
        specs += [
            catalog.VenueSpec(catalog.KECAMATAN_HALL.format(name=name.removeprefix("Kecamatan ")), 50, name, code)
            for code, name in kecamatan
        ]
    rows = [bulk.VenueRow(s.name, s.capacity, s.address, regency.units[s.unit][0]) for s in specs]
    venues = bulk.venue_bulk_create(actor=None, rows=rows)
    return [VenueInfo(v.pk, v.capacity, s.unit, s.lab) for v, s in zip(venues, specs, strict=True)]


def create_trainers(regency: Regency) -> list[TrainerInfo]:
    per_post = max(1, round(len(regency.people) / DEMO_EMPLOYEES))
    chosen = []
    for position, themes in catalog.EMPLOYEE_TRAINERS:
        for pk in regency.by_position.get(position, [])[:per_post]:
            chosen.append((pk, themes))
    rows = [bulk.TrainerRow(t.name, institution=t.institution, expertise=t.expertise) for t in catalog.TRAINERS]
    rows += [
        bulk.TrainerRow(
            employee_id=pk,
            institution="Pemerintah Kabupaten Bungo",
            expertise=", ".join(catalog.EXPERTISE.get(theme, theme) for theme in themes),
        )
        for pk, themes in chosen
    ]
    trainers = bulk.trainer_bulk_create(actor=None, rows=rows)
    themes = [t.themes for t in catalog.TRAINERS] + [themes for _pk, themes in chosen]
    employees = [None] * len(catalog.TRAINERS) + [pk for pk, _themes in chosen]
    return [TrainerInfo(t.pk, th, e) for t, th, e in zip(trainers, themes, employees, strict=True)]


def _audience(regency: Regency, spec) -> list[int]:
    if spec.mandatory_positions:
        posts = set(spec.mandatory_positions)
        return [p.pk for p in regency.people if p.position in posts and (spec.owner == "bkpsdm" or p.opd == spec.owner)]
    if spec.owner != "bkpsdm":
        return [p.pk for p in regency.people if p.opd == spec.owner]
    return [p.pk for p in regency.people]


def create_courses(regency: Regency) -> dict[str, CourseInfo]:
    positions = dict(Position.objects.values_list("name", "pk"))
    position_pk = {spec.key: positions.get(spec.name) for spec in POSITIONS}
    rows, infos = [], {}
    for spec in sorted(COURSES, key=lambda c: c.code):
        targets = {
            pk: Decimal(str(weight))
            for key, weight in spec.targets.items()
            for pk in regency.indicators_of.get(key, ())
        }
        rows.append(
            bulk.CourseRow(
                code=spec.code,
                title=spec.title,
                type=spec.type,
                competency_type=next(t for c, _n, t in catalog.COMPETENCIES if c == spec.competencies[0]),
                duration_minutes=spec.jp * JP_MINUTES,
                provider=spec.provider,
                description=spec.description,
                competencies=spec.competencies,
                prerequisites=spec.prerequisites,
                mandatory_position_ids=tuple(position_pk[k] for k in spec.mandatory_positions if position_pk.get(k)),
                mandatory_unit_ids=tuple(regency.units[c][0] for c in spec.mandatory_units if c in regency.units),
                targets=tuple(targets.items()),
                gap_targets=GAP_TARGETS.get(spec.code, ()),
            )
        )
        audience = _audience(regency, spec)
        allowed = set(audience)
        # Demand follows the gaps: employees below target on an indicator the course answers, lately.
        gapped = {e for quarter in regency.below[-4:] for pk in targets for e in quarter.get(pk, ()) if e in allowed}
        demand = len(gapped) + 0.03 * len(audience)
        if spec.mandatory_positions:
            demand = 0.35 * len(audience)
        infos[spec.code] = CourseInfo(spec, 0, spec.jp * JP_MINUTES, targets, audience, demand)
    for code, course in bulk.course_bulk_create(actor=None, rows=rows).items():
        infos[code].pk = course.pk
    return infos
