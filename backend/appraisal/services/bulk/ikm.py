"""IKM surveys and their answers in bulk (PermenPANRB 14/2017)."""

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from backend.appraisal.access import can_manage_ikm, require
from backend.appraisal.choices import IKM_ELEMENTS
from backend.appraisal.models import IkmResponse, IkmSurvey, Period
from backend.appraisal.services.bulk.common import (
    BATCH_SIZE,
    db_date,
    insert_rows,
    raise_row_errors,
    record_created,
)
from backend.appraisal.services.common import actor_access
from backend.appraisal.services.ikm import SURVEY_FIELDS, weight_values
from backend.audit.models import AuditEntry
from backend.audit.services import audit_bulk_record
from backend.people.models import OrgUnit


@dataclass(frozen=True)
class IkmSurveyRow:
    org_unit_id: int
    period_id: int
    is_open: bool = True
    # None: 1/9 each.
    weights: dict[str, Decimal] | None = None


@transaction.atomic
def ikm_survey_bulk_create(*, actor, rows: Iterable[IkmSurveyRow]) -> list[IkmSurvey]:
    access = actor_access(actor)
    rows = list(rows)
    units = OrgUnit.objects.in_bulk({r.org_unit_id for r in rows})
    periods = Period.objects.in_bulk({r.period_id for r in rows})
    surveys, errors = [], {}
    for index, row in enumerate(rows):
        unit, period = units.get(row.org_unit_id), periods.get(row.period_id)
        if unit is None or period is None:
            errors[f"row {index + 1}"] = [_("Unknown unit or period.")]
            continue
        require(can_manage_ikm(access, unit))
        try:
            weights = weight_values(row.weights)
        except ValidationError as exc:
            errors[f"row {index + 1}"] = exc.messages
            continue
        # Unguessable, as ``ikm_survey_create`` makes them: the public form is reached by its link only.
        token = secrets.token_urlsafe(12)
        surveys.append(IkmSurvey(org_unit=unit, period=period, token=token, is_open=row.is_open, **weights))
    raise_row_errors(errors)
    IkmSurvey.objects.bulk_create(surveys)
    record_created(surveys, actor=actor, fields=SURVEY_FIELDS)
    return surveys


@dataclass(frozen=True)
class IkmResponseRow:
    survey_id: int
    # Scores 1–4 for U1…U9, in that order.
    answers: tuple[int, ...]
    submitted_on: datetime.date


@transaction.atomic
def ikm_response_bulk_create(*, actor, rows: Iterable[IkmResponseRow], batch_size: int = BATCH_SIZE) -> int:
    """Load filled questionnaires (paper forms, an earlier system), closed surveys included.

    Answers stay as anonymous as ``ikm_response_submit`` keeps them: the history records,
    per survey, how many were loaded and by whom, not the answers.
    """
    access = actor_access(actor)
    rows = list(rows)
    surveys = IkmSurvey.objects.select_related("org_unit", "period").in_bulk({r.survey_id for r in rows})
    for survey in surveys.values():
        require(can_manage_ikm(access, survey.org_unit))
    values, errors, loaded = [], {}, {}
    for index, row in enumerate(rows):
        if row.survey_id not in surveys:
            errors[f"row {index + 1}"] = [_("Unknown survey.")]
        elif len(row.answers) != len(IKM_ELEMENTS) or any(a not in (1, 2, 3, 4) for a in row.answers):
            errors[f"row {index + 1}"] = [_("Give nine scores from 1 to 4.")]
        elif not isinstance(row.submitted_on, datetime.date):
            errors[f"row {index + 1}"] = [_("Give the day the questionnaire was filled.")]
        else:
            values.append((row.survey_id, *row.answers, db_date(row.submitted_on)))
            loaded[row.survey_id] = loaded.get(row.survey_id, 0) + 1
    raise_row_errors(errors)
    insert_rows(IkmResponse, ["survey", *IKM_ELEMENTS, "submitted_on"], values, batch_size=batch_size)
    audit_bulk_record(
        objs=[surveys[survey_id] for survey_id in sorted(loaded)],
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        changes_for=lambda survey: {"responses": [None, loaded[survey.pk]]},
        reason=_("Questionnaires loaded in bulk"),
    )
    return len(values)
