from backend.appraisal.models.core import (
    AppraisalRules,
    BehaviourRating,
    Evaluation,
    FollowUp,
    Indicator,
    OrgPerformance,
    Period,
    PredikatBound,
    Score,
    period_label,
    period_short_label,
)
from backend.appraisal.models.ikm import IkmResponse, IkmSurvey

__all__ = [
    "AppraisalRules",
    "BehaviourRating",
    "Evaluation",
    "FollowUp",
    "IkmResponse",
    "IkmSurvey",
    "Indicator",
    "OrgPerformance",
    "Period",
    "PredikatBound",
    "Score",
    "period_label",
    "period_short_label",
]
