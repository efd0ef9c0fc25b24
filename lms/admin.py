"""Django admin for the training catalog and schedule.

Every save goes through the catalog and scheduling services, so the admin keeps the same
rules (clashes, dates, permissions) and history as the pages and the API. Enrollments,
attendance and the JP ledger change only through their own pages (with their rules): here
they are read-only.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from lms.models import (
    Attendance,
    Competency,
    Course,
    CourseIndicator,
    Enrollment,
    EnrollmentTransition,
    ExternalActivity,
    JpConversion,
    JpLedgerEntry,
    Notification,
    Offering,
    Session,
    Trainer,
    Venue,
)
from lms.selectors.clashes import session_clashes
from lms.services import catalog as catalog_services
from lms.services import scheduling


def _changed(form, allowed) -> dict:
    return {name: form.cleaned_data[name] for name in form.changed_data if name in allowed}


def _all(form, allowed) -> dict:
    return {name: form.cleaned_data[name] for name in allowed if name in form.cleaned_data}


def _mark_saved(formsets) -> None:
    """The admin's change message reads what ``formset.save()`` would have set; the services saved instead."""
    for formset in formsets:
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


class _ServiceAdmin(admin.ModelAdmin):
    """Saves through ``create``/``update`` services; nothing is deleted (history stays whole)."""

    service_fields: list[str] = []

    def create(self, request, data):
        raise NotImplementedError

    def update(self, request, obj, data):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        if change:
            self.update(request, obj, _changed(form, self.service_fields))
        else:
            obj.pk = self.create(request, _all(form, self.service_fields)).pk

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Competency)
class CompetencyAdmin(_ServiceAdmin):
    list_display = ["name", "code", "type"]
    list_filter = ["type"]
    search_fields = ["name", "code"]
    fields = service_fields = catalog_services.COMPETENCY_FIELDS

    def create(self, request, data):
        return catalog_services.competency_create(actor=request.user, **data)

    def update(self, request, obj, data):
        return catalog_services.competency_update(actor=request.user, competency=obj, **data)


@admin.register(Venue)
class VenueAdmin(_ServiceAdmin):
    list_display = ["name", "capacity", "org_unit", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "address"]
    list_select_related = ["org_unit"]
    autocomplete_fields = ["org_unit"]
    fields = service_fields = catalog_services.VENUE_FIELDS

    def create(self, request, data):
        return catalog_services.venue_create(actor=request.user, **data)

    def update(self, request, obj, data):
        return catalog_services.venue_update(actor=request.user, venue=obj, **data)


class TrainerAdminForm(forms.ModelForm):
    class Meta:
        model = Trainer
        fields = catalog_services.TRAINER_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The service copies an employee's name; only external trainers need one typed.
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Copied from the employee; required for an external trainer.")

    def clean(self):
        data = super().clean()
        if data.get("employee") is not None:
            data["name"] = data["employee"].display_name
        elif not data.get("name"):
            self.add_error("name", _("An external trainer needs a name."))
        return data


@admin.register(Trainer)
class TrainerAdmin(_ServiceAdmin):
    list_display = ["name", "employee", "institution", "expertise", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "institution", "expertise"]
    list_select_related = ["employee"]
    autocomplete_fields = ["employee"]
    fields = service_fields = catalog_services.TRAINER_FIELDS
    form = TrainerAdminForm

    def create(self, request, data):
        return catalog_services.trainer_create(actor=request.user, **data)

    def update(self, request, obj, data):
        return catalog_services.trainer_update(actor=request.user, trainer=obj, **data)


class CourseIndicatorInline(admin.TabularInline):
    model = CourseIndicator
    fields = ["indicator", "weight"]
    autocomplete_fields = ["indicator"]
    extra = 1


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "channel", "type", "duration_minutes", "is_active"]
    list_filter = ["channel", "type", "competency_type", "is_active"]
    search_fields = ["title", "code"]
    fields = [*catalog_services.COURSE_FIELDS, *catalog_services.COURSE_RELATIONS]
    autocomplete_fields = ["competencies", "prerequisites", "mandatory_positions", "mandatory_units"]
    inlines = [CourseIndicatorInline]

    def save_model(self, request, obj, form, change):
        # Saved with its target indicators in save_related: one service call, one history row.
        pass

    def save_related(self, request, form, formsets, change):
        targets = [
            (row["indicator"], row["weight"])
            for formset in formsets
            if formset.model is CourseIndicator
            for row in formset.cleaned_data
            if row and row.get("indicator") and not row.get("DELETE")
        ]
        _mark_saved(formsets)
        relations = {name: list(form.cleaned_data[name]) for name in catalog_services.COURSE_RELATIONS}
        if change:
            catalog_services.course_update(
                actor=request.user,
                course=form.instance,
                target_indicators=targets,
                **relations,
                **_changed(form, catalog_services.COURSE_FIELDS),
            )
        else:
            course = catalog_services.course_create(
                actor=request.user,
                target_indicators=targets,
                **relations,
                **_all(form, catalog_services.COURSE_FIELDS),
            )
            form.instance.pk = course.pk

    def has_delete_permission(self, request, obj=None):
        return False


class SessionInlineForm(forms.ModelForm):
    override_reason = forms.CharField(
        label=_("Keep despite a clash, because"),
        required=False,
        max_length=255,
        help_text=_("Stored with the session and in its history."),
    )

    class Meta:
        model = Session
        fields = ["date", "starts_at", "ends_at", "topic", "trainer", "venue", "rotating_checkin"]


class SessionInlineFormSet(BaseInlineFormSet):
    """Names each clash beside its session before anything is saved, as the pages do."""

    def clean(self):
        super().clean()
        offering = self.instance
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not form.has_changed():
                continue
            date = data.get("date")
            if (
                date
                and offering.start_date
                and offering.end_date
                and not (offering.start_date <= date <= offering.end_date)
            ):
                form.add_error("date", _("The session must lie within the offering's dates."))
                continue
            if form.instance.pk and not any(name in form.changed_data for name in scheduling.SESSION_TIME_PLACE):
                continue
            venue = data.get("venue") or offering.venue
            clashes = session_clashes(
                date=date,
                starts_at=data.get("starts_at"),
                ends_at=data.get("ends_at"),
                venue_id=venue.pk if venue else None,
                trainer_id=data["trainer"].pk if data.get("trainer") else None,
                offering_id=offering.pk,
                exclude_session_id=form.instance.pk,
            )
            if clashes and not data.get("override_reason", "").strip():
                for clash in clashes:
                    form.add_error(None, clash.message)


class SessionInline(admin.TabularInline):
    model = Session
    form = SessionInlineForm
    formset = SessionInlineFormSet
    fields = [
        "date",
        "starts_at",
        "ends_at",
        "topic",
        "trainer",
        "venue",
        "rotating_checkin",
        "override_reason",
        "clash_override_reason",
    ]
    readonly_fields = ["clash_override_reason"]
    autocomplete_fields = ["trainer", "venue"]
    extra = 1


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    list_display = ["code", "course", "start_date", "end_date", "status", "capacity", "owner_unit"]
    list_filter = ["status", "course__channel", "requires_approval"]
    search_fields = ["code", "course__title"]
    list_select_related = ["course", "owner_unit"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["course", "venue", "owner_unit"]
    fields = [*scheduling.OFFERING_FIELDS, "status"]
    readonly_fields = ["status"]
    inlines = [SessionInline]
    actions = ["publish", "start"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status in scheduling.CLOSED_STATUSES:
            return self.fields
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            scheduling.offering_update(actor=request.user, offering=obj, **_changed(form, scheduling.OFFERING_FIELDS))
        else:
            obj.pk = scheduling.offering_create(actor=request.user, **_all(form, scheduling.OFFERING_FIELDS)).pk

    def save_related(self, request, form, formsets, change):
        _mark_saved(formsets)
        offering = Offering.objects.get(pk=form.instance.pk)
        for formset in formsets:
            for inline in formset.forms:
                if not inline.has_changed() and not inline.instance.pk:
                    continue
                self._save_session(request, offering, inline, formset)

    def _save_session(self, request, offering, inline, formset):
        data = inline.cleaned_data
        fields = SessionInlineForm.Meta.fields
        try:
            if inline.instance.pk and formset._should_delete_form(inline):
                scheduling.session_delete(actor=request.user, session=inline.instance)
            elif inline.instance.pk:
                if inline.changed_data:
                    scheduling.session_update(
                        actor=request.user,
                        session=inline.instance,
                        override_reason=data.get("override_reason", ""),
                        **{name: data[name] for name in inline.changed_data if name in fields},
                    )
            elif data:
                scheduling.session_create(
                    actor=request.user,
                    offering=offering,
                    override_reason=data.get("override_reason", ""),
                    **{name: data[name] for name in fields},
                )
        except ValidationError as exc:
            # A clash that appeared since the form was checked: the rest of the save stands.
            for message in exc.messages:
                messages.error(request, message)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Publish the selected drafts"))
    def publish(self, request, queryset):
        self._each(request, queryset, scheduling.offering_publish)

    @admin.action(description=_("Start the selected published offerings"))
    def start(self, request, queryset):
        self._each(request, queryset, scheduling.offering_start)

    def _each(self, request, queryset, service):
        done = 0
        for offering in queryset.select_related("owner_unit"):
            try:
                service(actor=request.user, offering=offering)
                done += 1
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
        if done:
            messages.success(request, _("%(n)d offerings changed.") % {"n": done})


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Changed only through their pages and services (with their rules and history)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Enrollment)
class EnrollmentAdmin(_ReadOnlyAdmin):
    list_display = ["employee", "offering", "status", "source", "requested_at", "credited_minutes"]
    list_filter = ["status", "source"]
    list_select_related = ["employee", "offering"]
    search_fields = ["employee__name", "employee__nip", "offering__code"]


@admin.register(EnrollmentTransition)
class EnrollmentTransitionAdmin(_ReadOnlyAdmin):
    list_display = ["enrollment", "from_status", "to_status", "actor", "at", "reason"]
    list_filter = ["to_status"]
    list_select_related = ["enrollment__employee", "enrollment__offering", "actor"]


@admin.register(Attendance)
class AttendanceAdmin(_ReadOnlyAdmin):
    list_display = ["enrollment", "session", "status", "method", "recorded_by", "recorded_at"]
    list_filter = ["status", "method"]
    list_select_related = ["enrollment__employee", "enrollment__offering", "session__offering", "recorded_by"]


@admin.register(JpLedgerEntry)
class JpLedgerEntryAdmin(_ReadOnlyAdmin):
    list_display = ["employee", "year", "title", "minutes", "source", "date"]
    list_filter = ["year", "source"]
    list_select_related = ["employee"]
    search_fields = ["employee__name", "employee__nip", "title"]


@admin.register(ExternalActivity)
class ExternalActivityAdmin(_ReadOnlyAdmin):
    list_display = ["employee", "kind", "title", "start_date", "end_date", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["employee"]
    search_fields = ["employee__name", "employee__nip", "title"]


@admin.register(JpConversion)
class JpConversionAdmin(_ReadOnlyAdmin):
    list_display = ["kind", "basis", "jp", "max_units_per_month", "updated_at"]


@admin.register(Notification)
class NotificationAdmin(_ReadOnlyAdmin):
    list_display = ["recipient", "kind", "title", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
