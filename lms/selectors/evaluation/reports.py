"""The evaluation reports of an offering and of a course, as the pages and the API show them."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from backend.people.access import Access
from lms.models import Course, Offering
from lms.selectors.evaluation.learning import (
    LearningSummary,
    course_learning_summary,
    learning_summary_get,
)
from lms.selectors.evaluation.reactions import (
    CourseReaction,
    ReactionSummary,
    course_reaction_summary,
    reaction_summary_get,
)
from lms.selectors.evaluation.scope import (
    can_see_evaluations,
    evaluation_course_get,
    evaluation_offering_get,
    evaluation_offering_list,
)

# --- Reports for pages and the API ---------------------------------------------------


@dataclass(frozen=True)
class OfferingEvaluation:
    offering: Offering
    reaction: ReactionSummary
    learning: LearningSummary


def offering_evaluation_get(*, access: Access, pk) -> OfferingEvaluation:
    """One offering's L1 (anonymous) and L2 (with participants) for its coordinators and HR."""
    offering = evaluation_offering_get(access=access, pk=pk)
    return OfferingEvaluation(
        offering=offering,
        reaction=reaction_summary_get(offering=offering),
        learning=learning_summary_get(offering=offering, with_rows=True),
    )


@dataclass(frozen=True)
class CourseOfferingRow:
    offering: Offering
    reaction: ReactionSummary
    learning: LearningSummary


@dataclass(frozen=True)
class CourseEvaluation:
    course: Course
    reaction: CourseReaction
    learning: LearningSummary
    offerings: list[CourseOfferingRow]


def course_evaluation_get(*, access: Access, pk) -> CourseEvaluation:
    """A course's evaluation over its running and finished offerings the caller reads."""
    if not can_see_evaluations(access):
        raise PermissionDenied
    course = evaluation_course_get(pk=pk)
    offerings = list(evaluation_offering_list(access=access).filter(course=course))
    reaction, reactions = course_reaction_summary(offerings=offerings)
    learning, learnings = course_learning_summary(offerings=offerings)
    rows = [CourseOfferingRow(o, reactions[o.pk], learnings[o.pk]) for o in offerings]
    return CourseEvaluation(course=course, reaction=reaction, learning=learning, offerings=rows)
