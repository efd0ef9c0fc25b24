"""Offering and session admin (saved through the scheduling services)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from lms.admin.common import all_fields, changed_fields, mark_saved
from lms.models import (
    Offering,
    Session,
)
from lms.selectors.clashes import session_clashes
from lms.services import scheduling


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
            scheduling.offering_update(
                actor=request.user, offering=obj, **changed_fields(form, scheduling.OFFERING_FIELDS)
            )
        else:
            obj.pk = scheduling.offering_create(actor=request.user, **all_fields(form, scheduling.OFFERING_FIELDS)).pk

    def save_related(self, request, form, formsets, change):
        mark_saved(formsets)
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
