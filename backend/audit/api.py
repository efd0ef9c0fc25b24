"""GET /api/v1/audit/history/: the change history HR reads, as the page shows it."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied

from backend.audit.selectors import HistoryFilter, HistoryKind, history_list, history_readable, history_rows
from backend.people.access import access_for


class HistoryQueryInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=HistoryKind.choices, required=False)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    actor = serializers.CharField(required=False, max_length=150, help_text="Username or part of the name.")
    employee = serializers.CharField(required=False, max_length=150, help_text="NIP or part of the name.")


class ChangeOutput(serializers.Serializer):
    label = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class HistoryEmployeeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    nip = serializers.CharField()


class HistoryOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=HistoryKind.choices)
    at = serializers.DateTimeField()
    actor = serializers.CharField(help_text="Username; empty for the system (imports, tasks).")
    object_id = serializers.CharField()
    object = serializers.CharField()
    action = serializers.CharField()
    action_label = serializers.CharField()
    changes = ChangeOutput(many=True)
    reason = serializers.CharField()
    employee = HistoryEmployeeOutput(allow_null=True)


@extend_schema(tags=["audit"], parameters=[HistoryQueryInput])
class HistoryListView(generics.ListAPIView):
    """Changes of scores, attendance, enrollments and certificates, newest first (HR and administrators)."""

    serializer_class = HistoryOutput
    filter_backends: list = []

    def get_queryset(self):
        if not history_readable(access_for(self.request.user)):
            raise PermissionDenied
        query = HistoryQueryInput(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return history_list(flt=HistoryFilter(**query.validated_data))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(HistoryOutput(history_rows(page), many=True).data)


urlpatterns = [path("audit/history/", HistoryListView.as_view(), name="audit-history")]
