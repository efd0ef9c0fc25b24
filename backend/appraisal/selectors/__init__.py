from backend.appraisal.selectors.core import (
    appraisal_rules_get,
    evaluation_get,
    evaluation_list,
    follow_up_get,
    follow_up_list,
    indicator_get,
    indicator_list,
    period_get,
    period_list,
    score_get,
    score_list,
)
from backend.appraisal.selectors.gaps import Gap, employee_gap_list, gap_list, org_unit_gap_summary
from backend.appraisal.selectors.ikm import (
    IkmResult,
    ikm_result_get,
    ikm_result_list,
    ikm_results_for_period,
    ikm_survey_get,
    ikm_survey_list,
)
from backend.appraisal.selectors.predikat import PredikatDistribution, predikat_distribution_list

__all__ = [
    "Gap",
    "IkmResult",
    "PredikatDistribution",
    "appraisal_rules_get",
    "employee_gap_list",
    "evaluation_get",
    "evaluation_list",
    "follow_up_get",
    "follow_up_list",
    "gap_list",
    "ikm_result_get",
    "ikm_result_list",
    "ikm_results_for_period",
    "ikm_survey_get",
    "ikm_survey_list",
    "indicator_get",
    "indicator_list",
    "org_unit_gap_summary",
    "period_get",
    "period_list",
    "predikat_distribution_list",
    "score_get",
    "score_list",
]
