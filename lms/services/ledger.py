"""State changes of the JP ledger: external activities claimed, verified, rejected, withdrawn,
and the conversion table that prices them.

Course credits are written by completion (``lms.services.completion``); this module owns the
activity side and the table.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from backend.audit.models import AuditEntry
from backend.audit.services import audit_record, diff, snapshot
from backend.common.services import model_create, model_update
from backend.common.uploads import JPEG, PDF, PNG, upload_check
from backend.people.access import Access, access_for
from backend.people.models import Employee
from lms.choices import ActivityStatus, ConversionBasis, LedgerSource, NotificationKind
from lms.models import ExternalActivity, JpConversion, JpLedgerEntry
from lms.rules import format_jp
from lms.selectors.ledger import (
    activity_claim_get,
    activity_reviewable,
    can_manage_conversions,
    can_submit_activity,
)
from lms.services.notifications import notification_send

# Seeding and imports act with every right.
SYSTEM = Access(user_id=None, is_superuser=True)

ACTIVITY_FIELDS = [
    "employee",
    "kind",
    "title",
    "organiser",
    "start_date",
    "end_date",
    "units",
    "is_international",
    "evidence_file",
    "evidence_url",
    "claimed_minutes",
    "status",
]
REVIEW_FIELDS = ["status", "claimed_minutes", "reviewed_by", "reviewed_at", "review_note"]
CONVERSION_FIELDS = ["basis", "jp", "max_units_per_month"]
LEDGER_FIELDS = ["employee", "year", "minutes", "source", "activity", "title", "date"]

# What a claim's evidence file may be (checked by content, backend.common.uploads).
EVIDENCE_TYPES = (PDF, JPEG, PNG)
# Bases whose claim needs a count: sessions, hours or semesters.
COUNTED_BASES = {ConversionBasis.PER_SESSION, ConversionBasis.PER_DAY_MAX, ConversionBasis.PER_SEMESTER}


def _access(actor) -> Access:
    return SYSTEM if actor is None else access_for(actor)


def evidence_file_type(upload) -> str:
    """The type of an uploaded evidence file (``pdf``, ``jpeg`` or ``png``), decided by its content
    and its name together, and under ``LMS_EVIDENCE_MAX_MB``; a ValidationError names what is wrong."""
    return upload_check(upload, types=EVIDENCE_TYPES, max_mb=settings.LMS_EVIDENCE_MAX_MB, field="evidence_file").key


def _claim_minutes(activity: ExternalActivity, *, exclude_self: bool) -> int:
    """The minutes ``activity`` earns under the current table, its caps and the monthly session cap."""
    try:
        claim = activity_claim_get(
            employee_id=activity.employee_id,
            kind=activity.kind,
            start_date=activity.start_date,
            end_date=activity.end_date,
            units=activity.units,
            is_international=activity.is_international,
            exclude_activity_id=activity.pk if exclude_self else None,
        )
    except JpConversion.DoesNotExist:
        raise ValidationError({"kind": _("The JP table has no row for this activity.")}) from None
    if claim.sessions == 0:
        raise ValidationError(
            {
                "units": _(
                    "%(month)s already has the %(n)s sessions of %(kind)s a month that count: this claim earns no JP."
                )
                % {
                    "n": claim.conversion.max_units_per_month,
                    "kind": claim.conversion.get_kind_display().lower(),
                    "month": date_format(activity.start_date, "F Y"),
                }
            }
        )
    return claim.minutes


def _check_claim(activity: ExternalActivity) -> None:
    errors = {}
    if activity.end_date < activity.start_date:
        errors["end_date"] = _("The activity cannot end before it starts.")
    elif activity.end_date > timezone.localdate():
        errors["end_date"] = _("JP are claimed once the activity is over.")
    conversion = JpConversion.objects.filter(kind=activity.kind).first()
    if conversion is not None and conversion.basis in COUNTED_BASES and not activity.units:
        errors["units"] = {
            ConversionBasis.PER_SESSION: _("Give the number of sessions."),
            ConversionBasis.PER_DAY_MAX: _("Give the number of hours spent."),
            ConversionBasis.PER_SEMESTER: _("Give the number of semesters."),
        }[conversion.basis]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def external_activity_submit(
    *,
    employee: Employee,
    actor,
    kind: str,
    title: str,
    organiser: str,
    start_date: datetime.date,
    end_date: datetime.date,
    units: int | None = None,
    is_international: bool = False,
    evidence_file=None,
    evidence_url: str = "",
) -> ExternalActivity:
    """An ASN claims JP for an activity outside the catalog, with a file or a link as evidence.

    HR, administrators and the coordinators of the employee's scope may claim on their behalf.
    The claimed JP are what the table gives today; verification prices the claim again.
    """
    if not can_submit_activity(_access(actor), employee):
        raise PermissionDenied(_("You may not claim JP for this employee."))
    if not evidence_file and not evidence_url:
        raise ValidationError({"evidence_file": _("Attach the evidence as a file or give a link to it.")})
    if evidence_file:
        evidence_file_type(evidence_file)
    activity = ExternalActivity(
        employee=employee,
        kind=kind,
        title=title.strip(),
        organiser=organiser.strip(),
        start_date=start_date,
        end_date=end_date,
        units=units,
        is_international=is_international,
        evidence_url=evidence_url,
        status=ActivityStatus.SUBMITTED,
    )
    if evidence_file:
        activity.evidence_file = evidence_file
    # Field errors (an unknown kind, a bad link) first; the dates get a plainer message than the constraint's.
    activity.full_clean(validate_constraints=False)
    _check_claim(activity)
    activity.claimed_minutes = _claim_minutes(activity, exclude_self=False)
    return model_create(instance=activity, fields=ACTIVITY_FIELDS, actor=actor)


def _locked(activity: ExternalActivity) -> ExternalActivity:
    return (
        ExternalActivity.objects.select_for_update(of=("self",))
        .select_related("employee__unit", "employee__user")
        .get(pk=activity.pk)
    )


def _require_reviewer(actor, activity: ExternalActivity) -> None:
    if not activity_reviewable(_access(actor), activity):
        raise PermissionDenied(_("Only a coordinator of the employee's unit or HR may review this claim."))


def _review(activity: ExternalActivity, *, actor, status: str, note: str, minutes: int) -> ExternalActivity:
    before = snapshot(activity, REVIEW_FIELDS)
    activity.status = status
    activity.claimed_minutes = minutes
    activity.reviewed_by = actor if actor is not None and actor.is_authenticated else None
    activity.reviewed_at = timezone.now()
    activity.review_note = note
    activity.full_clean()
    activity.save(update_fields=REVIEW_FIELDS)
    audit_record(
        obj=activity,
        action=AuditEntry.Action.TRANSITION,
        actor=actor,
        changes=diff(before, snapshot(activity, REVIEW_FIELDS)),
        reason=note,
    )
    return activity


def _notify(activity: ExternalActivity, *, title: str, body: str) -> None:
    notification_send(
        recipient=activity.employee.user,
        kind=NotificationKind.ACTIVITY,
        title=title,
        body=body,
        url=f"{reverse('jp-progress')}?year={activity.end_date.year}",
        dedupe_key=f"activity:{activity.pk}:{activity.status}",
    )


@transaction.atomic
def external_activity_verify(*, activity: ExternalActivity, actor, note: str = "") -> ExternalActivity:
    """Accept a claim and credit its JP in the ledger for the year it ended.

    Idempotent: verifying a verified claim returns it unchanged (one ledger entry per activity).
    """
    activity = _locked(activity)
    _require_reviewer(actor, activity)
    if activity.status == ActivityStatus.VERIFIED:
        return activity
    if activity.status != ActivityStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted claim can be verified."))
    # Verifications of one employee's claims run one at a time, so two coaching claims of the
    # same month cannot both pass the monthly cap.
    list(Employee.objects.select_for_update().filter(pk=activity.employee_id).values_list("pk", flat=True))
    minutes = _claim_minutes(activity, exclude_self=True)
    activity = _review(activity, actor=actor, status=ActivityStatus.VERIFIED, note=note.strip(), minutes=minutes)
    model_create(
        instance=JpLedgerEntry(
            employee=activity.employee,
            year=activity.end_date.year,
            minutes=minutes,
            source=LedgerSource.ACTIVITY,
            activity=activity,
            title=activity.title[:255],
            date=activity.end_date,
        ),
        fields=LEDGER_FIELDS,
        actor=actor,
    )
    _notify(
        activity,
        title=_("JP claim verified: %(title)s") % {"title": activity.title},
        body=_("%(jp)s JP were credited to %(year)s.") % {"jp": format_jp(minutes), "year": activity.end_date.year},
    )
    return activity


@transaction.atomic
def external_activity_reject(*, activity: ExternalActivity, actor, note: str) -> ExternalActivity:
    """Refuse a claim, saying why (the employee sees the note)."""
    activity = _locked(activity)
    _require_reviewer(actor, activity)
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why the claim is rejected.")})
    if activity.status != ActivityStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted claim can be rejected."))
    activity = _review(
        activity, actor=actor, status=ActivityStatus.REJECTED, note=note.strip(), minutes=activity.claimed_minutes
    )
    _notify(
        activity,
        title=_("JP claim rejected: %(title)s") % {"title": activity.title},
        body=activity.review_note,
    )
    return activity


@transaction.atomic
def external_activity_withdraw(*, activity: ExternalActivity, actor) -> None:
    """The employee takes back a claim not yet reviewed; it and its file are deleted, the history stays."""
    activity = _locked(activity)
    access = _access(actor)
    if access.employee_id is None or activity.employee_id != access.employee_id:
        raise PermissionDenied(_("Only the employee who claimed it may withdraw a claim."))
    if activity.status != ActivityStatus.SUBMITTED:
        raise ValidationError(_("Only a claim still waiting for review can be withdrawn."))
    audit_record(
        obj=activity,
        action=AuditEntry.Action.DELETE,
        actor=actor,
        changes={name: [value, None] for name, value in snapshot(activity, ACTIVITY_FIELDS).items()},
        reason=_("Withdrawn by the employee"),
    )
    stored = activity.evidence_file
    storage, name = stored.storage, stored.name
    activity.delete()
    if name:
        # Only once the row is surely gone: a rolled-back withdrawal keeps its evidence.
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def jp_conversion_update(*, conversion: JpConversion, actor, **changes: Any) -> JpConversion:
    """Change a row of the JP table (administrators and HR). Pending claims are priced again when verified."""
    if not can_manage_conversions(_access(actor)):
        raise PermissionDenied(_("Only administrators and HR may change the JP table."))
    unknown = set(changes) - set(CONVERSION_FIELDS)
    if unknown:
        raise TypeError(f"jp_conversion_update() got unexpected fields: {sorted(unknown)}")
    if "jp" in changes and changes["jp"] is not None:
        changes["jp"] = Decimal(str(changes["jp"]))

    def check(row: JpConversion) -> None:
        if row.max_units_per_month and row.basis != ConversionBasis.PER_SESSION:
            raise ValidationError(
                {"max_units_per_month": _("A monthly limit applies only to activities counted per session.")}
            )

    conversion, _changes = model_update(
        instance=conversion, fields=CONVERSION_FIELDS, data=changes, actor=actor, before_clean=check
    )
    return conversion
