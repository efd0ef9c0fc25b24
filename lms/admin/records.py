"""Records that change only through their own pages and rules: read-only here."""

from django.contrib import admin

from backend.common.admin import ReadOnlyAdmin
from lms.models import (
    Attendance,
    Enrollment,
    EnrollmentTransition,
    ExternalActivity,
    JpConversion,
    JpLedgerEntry,
    Notification,
    Suggestion,
    SuggestionRun,
)


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdmin):
    list_display = ["employee", "offering", "status", "source", "requested_at", "credited_minutes"]
    list_filter = ["status", "source"]
    list_select_related = ["employee", "offering"]
    search_fields = ["employee__name", "employee__nip", "offering__code"]


@admin.register(EnrollmentTransition)
class EnrollmentTransitionAdmin(ReadOnlyAdmin):
    list_display = ["enrollment", "from_status", "to_status", "actor", "at", "reason"]
    list_filter = ["to_status"]
    list_select_related = ["enrollment__employee", "enrollment__offering", "actor"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["enrollment", "session", "status", "method", "recorded_by", "recorded_at"]
    list_filter = ["status", "method"]
    list_select_related = ["enrollment__employee", "enrollment__offering", "session__offering", "recorded_by"]


@admin.register(JpLedgerEntry)
class JpLedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["employee", "year", "title", "minutes", "source", "date"]
    list_filter = ["year", "source"]
    list_select_related = ["employee"]
    search_fields = ["employee__name", "employee__nip", "title"]


@admin.register(ExternalActivity)
class ExternalActivityAdmin(ReadOnlyAdmin):
    list_display = ["employee", "kind", "title", "start_date", "end_date", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["employee"]
    search_fields = ["employee__name", "employee__nip", "title"]


@admin.register(JpConversion)
class JpConversionAdmin(ReadOnlyAdmin):
    list_display = ["kind", "basis", "jp", "max_units_per_month", "updated_at"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "kind", "title", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyAdmin):
    list_display = ["employee", "course", "gap_label", "status", "rank_score", "computed_at"]
    list_filter = ["status", "gap_kind"]
    search_fields = ["employee__name", "employee__nip", "course__title"]
    list_select_related = ["employee", "course"]


@admin.register(SuggestionRun)
class SuggestionRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "trigger", "employee", "employees", "created", "updated", "lapsed", "seconds"]
    list_filter = ["trigger"]
