"""The history HR reads: scores, attendance, enrollments and certificates, as one list."""

import datetime
import json
import re
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from backend.audit.models import AuditEntry
from backend.audit.selectors.objects import ChangeRow, field_displayer

# Three tables hold it: AuditEntry (every app's field changes), the enrollment's status
# transitions and the certificate's events. The page reads them as one list, newest first,
# through one UNION query. The models are named by label, not imported: every app imports
# backend.audit, so backend.audit imports none of them.


class HistoryKind(models.TextChoices):
    SCORE = "score", _lazy("Scores")
    ATTENDANCE = "attendance", _lazy("Attendance")
    ENROLLMENT = "enrollment", _lazy("Enrollments")
    CERTIFICATE = "certificate", _lazy("Certificates")


class HistorySource(models.TextChoices):
    AUDIT = "audit"
    # Attendance loaded in bulk, recorded against its session (``attendance_bulk_create``).
    SESSION = "session"
    TRANSITION = "transition"
    EVENT = "event"


# The audited model of each kind, and the path from it to the employee concerned.
_AUDITED = {
    HistoryKind.SCORE: ("appraisal.Score", "employee_id"),
    HistoryKind.ATTENDANCE: ("lms.Attendance", "enrollment__employee_id"),
    HistoryKind.ENROLLMENT: ("lms.Enrollment", "employee_id"),
    HistoryKind.CERTIFICATE: ("certificates.Certificate", "enrollment__employee_id"),
}
_COLUMNS = (
    "h_kind",
    "h_source",
    "h_id",
    "h_at",
    "h_actor",
    "h_object_id",
    "h_object",
    "h_action",
    "h_changes",
    "h_from",
    "h_to",
    "h_detail",
    "h_employee",
)


@dataclass(frozen=True)
class HistoryFilter:
    kind: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    # A username, or part of the actor's employee name.
    actor: str = ""
    # A NIP (spaces ignored), or part of the employee's name.
    employee: str = ""


def _text(value) -> Value:
    return Value(value, output_field=models.TextField())


def _employee_match(text: str, prefix: str) -> Q:
    digits = re.sub(r"\s", "", text)
    if digits.isdigit():
        return Q(**{f"{prefix}nip": digits})
    return Q(**{f"{prefix}name__icontains": text.strip()})


def _common_filters(queryset: QuerySet, flt: HistoryFilter) -> QuerySet:
    if flt.date_from:
        queryset = queryset.filter(at__gte=_day_start(flt.date_from))
    if flt.date_to:
        queryset = queryset.filter(at__lt=_day_start(flt.date_to + datetime.timedelta(days=1)))
    if flt.actor.strip():
        actor = flt.actor.strip()
        queryset = queryset.filter(Q(actor__username__iexact=actor) | Q(actor__employee__name__icontains=actor))
    return queryset


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _audited_part(kind: str, flt: HistoryFilter) -> QuerySet:
    label, employee_path = _AUDITED[kind]
    model = apps.get_model(label)
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
    of_object = model.objects.filter(pk=Cast(OuterRef("object_id"), models.BigIntegerField()))
    entries = AuditEntry.objects.filter(content_type=content_type)
    if flt.employee.strip():
        employee_prefix = employee_path.removesuffix("_id") + "__"
        matching = model.objects.filter(_employee_match(flt.employee, employee_prefix)).values(
            key=Cast("pk", models.CharField())
        )
        entries = entries.filter(object_id__in=Subquery(matching))
    return _audit_columns(
        _common_filters(entries, flt),
        kind=str(kind),
        source=HistorySource.AUDIT,
        employee=Subquery(of_object.values(employee_path)[:1]),
    )


def _audit_columns(entries: QuerySet, *, kind: str, source: str, employee) -> QuerySet:
    """AuditEntry rows in the union's columns."""
    return entries.annotate(
        h_kind=_text(kind),
        h_source=_text(str(source)),
        h_id=F("pk"),
        h_at=F("at"),
        h_actor=F("actor__username"),
        h_object_id=Cast("object_id", models.TextField()),
        h_object=Cast("object_repr", models.TextField()),
        h_action=Cast("action", models.TextField()),
        h_changes=Cast("changes", models.TextField()),
        h_from=_text(""),
        h_to=_text(""),
        h_detail=Cast("reason", models.TextField()),
        h_employee=employee,
    )


def _attendance_load_part(flt: HistoryFilter) -> QuerySet:
    """Attendance loaded in bulk from an earlier system: one history row per session, naming no one."""
    session = apps.get_model("lms.Session")
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(session, for_concrete_model=True),
        changes__has_key="attendance",
    )
    if flt.employee.strip():
        entries = entries.none()
    return _audit_columns(
        _common_filters(entries, flt),
        kind=HistoryKind.ATTENDANCE.value,
        source=HistorySource.SESSION.value,
        employee=Value(None, output_field=models.BigIntegerField()),
    )


def _transition_part(flt: HistoryFilter) -> QuerySet:
    transitions = apps.get_model("lms.EnrollmentTransition").objects.all()
    if flt.employee.strip():
        transitions = transitions.filter(_employee_match(flt.employee, "enrollment__employee__"))
    return _common_filters(transitions, flt).annotate(
        h_kind=_text(HistoryKind.ENROLLMENT.value),
        h_source=_text(HistorySource.TRANSITION.value),
        h_id=F("pk"),
        h_at=F("at"),
        h_actor=F("actor__username"),
        h_object_id=Cast("enrollment_id", models.TextField()),
        h_object=Concat(
            "enrollment__employee__name", _text(" · "), "enrollment__offering__code", output_field=models.TextField()
        ),
        h_action=_text(AuditEntry.Action.TRANSITION.value),
        h_changes=_text(""),
        h_from=Cast("from_status", models.TextField()),
        h_to=Cast("to_status", models.TextField()),
        h_detail=Cast("reason", models.TextField()),
        h_employee=F("enrollment__employee_id"),
    )


def _event_part(flt: HistoryFilter) -> QuerySet:
    events = apps.get_model("certificates.CertificateEvent").objects.all()
    if flt.employee.strip():
        events = events.filter(_employee_match(flt.employee, "certificate__enrollment__employee__"))
    return _common_filters(events, flt).annotate(
        h_kind=_text(HistoryKind.CERTIFICATE.value),
        h_source=_text(HistorySource.EVENT.value),
        h_id=F("pk"),
        h_at=F("at"),
        h_actor=F("actor__username"),
        h_object_id=Cast("certificate_id", models.TextField()),
        h_object=Cast("certificate__number", models.TextField()),
        h_action=Cast("action", models.TextField()),
        h_changes=_text(""),
        h_from=_text(""),
        h_to=_text(""),
        h_detail=Cast("detail", models.TextField()),
        h_employee=F("certificate__enrollment__employee_id"),
    )


def history_list(*, flt: HistoryFilter) -> QuerySet:
    """The history of the four kinds HR reads, as one queryset of dicts (``h_*`` keys), newest first.

    Filter by ``flt`` before the union (a UNION cannot be filtered after). Who may read it is
    the caller's check (``history_readable``).
    """
    kinds = [flt.kind] if flt.kind in HistoryKind.values else list(HistoryKind.values)
    parts = [_audited_part(kind, flt) for kind in kinds]
    if HistoryKind.ATTENDANCE in kinds:
        parts.append(_attendance_load_part(flt))
    if HistoryKind.ENROLLMENT in kinds:
        parts.append(_transition_part(flt))
    if HistoryKind.CERTIFICATE in kinds:
        parts.append(_event_part(flt))
    # The models' default orderings are dropped: a part of a UNION cannot be ordered.
    parts = [part.order_by().values(*_COLUMNS) for part in parts]
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-h_at", "-h_id") if rest else first.order_by("-h_at", "-h_id")


def history_readable(access) -> bool:
    """HR analysts and administrators read every change; nobody else reads this list."""
    return access.is_hr or access.is_admin


@dataclass(frozen=True)
class HistoryRow:
    kind: str
    kind_label: str
    at: datetime.datetime
    actor: str
    object_id: str
    object: str
    action: str
    action_label: str
    changes: list[ChangeRow]
    reason: str
    employee: models.Model | None


def _model_of(kind: str):
    return apps.get_model(_AUDITED[kind][0])


def _audit_changes(entry: dict) -> dict:
    try:
        changes = json.loads(entry["h_changes"] or "{}")
    except ValueError:
        return {}
    return changes if isinstance(changes, dict) else {}


def _related_names(entries: list[dict]) -> dict[type, dict]:
    """Names for the ids the page's field changes mention: one query per related model named."""
    wanted: dict[type, set] = defaultdict(set)
    for entry in entries:
        if entry["h_source"] != HistorySource.AUDIT:
            continue
        model = _model_of(entry["h_kind"])
        for name, values in _audit_changes(entry).items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.is_relation and field.many_to_one and isinstance(values, list):
                wanted[field.related_model].update(v for v in values if v is not None)
    return {related: related._default_manager.in_bulk(ids) for related, ids in wanted.items()}


def _choice_label(model, field_name: str, value: str) -> str:
    if not value:
        return "∅"
    return str(dict(model._meta.get_field(field_name).flatchoices).get(value, value))


def history_rows(entries) -> list[HistoryRow]:
    """A page of ``history_list`` as people read it: labels, names for ids, the employee concerned.

    Queries: the page itself, the employees, and one per related model its changes name.
    """
    entries = list(entries)
    employees = apps.get_model("people.Employee").objects.in_bulk({e["h_employee"] for e in entries} - {None})
    related = _related_names(entries)
    transition_model = apps.get_model("lms.EnrollmentTransition")
    event_model = apps.get_model("certificates.CertificateEvent")
    rows = []
    for entry in entries:
        source, kind = entry["h_source"], entry["h_kind"]
        if source == HistorySource.AUDIT:
            model = _model_of(kind)
            changes = []
            for name, values in _audit_changes(entry).items():
                old, new = values if isinstance(values, list) and len(values) == 2 else (None, values)
                label, show = field_displayer(model, name, related)
                changes.append(ChangeRow(label, "∅" if old is None else show(old), "∅" if new is None else show(new)))
            action_label = str(AuditEntry.Action(entry["h_action"]).label)
        elif source == HistorySource.SESSION:
            loaded = _audit_changes(entry).get("attendance", [None, None])
            changes = [ChangeRow(_("records loaded"), "∅", str(loaded[-1] if isinstance(loaded, list) else loaded))]
            action_label = str(AuditEntry.Action(entry["h_action"]).label)
        elif source == HistorySource.TRANSITION:
            changes = [
                ChangeRow(
                    _("status"),
                    _choice_label(transition_model, "from_status", entry["h_from"]),
                    _choice_label(transition_model, "to_status", entry["h_to"]),
                )
            ]
            action_label = str(AuditEntry.Action.TRANSITION.label)
        else:
            changes = []
            action_label = _choice_label(event_model, "action", entry["h_action"])
        rows.append(
            HistoryRow(
                kind=kind,
                kind_label=str(HistoryKind(kind).label),
                at=entry["h_at"],
                actor=entry["h_actor"] or "",
                object_id=entry["h_object_id"],
                object=entry["h_object"] or "",
                action=entry["h_action"],
                action_label=action_label,
                changes=changes,
                reason=entry["h_detail"] or "",
                employee=employees.get(entry["h_employee"]),
            )
        )
    return rows
