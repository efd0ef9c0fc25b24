"""Every change to the appraisal. ``actor`` is the user acting; ``None`` is the system itself
(demo seeding, imports already authorised, Celery tasks), which passes every permission check."""

from backend.appraisal.services.evaluations import evaluation_save, org_performance_set
from backend.appraisal.services.follow_ups import follow_up_create, follow_up_update
from backend.appraisal.services.ikm import (
    ikm_response_submit,
    ikm_survey_apply,
    ikm_survey_create,
    ikm_survey_update,
)
from backend.appraisal.services.indicators import indicator_create, indicator_update
from backend.appraisal.services.periods import period_close, period_create, period_reopen
from backend.appraisal.services.scores import score_attach_evidence, score_create, score_sheet_save, score_update

__all__ = [
    "evaluation_save",
    "follow_up_create",
    "follow_up_update",
    "ikm_response_submit",
    "ikm_survey_apply",
    "ikm_survey_create",
    "ikm_survey_update",
    "indicator_create",
    "indicator_update",
    "org_performance_set",
    "period_close",
    "period_create",
    "period_reopen",
    "score_attach_evidence",
    "score_create",
    "score_sheet_save",
    "score_update",
]
