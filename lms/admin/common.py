"""What the service-backed admins share."""

from django.contrib import admin


def changed_fields(form, allowed) -> dict:
    return {name: form.cleaned_data[name] for name in form.changed_data if name in allowed}


def all_fields(form, allowed) -> dict:
    return {name: form.cleaned_data[name] for name in allowed if name in form.cleaned_data}


def mark_saved(formsets) -> None:
    """The admin's change message reads what ``formset.save()`` would have set; the services saved instead."""
    for formset in formsets:
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


class ServiceAdmin(admin.ModelAdmin):
    """Saves through ``create``/``update`` services; nothing is deleted (history stays whole)."""

    service_fields: list[str] = []

    def create(self, request, data):
        raise NotImplementedError

    def update(self, request, obj, data):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        if change:
            self.update(request, obj, changed_fields(form, self.service_fields))
        else:
            obj.pk = self.create(request, all_fields(form, self.service_fields)).pk

    def has_delete_permission(self, request, obj=None):
        return False
