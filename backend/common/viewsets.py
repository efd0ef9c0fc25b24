"""The base of every app's API viewsets (kept apart from api.py, which DRF settings import)."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response


def write_schema(input_serializer, output_serializer):
    """Document writes as taking the input serializer and answering with the output one."""
    return extend_schema_view(
        create=extend_schema(request=input_serializer, responses={201: output_serializer}),
        update=extend_schema(request=input_serializer, responses=output_serializer),
        partial_update=extend_schema(request=input_serializer, responses=output_serializer),
    )


class ServiceViewSet(viewsets.GenericViewSet):
    """List/retrieve through a selector, create/update through a service.

    Subclasses give ``get_queryset`` (a selector), ``get_object_scoped`` (a
    selector that 404s outside the caller's scope) and ``perform_service_create``
    / ``perform_service_update`` (services), plus the two serializers.
    """

    filter_backends = [DjangoFilterBackend, OrderingFilter]
    output_serializer = None
    # A list may show a summary of each row (retrieve shows it whole).
    list_output_serializer = None
    input_serializer = None
    # Updates may take a narrower serializer than creation (e.g. no changing whose score it is).
    update_input_serializer = None

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return self.update_input_serializer or self.input_serializer
        if self.action == "create":
            return self.input_serializer
        if self.action == "list" and self.list_output_serializer is not None:
            return self.list_output_serializer
        return self.output_serializer

    def prepare(self, objects: list) -> list:
        """Attach what a selector computes for a page of objects (e.g. survey results) before output."""
        return objects

    def output(self, obj):
        return self.output_serializer(self.prepare([obj])[0]).data

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        serializer = self.list_output_serializer or self.output_serializer
        return self.get_paginated_response(serializer(self.prepare(list(page)), many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.output(self.get_object_scoped(pk)))

    def create(self, request):
        data = self._validated(request, partial=False, serializer_class=self.input_serializer)
        obj = self.perform_service_create(data)
        return Response(self.output(self.get_object_scoped(obj.pk)), status=status.HTTP_201_CREATED)

    def update(self, request, pk=None):
        return self._update(request, pk, partial=False)

    def partial_update(self, request, pk=None):
        return self._update(request, pk, partial=True)

    def _update(self, request, pk, *, partial):
        obj = self.get_object_scoped(pk)
        data = self._validated(
            request, partial=partial, serializer_class=self.update_input_serializer or self.input_serializer
        )
        obj = self.perform_service_update(obj, data)
        return Response(self.output(self.get_object_scoped(obj.pk)))

    def _validated(self, request, *, partial, serializer_class):
        serializer = serializer_class(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data
