"""Admin for the appraisal's configuration and reference data.

The configurable numbers (thresholds, predikat bounds) are edited here by
administrators; every save goes through a service and keeps its history.
"""

from django.contrib import admin

from backend.appraisal.models import (
    AppraisalRules,
    Evaluation,
    FollowUp,
    IkmSurvey,
    Indicator,
    OrgPerformance,
    Period,
    PredikatBound,
    Score,
)
from backend.appraisal.services.config import config_save
from backend.common.admin import ReadOnlyAdmin


class _ServiceSavedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        saved = config_save(actor=request.user, instance=obj, changed=form.changed_data, creating=not change)
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AppraisalRules)
class AppraisalRulesAdmin(_ServiceSavedAdmin):
    list_display = ["__str__", "weak_threshold", "result_meets_from", "result_above_from", "updated_at"]

    def has_add_permission(self, request):
        # One row: the data migration created it.
        return not AppraisalRules.objects.exists()


@admin.register(PredikatBound)
class PredikatBoundAdmin(_ServiceSavedAdmin):
    list_display = ["org_rating", "predikat", "max_share"]
    list_filter = ["org_rating"]


@admin.register(OrgPerformance)
class OrgPerformanceAdmin(_ServiceSavedAdmin):
    list_display = ["org_unit", "year", "rating"]
    list_filter = ["year", "rating"]
    autocomplete_fields = ["org_unit"]


@admin.register(Period)
class PeriodAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "start_date", "end_date", "status"]
    list_filter = ["kind", "status", "year"]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "category", "direction", "org_unit"]
    list_filter = ["level", "category", "direction"]
    search_fields = ["code", "name"]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ["employee", "indicator", "period", "target", "realisasi", "achievement"]
    list_select_related = ["employee", "indicator", "period"]
    search_fields = ["employee__name", "employee__nip", "indicator__code"]


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ["employee", "period", "result_rating", "behaviour_rating", "predikat"]
    list_filter = ["predikat"]
    list_select_related = ["employee", "period"]
    search_fields = ["employee__name", "employee__nip"]


@admin.register(IkmSurvey)
class IkmSurveyAdmin(ReadOnlyAdmin):
    list_display = ["org_unit", "period", "is_open"]
    list_select_related = ["org_unit", "period"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["employee", "kind", "owner", "due_date", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["employee", "owner"]
