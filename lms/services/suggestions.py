"""Writing suggestions: the nightly (or on-demand) recomputation, and what an employee does with one.

A recomputation keeps each suggestion's status so that uptake can be measured: a pair
(employee, course) is one row for good. Still-open suggestions are refreshed or, when their
gap closed or no offering fits any more, lapse; lapsed ones come back when they apply
again; dismissed ones stay dismissed; a suggestion whose course the employee is now
waiting for or enrolled in counts as taken up, however the enrollment was made.
"""

import time
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.common.services import model_update
from backend.people.access import access_for
from lms.choices import EnrollmentSource, SuggestionStatus
from lms.models import Enrollment, Suggestion, SuggestionRun
from lms.selectors.suggestion_engine import Candidate, suggestion_candidates
from lms.services.enrollment import enrollment_request

BATCH = 1000
CENT = Decimal("0.01")
REFRESHED = (
    "offering_id",
    "period_id",
    "gap_kind",
    "gap_code",
    "gap_label",
    "gap_size",
    "gap_value",
    "weight",
    "uplift",
    "uplift_n",
    "expected_uplift",
    "rank_score",
    "status",
    "enrollment_id",
    "computed_at",
)


def _values(suggestion: Suggestion) -> dict:
    return {name: getattr(suggestion, name) for name in REFRESHED if name != "computed_at"}


def _fill(suggestion: Suggestion, candidate: Candidate, *, period_id: int, now) -> Suggestion:
    gap = candidate.gap
    suggestion.offering_id = candidate.offering_id
    suggestion.period_id = period_id
    suggestion.gap_kind = gap.kind
    suggestion.gap_code = gap.code
    suggestion.gap_label = gap.label[:255]
    suggestion.gap_size = gap.size.quantize(CENT)
    suggestion.gap_value = gap.value
    suggestion.weight = candidate.weight
    suggestion.uplift = candidate.uplift
    suggestion.uplift_n = candidate.uplift_n
    suggestion.expected_uplift = candidate.expected_uplift
    suggestion.rank_score = candidate.rank_score
    suggestion.computed_at = now
    # Bulk writes skip the per-row uniqueness queries; the database holds the constraints.
    suggestion.full_clean(
        exclude=["employee", "course", "offering", "period", "enrollment"],
        validate_unique=False,
        validate_constraints=False,
    )
    return suggestion


@transaction.atomic
def suggestions_compute(
    *, trigger: str, actor=None, employee_ids: list[int] | None = None, now=None
) -> SuggestionRun | None:
    """Recompute the suggestions of everyone (or of ``employee_ids``) and record the run.

    Returns None when there are no scores to suggest from.
    """
    started = time.perf_counter()
    now = now or timezone.now()
    found = suggestion_candidates(today=timezone.localdate(now), employee_ids=employee_ids)
    if found is None:
        return None
    existing = Suggestion.objects.select_for_update()
    if employee_ids is not None:
        existing = existing.filter(employee_id__in=employee_ids)
    rows = {(s.employee_id, s.course_id): s for s in existing}
    fresh = {(c.employee_id, c.course_id): c for candidates in found.by_employee.values() for c in candidates}

    # bulk_update writes a CASE per field and row: each row writes only the fields that changed,
    # grouped by them, and every row touched gets its time stamp in one plain UPDATE per batch.
    to_create, touched = [], []
    changed: dict[tuple[str, ...], list[Suggestion]] = defaultdict(list)
    lapsed = 0
    for key, suggestion in rows.items():
        taken = found.waiting.get(key)
        if suggestion.status in (SuggestionStatus.SUGGESTED, SuggestionStatus.LAPSED) and taken is not None:
            suggestion.status, suggestion.enrollment_id = SuggestionStatus.ENROLLED, taken
            changed[("status", "enrollment_id")].append(suggestion)
        elif suggestion.status == SuggestionStatus.SUGGESTED and key not in fresh:
            suggestion.status = SuggestionStatus.LAPSED
            lapsed += 1
            changed[("status",)].append(suggestion)
        elif suggestion.status in (SuggestionStatus.SUGGESTED, SuggestionStatus.LAPSED) and key in fresh:
            before = _values(suggestion)
            suggestion.status = SuggestionStatus.SUGGESTED
            _fill(suggestion, fresh[key], period_id=found.period.pk, now=now)
            fields = tuple(name for name, value in before.items() if getattr(suggestion, name) != value)
            if fields:
                changed[fields].append(suggestion)
        else:
            continue
        suggestion.computed_at = now
        touched.append(suggestion)
    for key, candidate in fresh.items():
        if key not in rows:
            suggestion = Suggestion(
                employee_id=candidate.employee_id,
                course_id=candidate.course_id,
                status=SuggestionStatus.SUGGESTED,
                first_suggested_at=now,
            )
            to_create.append(_fill(suggestion, candidate, period_id=found.period.pk, now=now))
    Suggestion.objects.bulk_create(to_create, batch_size=BATCH)
    for fields, group in changed.items():
        Suggestion.objects.bulk_update(group, fields, batch_size=BATCH)
    for start in range(0, len(touched), BATCH):
        Suggestion.objects.filter(pk__in=[s.pk for s in touched[start : start + BATCH]]).update(computed_at=now)
    run = SuggestionRun(
        trigger=trigger,
        employee_id=employee_ids[0] if employee_ids is not None and len(employee_ids) == 1 else None,
        actor=actor,
        started_at=now,
        seconds=Decimal(time.perf_counter() - started).quantize(CENT),
        employees=found.employees,
        created=len(to_create),
        updated=len(touched) - lapsed,
        lapsed=lapsed,
    )
    run.full_clean()
    run.save()
    return run


def _own(suggestion: Suggestion, actor) -> None:
    if access_for(actor).employee_id != suggestion.employee_id:
        raise PermissionDenied(_("Only the employee decides on their own suggestions."))


@transaction.atomic
def suggestion_dismiss(*, suggestion: Suggestion, actor, reason: str) -> Suggestion:
    """The employee says the suggestion does not fit, and why; it is not suggested again."""
    _own(suggestion, actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"dismiss_reason": _("Say why the suggestion does not fit.")})
    if suggestion.status != SuggestionStatus.SUGGESTED:
        raise ValidationError(_("Only an open suggestion can be dismissed."))
    suggestion, _changes = model_update(
        instance=suggestion,
        fields=["status", "dismiss_reason", "decided_by", "decided_at"],
        data={
            "status": SuggestionStatus.DISMISSED,
            "dismiss_reason": reason[:500],
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
        actor=actor,
        reason=reason,
    )
    return suggestion


@transaction.atomic
def suggestion_enroll(*, suggestion: Suggestion, actor) -> Suggestion:
    """One click: the employee asks for a seat in the suggested offering (the enrollment rules apply)."""
    _own(suggestion, actor)
    if suggestion.status != SuggestionStatus.SUGGESTED or suggestion.offering_id is None:
        raise ValidationError(_("This suggestion is no longer open."))
    enrollment: Enrollment = enrollment_request(
        offering=suggestion.offering, employee=suggestion.employee, actor=actor, source=EnrollmentSource.SELF
    )
    suggestion, _changes = model_update(
        instance=suggestion,
        fields=["status", "enrollment", "decided_by", "decided_at"],
        data={
            "status": SuggestionStatus.ENROLLED,
            "enrollment": enrollment,
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
        actor=actor,
        reason=_("Enrolled from the suggestion"),
    )
    return suggestion
