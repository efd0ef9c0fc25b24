"""Bulk writes of the lms (demo seeding, loading an earlier system's records): many rows in few statements.

As in ``backend.appraisal.services.bulk``: permission is checked once per batch (per unit or
offering where rights depend on it), every row is validated in memory and all problems are
raised together naming the rows, writes go in batches (raw INSERTs for the large tables),
derived values (channel, JP of a claim, attendance %, completion, credits) are computed here
by the same rules as the single-row services, and history is written: an
``EnrollmentTransition`` per status change, audit rows for everything else.
"""

from lms.services.bulk.attendance import AttendanceRow, FinishRow, attendance_bulk_create, offering_bulk_finish
from lms.services.bulk.catalog import (
    CompetencyRow,
    CourseRow,
    TrainerRow,
    VenueRow,
    competency_bulk_create,
    course_bulk_create,
    trainer_bulk_create,
    venue_bulk_create,
)
from lms.services.bulk.enrollment import EnrollmentRow, Step, enrollment_bulk_create
from lms.services.bulk.evaluation import ReactionRow, reaction_bulk_create
from lms.services.bulk.ledger import (
    ActivityRow,
    NotificationRow,
    external_activity_bulk_create,
    notification_bulk_create,
)
from lms.services.bulk.schedule import OfferingRow, SessionRow, offering_bulk_create

__all__ = [
    "ActivityRow",
    "AttendanceRow",
    "CompetencyRow",
    "CourseRow",
    "EnrollmentRow",
    "FinishRow",
    "NotificationRow",
    "OfferingRow",
    "ReactionRow",
    "SessionRow",
    "Step",
    "TrainerRow",
    "VenueRow",
    "attendance_bulk_create",
    "competency_bulk_create",
    "course_bulk_create",
    "enrollment_bulk_create",
    "external_activity_bulk_create",
    "notification_bulk_create",
    "offering_bulk_create",
    "offering_bulk_finish",
    "reaction_bulk_create",
    "trainer_bulk_create",
    "venue_bulk_create",
]
