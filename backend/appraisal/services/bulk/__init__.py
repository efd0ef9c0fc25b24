"""Bulk writes of the appraisal (demo seeding, authorised imports): many rows in a few statements.

Every service here checks permission once for the whole batch, validates each row in
memory (no query per row; the database constraints still guard uniqueness), writes in
batches and records history with ``audit_bulk_record``. Derived values follow the same
rules as the single-row services: achievement, ratings and predikat are computed here,
never taken from the caller.
"""

from backend.appraisal.services.bulk.ikm import (
    IkmResponseRow,
    IkmSurveyRow,
    ikm_response_bulk_create,
    ikm_survey_bulk_create,
)
from backend.appraisal.services.bulk.reference import (
    IndicatorRow,
    OrgPerformanceRow,
    PeriodRow,
    indicator_bulk_create,
    org_performance_bulk_create,
    period_bulk_create,
)
from backend.appraisal.services.bulk.results import (
    EvaluationRow,
    FollowUpRow,
    ScoreRow,
    ScoreUpdateRow,
    evaluation_bulk_create,
    follow_up_bulk_create,
    score_bulk_create,
    score_bulk_update,
)

__all__ = [
    "EvaluationRow",
    "FollowUpRow",
    "IkmResponseRow",
    "IkmSurveyRow",
    "IndicatorRow",
    "OrgPerformanceRow",
    "PeriodRow",
    "ScoreRow",
    "ScoreUpdateRow",
    "evaluation_bulk_create",
    "follow_up_bulk_create",
    "ikm_response_bulk_create",
    "ikm_survey_bulk_create",
    "indicator_bulk_create",
    "org_performance_bulk_create",
    "period_bulk_create",
    "score_bulk_create",
    "score_bulk_update",
]
