"""The demo regency's training budgets: every OPD's budget for every year with offerings, the cost
lines of every offering, the commitments made when they were published, and one cut.

Prices follow the regency's standard costs (Standar Biaya Masukan) in spirit: a widyaiswara's
honorarium per JP (less for the regency's own staff), a day's hire of a hall that is not the
organiser's own, meals per participant and day, a kit per participant, a fee per participant
or a lump sum to an external provider. A finished offering's actual amounts follow who took a
seat; running and upcoming ones have none recorded yet.

Budgets: an OPD running training gets what its plan costs with some room (its offerings use
82–95 % of it); the others a small amount for staff sent elsewhere. Then one **cut**: the OPD
with the most published offerings not yet started loses, in the year they start, enough that
only about half of their commitments stay funded: an APBD-P when the seed runs after it is
adopted (dated 30 September), a refocusing earlier in the year, and for next year's budget the
governor's evaluation of the draft APBD. Those offerings were
published before it, so the training-needs plan of that OPD and year shows which are no longer
funded and which to keep.

Deterministic: one ``random.Random`` seeded by the demo's seed, offerings taken by code.
"""

import datetime
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.people.choices import Role
from backend.people.models import OrgUnit, RoleAssignment
from lms.choices import SEAT_STATUSES, OfferingStatus
from lms.models import Budget, CostKind, Offering, RevisionKind
from lms.rules import JP_MINUTES
from lms.selectors.budget import budget_usage_get
from lms.services.budget import budget_revise
from lms.services.budget_bulk import (
    BudgetRow,
    CommitmentRow,
    CostRow,
    budget_bulk_create,
    budget_commitment_bulk_create,
    offering_cost_bulk_create,
)

JUTA = 1_000_000
LIVE = (OfferingStatus.PUBLISHED, OfferingStatus.RUNNING, OfferingStatus.FINISHED)
# Share of the not-yet-started commitments the cut leaves funded.
KEPT_SHARE = 0.5


@dataclass(frozen=True)
class BudgetSeedResult:
    budgets: int
    cost_lines: int
    commitments: int
    # The cut: OPD code, fiscal year, old and new amount, the offerings it leaves unfunded.
    cut: tuple | None
    seconds: float


def _round_up(amount: float, step: int) -> int:
    return int(-(-amount // step) * step)


def _step(rng: random.Random, low: int, high: int, step: int) -> int:
    return rng.randrange(low, high + step, step)


def _in_house(provider: str) -> bool:
    return "Bungo" in provider


def _lines(rng: random.Random, offering, info: dict) -> list[CostRow]:
    """The planned lines of one offering (and their actual amounts when it is finished)."""
    course = offering.course
    jp = max(1, round(course.duration_minutes / JP_MINUTES))
    days = max(1, info["days"])
    seats = info["seats"]
    finished = offering.status == OfferingStatus.FINISHED
    classroom = offering.venue_id is not None
    rows = []

    def line(kind, quantity, price, unit, description, actual_quantity=None, drift=(1.0, 1.0)):
        actual = None
        if finished:
            base = (quantity if actual_quantity is None else actual_quantity) * price
            actual = round(base * rng.uniform(*drift) / 1000) * 1000
        rows.append(CostRow(offering.pk, kind, quantity, price, unit, description, actual))

    if info["trainer_external"] is not None:
        price = (
            _step(rng, 200_000, 300_000, 50_000)
            if not info["trainer_external"]
            else _step(rng, 450_000, 900_000, 50_000)
        )
        line(CostKind.TRAINER_HONORARIUM, jp, price, "JP", "Honorarium narasumber/widyaiswara")
    if classroom and info["venue_unit"] != offering.owner_unit_id:
        line(
            CostKind.VENUE,
            days,
            _step(rng, 1_500_000, 4_000_000, 250_000),
            "hari",
            "Sewa aula",
            drift=(0.95, 1.05),
        )
    external = not _in_house(course.provider)
    if classroom:
        line(
            CostKind.CONSUMPTION,
            offering.capacity * days,
            _step(rng, 85_000, 110_000, 5_000),
            "orang-hari",
            "Konsumsi peserta (makan dan rehat)",
            actual_quantity=seats * days,
        )
    line(
        CostKind.MATERIALS,
        offering.capacity,
        _step(rng, 40_000, 120_000, 10_000),
        "paket",
        "ATK dan bahan ajar peserta",
        actual_quantity=seats,
    )
    if external and classroom:
        line(
            CostKind.PROVIDER_FEE,
            1,
            _step(rng, 7_500_000, 30_000_000, 2_500_000),
            "paket",
            f"Biaya penyelenggaraan {course.provider[:150]}",
            drift=(0.97, 1.0),
        )
    elif external:
        line(
            CostKind.PARTICIPANT_FEE,
            offering.capacity,
            _step(rng, 150_000, 750_000, 50_000),
            "orang",
            f"Biaya pendaftaran {course.provider[:150]}",
            actual_quantity=seats,
        )
    return rows


def _offering_info(offerings) -> dict[int, dict]:
    ids = [o.pk for o in offerings]
    info = {
        o.pk: {"days": 0, "seats": 0, "trainer_external": None, "venue_unit": o.venue.org_unit_id if o.venue else None}
        for o in offerings
    }
    sessions = (
        Offering.objects.filter(pk__in=ids)
        .annotate(
            days=Count("sessions__date", distinct=True),
            internal=Count("sessions", filter=Q(sessions__trainer__employee__isnull=False)),
            external=Count(
                "sessions", filter=Q(sessions__trainer__isnull=False, sessions__trainer__employee__isnull=True)
            ),
        )
        .values_list("pk", "days", "internal", "external")
    )
    for pk, days, internal, external in sessions:
        info[pk]["days"] = days
        if internal or external:
            info[pk]["trainer_external"] = external >= internal
    seats = (
        Offering.objects.filter(pk__in=ids)
        .annotate(n=Count("enrollments", filter=Q(enrollments__status__in=SEAT_STATUSES)))
        .values_list("pk", "n")
    )
    for pk, n in seats:
        info[pk]["seats"] = n
    return info


def _moment(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _cut_plan(offerings, today: datetime.date):
    """(OPD id, year) of the cut: the OPD with the most published offerings not yet started, in their year."""
    waiting = Counter(
        (o.owner_unit.opd_id, o.start_date.year) for o in offerings if o.status == OfferingStatus.PUBLISHED
    )
    if not waiting:
        return None
    # Most offerings first; then the earliest year (this year's cut rather than next year's).
    return max(waiting, key=lambda key: (waiting[key], -key[1], -key[0]))


def _cut_date(year: int, today: datetime.date) -> tuple[datetime.date, str]:
    """When the cut of ``year``'s budget was decided, and what kind of revision it was."""
    if year > today.year:
        # Next year's budget, cut before it starts (the governor's evaluation of the draft APBD).
        return today - datetime.timedelta(days=3), RevisionKind.OTHER
    amendment = datetime.date(year, 9, 30)
    if today > amendment:
        return amendment, RevisionKind.APBD_P
    # Before the amendment is adopted, only a refocusing cuts a budget within the year.
    return max(datetime.date(year, 1, 2), today - datetime.timedelta(days=3)), RevisionKind.REFOCUSING


def seed_budgets(*, seed: int, now: datetime.datetime | None = None, stdout=None) -> BudgetSeedResult:
    """Budgets, costs and commitments for the demo offerings already in the database (see the module)."""
    started = time.perf_counter()
    now = timezone.localtime(now or timezone.now())
    today = now.date()
    rng = random.Random(f"budget:{seed}")  # noqa: S311 - demo data, not secrets
    offerings = list(Offering.objects.select_related("course", "venue", "owner_unit").order_by("code"))
    if not offerings:
        return BudgetSeedResult(0, 0, 0, None, time.perf_counter() - started)
    info = _offering_info(offerings)
    cost_rows = [row for o in offerings for row in _lines(rng, o, info[o.pk])]
    cost_lines = offering_cost_bulk_create(actor=None, rows=cost_rows)

    planned: dict[int, int] = defaultdict(int)
    for row in cost_rows:
        planned[row.offering_id] += row.quantity * row.unit_price
    needed: dict[tuple[int, int], int] = defaultdict(int)
    for o in offerings:
        # A cancelled offering was planned (and committed) too, until it was called off.
        needed[(o.owner_unit.opd_id, o.start_date.year)] += planned[o.pk]
    cut_key = _cut_plan(offerings, today)
    years = sorted({o.start_date.year for o in offerings})
    # A year not over yet is budgeted for a whole year of training, like the years before it.
    typical: dict[int, int] = defaultdict(int)
    for (opd_id, year), need in needed.items():
        if year < today.year:
            typical[opd_id] = max(typical[opd_id], need)
    opds = list(OrgUnit.objects.filter(parent__isnull=True).order_by("code").values_list("pk", "code"))
    budget_rows = []
    for opd_id, _code in opds:
        for year in years:
            need = needed.get((opd_id, year), 0)
            if year >= today.year:
                need = max(need, round(typical[opd_id] * rng.uniform(0.95, 1.1)))
            # The OPD about to be cut had planned to use most of its budget.
            share = 0.92 if (opd_id, year) == cut_key else rng.uniform(0.82, 0.95)
            amount = _round_up(need / share, 5 * JUTA) if need else _step(rng, 10 * JUTA, 60 * JUTA, 5 * JUTA)
            budget_rows.append(
                BudgetRow(
                    opd_id,
                    year,
                    amount,
                    datetime.date(year - 1, 11, 28),
                    f"APBD {year} sebagaimana ditetapkan",
                )
            )
    # HR sets the budgets: their initial revisions name the demo's HR login, as a cut's does.
    budgets = budget_bulk_create(actor=_demo_hr(), rows=budget_rows)

    coordinators = dict(
        RoleAssignment.objects.filter(role=Role.COORDINATOR, org_unit__isnull=False)
        .order_by("org_unit__path", "user__username")
        .values_list("org_unit_id", "user_id")
    )
    central = (
        RoleAssignment.objects.filter(role=Role.COORDINATOR, org_unit__is_competency_agency=True)
        .order_by("user__username")
        .values_list("user_id", flat=True)
        .first()
    )
    cut_day, cut_kind = _cut_date(cut_key[1], today) if cut_key else (None, None)
    commitment_rows = []
    for o in sorted(offerings, key=lambda o: (o.enroll_opens, o.code)):
        if o.status == OfferingStatus.DRAFT or not planned[o.pk]:
            continue
        day = max(
            o.enroll_opens - datetime.timedelta(days=rng.randint(3, 14)), datetime.date(o.start_date.year - 1, 11, 29)
        )
        waiting = o.status == OfferingStatus.PUBLISHED and (o.owner_unit.opd_id, o.start_date.year) == cut_key
        if waiting:
            # Published before the cut that then left them short.
            day = max(
                min(day, cut_day - datetime.timedelta(days=rng.randint(5, 20))),
                datetime.date(o.start_date.year - 1, 11, 29),
            )
        released = (
            _moment(o.enroll_closes + datetime.timedelta(days=1), 14) if o.status == OfferingStatus.CANCELLED else None
        )
        commitment_rows.append(
            CommitmentRow(o.pk, min(_moment(day), now), coordinators.get(o.owner_unit_id) or central, released)
        )
    commitments = budget_commitment_bulk_create(actor=None, rows=commitment_rows)

    cut = None
    if cut_key is not None:
        cut = _cut(cut_key, cut_day, cut_kind)
    if stdout is not None:
        stdout.write(
            _("Budgets for %(opds)d OPDs over %(years)d years, %(lines)d cost lines, %(commitments)d commitments.")
            % {"opds": len(opds), "years": len(years), "lines": cost_lines, "commitments": len(commitments)}
        )
    return BudgetSeedResult(len(budgets), cost_lines, len(commitments), cut, time.perf_counter() - started)


def _demo_hr():
    """The demo's HR analyst who records budget decisions (the ``hr`` login, else the first one), or None."""
    hr_ids = (
        RoleAssignment.objects.filter(role=Role.HR_ANALYST)
        .order_by("user__username")
        .values_list("user_id", "user__username")
    )
    ids = {name: pk for pk, name in hr_ids}
    hr_id = ids.get("hr") or next(iter(ids.values()), None)
    return get_user_model().objects.filter(pk=hr_id).first() if hr_id else None


def _cut(key, day: datetime.date, kind: str) -> tuple:
    opd_id, year = key
    budget = Budget.objects.select_related("org_unit").get(org_unit_id=opd_id, fiscal_year=year)
    usage = budget_usage_get(budget=budget)
    waiting = [m for m in usage.offerings if m.status == OfferingStatus.PUBLISHED]
    sunk = sum(m.used for m in usage.offerings if m.status != OfferingStatus.PUBLISHED)
    new_amount = (sunk + int(sum(m.used for m in waiting) * KEPT_SHARE)) // JUTA * JUTA
    hr = _demo_hr()
    note = {
        RevisionKind.APBD_P: f"APBD-P {year}: anggaran pelatihan dialihkan untuk perbaikan jalan pascabanjir.",
        RevisionKind.REFOCUSING: f"Refocusing {year}: anggaran dialihkan untuk penanganan bencana.",
        RevisionKind.OTHER: f"Hasil evaluasi Gubernur atas Raperda APBD {year}: anggaran pelatihan dikurangi.",
    }[kind]
    old = budget.amount
    budget_revise(actor=hr, budget=budget, new_amount=new_amount, kind=kind, decided_on=day, note=note)
    return (budget.org_unit.code, year, old, new_amount, [m.code for m in waiting])
