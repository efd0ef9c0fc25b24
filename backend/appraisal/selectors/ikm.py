from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, QuerySet, Sum
from django.http import Http404

from backend.appraisal import rules
from backend.appraisal.choices import IKM_ELEMENTS, IkmGrade
from backend.appraisal.models import IkmResponse, IkmSurvey, Period


@dataclass(frozen=True)
class IkmResult:
    """A survey's figures: sample size, element averages (NRR), converted scores, IKM and grade."""

    survey_id: int
    responses: int
    averages: dict[str, Fraction]
    converted: dict[str, Decimal]
    value: Decimal | None
    grade: IkmGrade | None


_SUMS = {f"sum_{e}": Sum(e) for e in IKM_ELEMENTS}


def _result(survey: IkmSurvey, row: dict | None) -> IkmResult:
    responses = row["responses"] if row else 0
    if not responses:
        return IkmResult(survey.pk, 0, {}, {}, None, None)
    averages = rules.ikm_element_averages(sums={e: row[f"sum_{e}"] for e in IKM_ELEMENTS}, responses=responses)
    value = rules.ikm_value(averages=averages, weights=survey.weights)
    return IkmResult(
        survey_id=survey.pk,
        responses=responses,
        averages=averages,
        converted={e: rules.converted(a) for e, a in averages.items()},
        value=value,
        grade=rules.ikm_grade(value),
    )


def ikm_survey_list() -> QuerySet[IkmSurvey]:
    """Surveys are the units' public record: every login may read them."""
    return IkmSurvey.objects.select_related("org_unit", "period").order_by("-period__start_date", "org_unit__path")


def ikm_survey_get(*, pk=None, token: str | None = None) -> IkmSurvey:
    lookup = {"token": token} if token is not None else {"pk": pk}
    try:
        return ikm_survey_list().get(**lookup)
    except (IkmSurvey.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def ikm_result_get(*, survey: IkmSurvey) -> IkmResult:
    row = IkmResponse.objects.filter(survey=survey).aggregate(responses=Count("pk"), **_SUMS)
    return _result(survey, row)


def ikm_result_list(*, surveys: list[IkmSurvey] | None = None, period: Period | None = None) -> dict[int, IkmResult]:
    """Results of many surveys in one grouped query (plus one for the surveys when given a period)."""
    if surveys is None:
        surveys = list(ikm_survey_list().filter(period=period))
    rows = {
        row["survey_id"]: row
        for row in IkmResponse.objects.filter(survey__in=surveys)
        .values("survey_id")
        .annotate(responses=Count("pk"), **_SUMS)
        .order_by()
    }
    return {survey.pk: _result(survey, rows.get(survey.pk)) for survey in surveys}


def ikm_results_for_period(*, period: Period) -> list[tuple[IkmSurvey, IkmResult]]:
    """Every survey of ``period`` with its result: two queries, whatever the number of surveys."""
    surveys = list(ikm_survey_list().filter(period=period))
    rows = {
        row["survey_id"]: row
        for row in IkmResponse.objects.filter(survey__period=period)
        .values("survey_id")
        .annotate(responses=Count("pk"), **_SUMS)
        .order_by()
    }
    return [(survey, _result(survey, rows.get(survey.pk))) for survey in surveys]
