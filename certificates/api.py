"""API of certificates: /api/v1/certificates/ (list, retrieve, download; issue, revoke, re-issue,
retry) and the public /api/v1/certificates/verify/<code>/."""

import django_filters
from django.http import FileResponse, Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import renderers, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from backend.common.filters import IdFilter, YearFilter
from backend.people.access import access_for
from certificates import services
from certificates.api_serializers import (
    CertificateIssueInput,
    CertificateOutput,
    CertificateReasonInput,
    CertificateVerifyOutput,
)
from certificates.choices import CertificateStatus
from certificates.models import Certificate
from certificates.selectors import certificate_by_code, certificate_get, certificate_list
from certificates.selectors_offering import enrollment_managed_get
from certificates.zips import pdf_filename
from lms.selectors.attendance import offering_managed_get


class CertificateFilter(django_filters.FilterSet):
    offering = IdFilter(field_name="enrollment__offering_id")
    employee = IdFilter(field_name="enrollment__employee_id")
    status = django_filters.ChoiceFilter(choices=CertificateStatus.choices)
    year = YearFilter()

    class Meta:
        model = Certificate
        fields = ["offering", "employee", "status", "year"]


class PdfRenderer(renderers.BaseRenderer):
    """Lets a client ask for ``Accept: application/pdf``; the PDF itself is streamed as it is."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


CODE = OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH, description="The code in the QR link.")


@extend_schema(tags=["certificates"])
class CertificateViewSet(viewsets.GenericViewSet):
    """Certificates (STTP): one's own, those of the offerings one coordinates, all for HR and
    administrators. PDFs are rendered in the background: a new certificate is ``pending`` first.

    Read through the selectors, changed only by the actions (services); no create or update:
    a certificate follows a completed enrollment (``issue``)."""

    http_method_names = ["get", "post", "head", "options"]
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = CertificateFilter
    ordering_fields = ["created_at", "issued_at", "number"]
    serializer_class = CertificateOutput

    @property
    def access(self):
        return access_for(self.request.user)

    def get_queryset(self):
        return certificate_list(access=self.access)

    def get_object_scoped(self, pk):
        return certificate_get(access=self.access, pk=pk)

    def output(self, certificate) -> dict:
        return CertificateOutput(certificate, context={"access": self.access}).data

    def handle_exception(self, exc):
        # A client that asked for the PDF still gets the error as JSON: the PDF renderer passes
        # bytes through and has no way to write a message.
        if isinstance(getattr(self.request, "accepted_renderer", None), PdfRenderer):
            self.request.accepted_renderer = renderers.JSONRenderer()
            self.request.accepted_media_type = self.request.accepted_renderer.media_type
        return super().handle_exception(exc)

    def _validated(self, request, serializer_class) -> dict:
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(CertificateOutput(page, many=True, context={"access": self.access}).data)

    def retrieve(self, request, pk=None):
        return Response(self.output(self.get_object_scoped(pk)))

    def _outputs(self, certificates) -> list:
        # Read again through the selector: the service's objects lack the joins the output needs.
        pks = [c.pk for c in certificates]
        fresh = {c.pk: c for c in certificate_list(access=self.access).filter(pk__in=pks)}
        return CertificateOutput(
            [fresh[pk] for pk in pks if pk in fresh], many=True, context={"access": self.access}
        ).data

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The stored PDF."),
            404: OpenApiResponse(description="Out of scope, or not issued (pending, failed, revoked)."),
        }
    )
    @action(detail=True, methods=["get"], renderer_classes=[renderers.JSONRenderer, PdfRenderer])
    def download(self, request, pk=None):
        """The certificate's PDF, for its owner, the offering's coordinators, HR and administrators."""
        certificate = self.get_object_scoped(pk)
        if certificate.status != CertificateStatus.ISSUED or not certificate.pdf:
            raise Http404
        return FileResponse(
            certificate.pdf.open("rb"),
            as_attachment=True,
            filename=pdf_filename(certificate),
            content_type="application/pdf",
        )

    @extend_schema(request=CertificateIssueInput, responses=CertificateOutput(many=True))
    # A plain list of what was issued: the list's filters and pagination do not apply.
    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def issue(self, request):
        """Number the certificate of a completed enrollment, or of every completed participant of an
        offering (coordinators of the offering). Idempotent: asking again answers the same certificates."""
        data = self._validated(request, serializer_class=CertificateIssueInput)
        if "enrollment" in data:
            enrollment = enrollment_managed_get(access=self.access, pk=data["enrollment"])
            certificates = [services.certificate_issue(enrollment=enrollment, actor=request.user)]
        else:
            offering = offering_managed_get(access=self.access, pk=data["offering"])
            certificates = services.certificate_issue_offering(offering=offering, actor=request.user)
        return Response(self._outputs(certificates))

    @extend_schema(request=CertificateReasonInput, responses=CertificateOutput)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """Revoke with a reason; the public verification then says so, with the date and the reason."""
        data = self._validated(request, serializer_class=CertificateReasonInput)
        certificate = services.certificate_revoke(
            certificate=self.get_object_scoped(pk), actor=request.user, reason=data["reason"]
        )
        return Response(self.output(self.get_object_scoped(certificate.pk)))

    @extend_schema(request=CertificateReasonInput, responses=CertificateOutput)
    @action(detail=True, methods=["post"])
    def reissue(self, request, pk=None):
        """After a correction: the same number, the content read again, the PDF rendered again."""
        data = self._validated(request, serializer_class=CertificateReasonInput)
        certificate = services.certificate_reissue(
            certificate=self.get_object_scoped(pk), actor=request.user, reason=data["reason"]
        )
        return Response(self.output(self.get_object_scoped(certificate.pk)))

    @extend_schema(request=None, responses=CertificateOutput)
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        """Render a failed certificate again."""
        certificate = services.certificate_retry(certificate=self.get_object_scoped(pk), actor=request.user)
        return Response(self.output(self.get_object_scoped(certificate.pk)))

    @extend_schema(parameters=[CODE], responses=CertificateVerifyOutput, auth=[])
    @action(
        detail=False,
        methods=["get"],
        url_path=r"verify/(?P<code>[A-Za-z0-9_-]+)",
        permission_classes=[AllowAny],
        authentication_classes=[],
        filter_backends=[],
        pagination_class=None,
    )
    def verify(self, request, code=None):
        """Public, no login: whether a certificate is genuine, with only what is needed to check it."""
        return Response(CertificateVerifyOutput(CertificateVerifyOutput.facts(certificate_by_code(code=code))).data)


router = SimpleRouter()
router.register("certificates", CertificateViewSet, basename="certificate")

urlpatterns: list = []
