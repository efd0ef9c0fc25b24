"""Reads of training evaluation: the reaction survey (Kirkpatrick L1) and learning gain (L2).

Reactions are anonymous aggregates (``reactions``); learning figures name participants for the
offering's coordinators and HR (``learning``); ``scope`` decides who reads what and when the
survey is open; ``reports`` joins them for the pages and the API.
"""

from lms.selectors.evaluation.learning import (
    LearningRow,
    LearningSummary,
    course_learning_summary,
    learning_summaries,
    learning_summary_get,
)
from lms.selectors.evaluation.reactions import (
    CourseReaction,
    ItemMean,
    ReactionSummary,
    TrainerReaction,
    course_reaction_summary,
    min_responses,
    reaction_summaries,
    reaction_summary_get,
)
from lms.selectors.evaluation.reports import (
    CourseEvaluation,
    CourseOfferingRow,
    OfferingEvaluation,
    course_evaluation_get,
    offering_evaluation_get,
)
from lms.selectors.evaluation.scope import (
    EVALUATED_STATUSES,
    ReactionForm,
    can_see_evaluations,
    evaluation_course_get,
    evaluation_offering_get,
    evaluation_offering_list,
    offering_reaction_open,
    reaction_enrollment_get,
    reaction_form_get,
    reaction_open_filter,
    reaction_pending_list,
    reaction_trainers,
)

__all__ = [
    "EVALUATED_STATUSES",
    "CourseEvaluation",
    "CourseOfferingRow",
    "CourseReaction",
    "ItemMean",
    "LearningRow",
    "LearningSummary",
    "OfferingEvaluation",
    "ReactionForm",
    "ReactionSummary",
    "TrainerReaction",
    "can_see_evaluations",
    "course_evaluation_get",
    "course_learning_summary",
    "course_reaction_summary",
    "evaluation_course_get",
    "evaluation_offering_get",
    "evaluation_offering_list",
    "learning_summaries",
    "learning_summary_get",
    "min_responses",
    "offering_evaluation_get",
    "offering_reaction_open",
    "reaction_enrollment_get",
    "reaction_form_get",
    "reaction_open_filter",
    "reaction_pending_list",
    "reaction_summaries",
    "reaction_summary_get",
    "reaction_trainers",
]
