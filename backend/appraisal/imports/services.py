"""The three imports. Each checks every row first; only a file without a single error is written,
in one transaction, with its history rows."""

from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.appraisal.imports import employees, ikm, scores
from backend.appraisal.imports.parsing import Row
from backend.appraisal.imports.result import WHOLE_FILE, ImportResult
from backend.appraisal.imports.spec import Kind
from backend.appraisal.models import IkmResponse, IkmSurvey, Score
from backend.appraisal.services.common import actor_access
from backend.audit.models import AuditEntry
from backend.audit.services import audit_bulk_record, diff, snapshot
from backend.people.access import Access
from backend.people.services import employee_bulk_create

SCORE_AUDIT_FIELDS = ["target", "realisasi", "achievement", "appraiser"]


def can_import(access: Access, kind: str) -> bool:
    """Who may use each import at all; row-level rights are checked per row."""
    if kind == Kind.EMPLOYEES:
        return access.can_manage_employees
    if kind == Kind.SCORES:
        return access.is_admin or access.is_hr or access.is_supervisor
    if kind == Kind.IKM:
        return access.is_admin or access.is_hr or access.is_coordinator
    return False


def _require(access: Access, kind: str) -> None:
    if not can_import(access, kind):
        raise PermissionDenied(_("You may not use this import."))


def _reason(source: str) -> str:
    return _("Imported from %(file)s") % {"file": source} if source else _("Imported from a file")


def _write(result: ImportResult, write) -> ImportResult:
    """Run ``write`` in a savepoint; a conflict with a concurrent change undoes all of it."""
    try:
        with transaction.atomic():
            write()
    except IntegrityError:
        result.add_error(
            WHOLE_FILE,
            "",
            _("The records changed while the file was being imported. Nothing was written; check the file again."),
        )
    except ValidationError as exc:
        # The checks above should leave nothing for the write services to refuse; if they do, say what.
        for message in exc.messages:
            result.add_error(WHOLE_FILE, "", message)
    else:
        result.written = True
    if not result.written:
        result.created = result.updated = result.unchanged = 0
    return result


@transaction.atomic
def employee_import(*, actor, rows: list[Row], dry_run: bool, source: str = "") -> ImportResult:
    """Create the employees of a file (an existing NIP is an error: this import never overwrites people)."""
    access = actor_access(actor)
    _require(access, Kind.EMPLOYEES)
    result = ImportResult(
        kind=Kind.EMPLOYEES, dry_run=dry_run, total=len(rows), preview_headings=employees.PREVIEW_HEADINGS
    )
    ready = employees.validate_employee_rows(rows, result)
    result.sort_errors()
    if dry_run or not result.ok:
        return result
    return _write(result, lambda: employee_bulk_create(actor=actor, rows=ready))


@transaction.atomic
def score_import(*, actor, rows: list[Row], dry_run: bool, source: str = "") -> ImportResult:
    """Create or update scores; an existing score of the same employee, indicator and period is updated."""
    access = actor_access(actor)
    _require(access, Kind.SCORES)
    result = ImportResult(kind=Kind.SCORES, dry_run=dry_run, total=len(rows), preview_headings=scores.PREVIEW_HEADINGS)
    ready = scores.validate_score_rows(rows, result, access=access, lock=not dry_run)
    result.sort_errors()
    if dry_run or not result.ok:
        return result
    return _write(result, lambda: _write_scores(actor=actor, lines=ready, reason=_reason(source)))


def _write_scores(*, actor, lines: list[scores.ScoreLine], reason: str) -> None:
    now = timezone.now()
    created, updated, before = [], [], {}
    for item in lines:
        if item.existing is None:
            created.append(
                Score(
                    employee=item.employee,
                    indicator=item.indicator,
                    period=item.period,
                    target=item.target,
                    realisasi=item.realisasi,
                    achievement=item.achievement,
                    appraiser_id=item.employee.supervisor_id,
                )
            )
        elif not item.unchanged:
            score = item.existing
            # The loaded instances, so that naming the score in its history costs no query.
            score.employee, score.indicator, score.period = item.employee, item.indicator, item.period
            before[score.pk] = snapshot(score, SCORE_AUDIT_FIELDS)
            score.target, score.realisasi, score.achievement = item.target, item.realisasi, item.achievement
            score.updated_at = now
            updated.append(score)
    Score.objects.bulk_create(created, batch_size=1000)
    if created and created[0].pk is None:
        _fetch_pks(created)
    Score.objects.bulk_update(updated, ["target", "realisasi", "achievement", "updated_at"], batch_size=1000)
    audit_bulk_record(
        objs=created,
        action=AuditEntry.Action.CREATE,
        actor=actor,
        changes_for=lambda score: diff({}, snapshot(score, SCORE_AUDIT_FIELDS)),
        reason=reason,
    )
    audit_bulk_record(
        objs=updated,
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        changes_for=lambda score: diff(before[score.pk], snapshot(score, SCORE_AUDIT_FIELDS)),
        reason=reason,
    )


def _fetch_pks(created: list[Score]) -> None:
    """Databases that do not return ids from a bulk insert: read them back by the natural key."""
    periods = {score.period_id for score in created}
    keys = {
        (employee_id, indicator_id, period_id): pk
        for pk, employee_id, indicator_id, period_id in Score.objects.filter(period_id__in=periods).values_list(
            "pk", "employee_id", "indicator_id", "period_id"
        )
    }
    for score in created:
        score.pk = keys[(score.employee_id, score.indicator_id, score.period_id)]


@transaction.atomic
def ikm_response_import(*, actor, rows: list[Row], dry_run: bool, source: str = "") -> ImportResult:
    """Add filled questionnaires to their surveys; history is kept per survey (answers are anonymous)."""
    access = actor_access(actor)
    _require(access, Kind.IKM)
    result = ImportResult(kind=Kind.IKM, dry_run=dry_run, total=len(rows), preview_headings=ikm.PREVIEW_HEADINGS)
    ready = ikm.validate_ikm_rows(rows, result, access=access)
    result.sort_errors()
    if dry_run or not result.ok:
        return result
    return _write(result, lambda: _write_ikm(actor=actor, lines=ready, reason=_reason(source)))


def _write_ikm(*, actor, lines: list[ikm.IkmLine], reason: str) -> None:
    surveys = {item.survey.pk: item.survey for item in lines}
    before = dict(IkmSurvey.objects.filter(pk__in=surveys).annotate(n=Count("responses")).values_list("pk", "n"))
    added = Counter(item.survey.pk for item in lines)
    IkmResponse.objects.bulk_create(
        [IkmResponse(survey=item.survey, submitted_on=item.submitted_on, **item.answers) for item in lines],
        batch_size=1000,
    )
    audit_bulk_record(
        objs=surveys.values(),
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        changes_for=lambda survey: {"responses": [before[survey.pk], before[survey.pk] + added[survey.pk]]},
        reason=reason,
    )
