from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from backend.appraisal import rules
from backend.appraisal.access import can_attach_evidence, can_write_scores, require
from backend.appraisal.models import Indicator, Period, Score
from backend.appraisal.services.common import actor_access, ensure_period_writable
from backend.common.services import model_create, model_update
from backend.common.uploads import JPEG, PDF, PNG, upload_check
from backend.people.models import Employee

SCORE_FIELDS = ["target", "realisasi", "achievement", "evidence_file", "evidence_url", "appraiser"]
EVIDENCE_TYPES = (PDF, JPEG, PNG)


def _check_evidence(evidence_file) -> None:
    """A new evidence file must be what its name says (PDF, JPEG or PNG) and under the limit."""
    if evidence_file:
        upload_check(
            evidence_file, types=EVIDENCE_TYPES, max_mb=settings.APPRAISAL_EVIDENCE_MAX_MB, field="evidence_file"
        )


def _derive(score: Score) -> None:
    try:
        score.achievement = rules.achievement(
            target=score.target, realisasi=score.realisasi, direction=score.indicator.direction
        )
    except (TypeError, ArithmeticError):
        raise ValidationError({"realisasi": _("Target and realisasi must be numbers.")}) from None


@transaction.atomic
def score_create(
    *,
    actor,
    employee: Employee,
    indicator: Indicator,
    period: Period,
    target: Decimal,
    realisasi: Decimal,
    evidence_url: str = "",
    evidence_file=None,
    appraiser: Employee | None = None,
    reason: str = "",
) -> Score:
    require(can_write_scores(actor_access(actor), employee), _("Only the appraiser or HR may enter scores."))
    reason = ensure_period_writable(actor=actor, period=period, reason=reason)
    if appraiser is None:
        appraiser = employee.supervisor
    score = Score(
        employee=employee,
        indicator=indicator,
        period=period,
        target=target,
        realisasi=realisasi,
        evidence_url=evidence_url,
        appraiser=appraiser,
    )
    if evidence_file is not None:
        _check_evidence(evidence_file)
        score.evidence_file = evidence_file
    _derive(score)
    return model_create(instance=score, fields=SCORE_FIELDS, actor=actor, reason=reason)


@transaction.atomic
def score_update(*, actor, score: Score, reason: str = "", **changes) -> Score:
    require(can_write_scores(actor_access(actor), score.employee), _("Only the appraiser or HR may change scores."))
    reason = ensure_period_writable(actor=actor, period=score.period, reason=reason)
    allowed = ["target", "realisasi", "evidence_file", "evidence_url", "appraiser"]
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"score_update() got unexpected fields: {sorted(unknown)}")
    _check_evidence(changes.get("evidence_file"))
    score, _changes = model_update(
        instance=score, fields=SCORE_FIELDS, data=changes, actor=actor, before_clean=_derive, reason=reason
    )
    return score


@transaction.atomic
def score_attach_evidence(*, actor, score: Score, evidence_file=None, evidence_url: str = "") -> Score:
    """The ASN may add evidence to their own score; appraisers and HR too."""
    require(can_attach_evidence(actor_access(actor), score.employee), _("You may not add evidence to this score."))
    ensure_period_writable(actor=actor, period=score.period)
    if evidence_file is None and not evidence_url:
        raise ValidationError({"evidence_url": _("Attach a file or give a link.")})
    data = {"evidence_url": evidence_url} if evidence_url else {}
    if evidence_file is not None:
        _check_evidence(evidence_file)
        data["evidence_file"] = evidence_file
    score, _changes = model_update(instance=score, fields=SCORE_FIELDS, data=data, actor=actor)
    return score


@transaction.atomic
def score_sheet_save(
    *,
    actor,
    employee: Employee,
    period: Period,
    rows: list[dict],
    reason: str = "",
) -> list[Score]:
    """Save an appraiser's sheet for one employee and period: each row creates or updates a score.

    ``rows`` hold ``indicator``, ``target``, ``realisasi`` and optionally ``evidence_url``.
    Errors are reported per row (``row 2: …``) and nothing is saved when any row fails.
    """
    existing = {s.indicator_id: s for s in Score.objects.filter(employee=employee, period=period)}
    saved, errors = [], {}
    for index, row in enumerate(rows, start=1):
        values = {"target": row.get("target"), "realisasi": row.get("realisasi")}
        if row.get("evidence_url"):
            values["evidence_url"] = row["evidence_url"]
        try:
            with transaction.atomic():
                score = existing.get(row["indicator"].pk)
                if score is None:
                    score = score_create(
                        actor=actor,
                        employee=employee,
                        indicator=row["indicator"],
                        period=period,
                        reason=reason,
                        **values,
                    )
                else:
                    score = score_update(actor=actor, score=score, reason=reason, **values)
        except ValidationError as exc:
            errors[f"{index}"] = [f"{row['indicator'].name}: {message}" for message in exc.messages]
        else:
            saved.append(score)
    if errors:
        raise ValidationError(errors)
    return saved
