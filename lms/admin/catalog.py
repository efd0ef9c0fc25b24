"""Catalog admin: competencies, venues, trainers, courses (saved through the catalog services)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lms.admin.common import ServiceAdmin, all_fields, changed_fields, mark_saved
from lms.models import (
    Competency,
    Course,
    CourseGapTarget,
    CourseIndicator,
    Trainer,
    Venue,
)
from lms.services import catalog as catalog_services


@admin.register(Competency)
class CompetencyAdmin(ServiceAdmin):
    list_display = ["name", "code", "type"]
    list_filter = ["type"]
    search_fields = ["name", "code"]
    fields = service_fields = catalog_services.COMPETENCY_FIELDS

    def create(self, request, data):
        return catalog_services.competency_create(actor=request.user, **data)

    def update(self, request, obj, data):
        return catalog_services.competency_update(actor=request.user, competency=obj, **data)


@admin.register(Venue)
class VenueAdmin(ServiceAdmin):
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
class TrainerAdmin(ServiceAdmin):
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


class CourseGapTargetInline(admin.TabularInline):
    model = CourseGapTarget
    fields = ["kind", "code", "weight"]
    extra = 1


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "channel", "type", "duration_minutes", "is_active"]
    list_filter = ["channel", "type", "competency_type", "is_active"]
    search_fields = ["title", "code"]
    fields = [*catalog_services.COURSE_FIELDS, *catalog_services.COURSE_RELATIONS]
    autocomplete_fields = ["competencies", "prerequisites", "mandatory_positions", "mandatory_units"]
    inlines = [CourseIndicatorInline, CourseGapTargetInline]

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
        gap_targets = [
            (row["kind"], row["code"], row["weight"])
            for formset in formsets
            if formset.model is CourseGapTarget
            for row in formset.cleaned_data
            if row and row.get("code") and not row.get("DELETE")
        ]
        mark_saved(formsets)
        relations = {name: list(form.cleaned_data[name]) for name in catalog_services.COURSE_RELATIONS}
        if change:
            catalog_services.course_update(
                actor=request.user,
                course=form.instance,
                target_indicators=targets,
                gap_targets=gap_targets,
                **relations,
                **changed_fields(form, catalog_services.COURSE_FIELDS),
            )
        else:
            course = catalog_services.course_create(
                actor=request.user,
                target_indicators=targets,
                gap_targets=gap_targets,
                **relations,
                **all_fields(form, catalog_services.COURSE_FIELDS),
            )
            form.instance.pk = course.pk

    def has_delete_permission(self, request, obj=None):
        return False
