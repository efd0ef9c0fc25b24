"""Writing the demo training data for the demo regency, and wiping it again.

The whole plan (catalog, calendar, requests, attendance, tests, claims) is drawn first from
one ``random.Random`` in a fixed order (courses by code, offerings by start, employees by
NIP), then written through the lms bulk services, which validate it and derive attendance
percentages, completions and JP credits by the rules. The same seed and the same ``now``
give the same data whatever the database ids.
"""

import datetime
import random
import time
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.audit.models import AuditEntry
from lms.cache import catalog_touch
from lms.choices import ActivityStatus, EnrollmentStatus, SuggestionTrigger
from lms.demo import catalog
from lms.demo.activities import plan_activities
from lms.demo.budget import seed_budgets
from lms.demo.calendar import Book
from lms.demo.effects import IMPACT_SCHEDULE, SCHEDULED_UNTIL, plan_impact, plant_effects
from lms.demo.offerings import FIRST_YEAR, PAST, Scheduler, plan_current, plan_past
from lms.demo.participants import simulate
from lms.demo.people import Regency, read_regency
from lms.demo.reactions import seed_reactions
from lms.demo.records import attendance_rows, enrollment_rows, notification_rows, write_offerings
from lms.demo.reference import create_courses, create_trainers, create_venues
from lms.demo.story import cast_of, plan_story, story_activities
from lms.demo.world import World
from lms.models import (
    Attendance,
    Budget,
    BudgetCommitment,
    BudgetRevision,
    Competency,
    Course,
    CourseGapTarget,
    CourseIndicator,
    Enrollment,
    EnrollmentTransition,
    ExternalActivity,
    JpLedgerEntry,
    Notification,
    Offering,
    OfferingCost,
    ReactionAnswer,
    ReactionReceipt,
    ReactionResponse,
    Session,
    Suggestion,
    SuggestionRun,
    Trainer,
    Venue,
)
from lms.rules import JP_MINUTES
from lms.services import bulk
from lms.services.suggestions import suggestions_compute

# Deleted in this order: each protects the ones after it.
MODELS = (
    BudgetCommitment,
    OfferingCost,
    BudgetRevision,
    Budget,
    SuggestionRun,
    Suggestion,
    ReactionAnswer,
    ReactionResponse,
    ReactionReceipt,
    Notification,
    JpLedgerEntry,
    ExternalActivity,
    Attendance,
    EnrollmentTransition,
    Enrollment,
    Session,
    Offering,
    CourseIndicator,
    CourseGapTarget,
    Course,
    Trainer,
    Venue,
    Competency,
)


@dataclass(frozen=True)
class LmsSeedResult:
    courses: int
    offerings: int
    sessions: int
    enrollments: int
    attendance: int
    completed: int
    ledger_entries: int
    activities: int
    notifications: int
    reactions: int
    suggestions: int
    seconds: float


def lms_data_exists() -> bool:
    return Course.objects.exists() or Offering.objects.exists()


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _plan(regency: Regency, rng: random.Random, now: datetime.datetime, venues, trainers, courses, stdout):
    today = now.date()
    opd_factor = {opd: round(min(1.6, max(0.7, rng.lognormvariate(0, 0.3))), 3) for opd in sorted(regency.staff_of_opd)}
    cast = cast_of(regency)
    book = Book()
    scheduler = Scheduler(rng=rng, book=book, venues=venues, trainers=trainers, today=today)
    ordered = [courses[code] for code in sorted(courses)]
    offerings = plan_story(scheduler, courses, cast, today)
    offerings += plan_impact(scheduler, courses, today)
    offerings += plan_current(scheduler, ordered, employees=len(regency.people), today=today)
    offerings += plan_past(
        scheduler,
        ordered,
        employees=len(regency.people),
        today=today,
        scheduled=frozenset(IMPACT_SCHEDULE),
        scheduled_until=SCHEDULED_UNTIL,
    )
    offerings.sort(key=lambda o: (o.start, o.code))
    world = World(regency=regency, rng=rng, book=book, now=now, opd_factor=opd_factor, reserved=cast.members)
    activities = story_activities(cast, regency, now) + plan_activities(
        regency, rng=rng, now=now, first_year=FIRST_YEAR, opd_factor=opd_factor, reserved=cast.members
    )
    for activity in activities:
        if activity.status == ActivityStatus.VERIFIED:
            # Priced again by the service; here only to order the waitlists by the JP still missing.
            world.credit(activity.employee_id, activity.end.year, activity.reviewed_at.date(), 4 * JP_MINUTES)
    enrollments = {o.code: simulate(world, o) for o in offerings}
    _say(stdout, _("Planned %(count)d offerings with their participants.") % {"count": len(offerings)})
    return world, offerings, enrollments, activities


@transaction.atomic
def seed_lms(*, seed: int, now: datetime.datetime | None = None, stdout=None) -> LmsSeedResult:
    """Three years of training for the employees in the database (the demo regency's), up to ``now``."""
    started = time.perf_counter()
    now = timezone.localtime(now or timezone.now())
    rng = random.Random(f"lms:{seed}")  # noqa: S311 - demo data, not secrets
    regency = read_regency()
    bulk.competency_bulk_create(actor=None, rows=[bulk.CompetencyRow(*row) for row in catalog.COMPETENCIES])
    venues, trainers, courses = create_venues(regency), create_trainers(regency), create_courses(regency)
    _say(
        stdout,
        _("Created %(courses)d courses, %(venues)d venues and %(trainers)d trainers.")
        % {"courses": len(courses), "venues": len(venues), "trainers": len(trainers)},
    )
    world, offerings, enrollments, activities = _plan(regency, rng, now, venues, trainers, courses, stdout)

    created, sessions = write_offerings(regency, world, offerings)
    pks = bulk.enrollment_bulk_create(actor=None, rows=enrollment_rows(offerings, enrollments, created))
    attendance = bulk.attendance_bulk_create(
        actor=None, rows=attendance_rows(offerings, enrollments, created, sessions, pks)
    )
    bulk.offering_bulk_finish(
        actor=None, rows=[bulk.FinishRow(created[o.code], o.finish_at) for o in offerings if o.phase == PAST]
    )
    _say(
        stdout,
        _("Created %(offerings)d offerings, %(enrollments)d enrollments and %(attendance)d attendance records.")
        % {"offerings": len(created), "enrollments": len(pks), "attendance": attendance},
    )
    plant_effects(stdout=stdout)
    reactions = seed_reactions(seed=seed, now=now)
    _say(stdout, _("%(count)d participants answered the reaction survey.") % {"count": reactions})
    claims = bulk.external_activity_bulk_create(
        actor=None,
        rows=[
            bulk.ActivityRow(
                employee_id=a.employee_id,
                kind=a.kind,
                title=a.title,
                organiser=a.organiser,
                start_date=a.start,
                end_date=a.end,
                submitted_at=a.submitted_at,
                units=a.units,
                is_international=a.international,
                evidence_url=a.evidence_url,
                status=a.status,
                reviewed_by_id=world.coordinator("bkpsdm") if a.reviewed_at else None,
                reviewed_at=a.reviewed_at,
                review_note=a.review_note,
            )
            for a in activities
        ],
    )
    venue_names = dict(Venue.objects.values_list("pk", "name"))
    notifications = bulk.notification_bulk_create(
        actor=None,
        rows=notification_rows(
            world,
            offerings,
            enrollments,
            activities,
            created,
            sessions,
            pks,
            [(c.pk, c.claimed_minutes) for c in claims],
            venue_names,
        ),
    )
    completed = Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED).count()
    ledger = JpLedgerEntry.objects.count()
    _say(
        stdout,
        _("%(completed)d completions and %(claims)d external claims: %(ledger)d JP ledger entries.")
        % {"completed": completed, "claims": len(claims), "ledger": ledger},
    )
    # After every offering reached its state: costs, commitments and budgets follow them.
    seed_budgets(seed=seed, now=now, stdout=stdout)
    # The nightly run, once, so that the demo opens with suggestions in place.
    run = suggestions_compute(trigger=SuggestionTrigger.NIGHTLY, now=now)
    suggestions = run.created if run else 0
    _say(stdout, _("%(count)d course suggestions computed.") % {"count": suggestions})
    # A shared cache (Redis) may hold catalog lists of the data before.
    transaction.on_commit(catalog_touch)
    return LmsSeedResult(
        courses=len(courses),
        offerings=len(created),
        sessions=sum(len(s) for s in sessions.values()),
        enrollments=len(pks),
        attendance=attendance,
        completed=completed,
        ledger_entries=ledger,
        activities=len(claims),
        notifications=notifications,
        reactions=reactions,
        suggestions=suggestions,
        seconds=time.perf_counter() - started,
    )


@transaction.atomic
def demo_reset() -> None:
    """Delete all training data and its history, keeping the JP conversion table.

    For throwaway databases only: the people demo's ``demo_reset`` calls it first (before
    the appraisal's), since enrollments, ledger entries and trainers protect employees.
    """
    content_types = ContentType.objects.get_for_models(*MODELS)
    AuditEntry.objects.filter(content_type__in=list(content_types.values())).delete()
    for model in MODELS:
        model.objects.all().delete()
    transaction.on_commit(catalog_touch)
