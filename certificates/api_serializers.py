"""Input and output of the certificates API."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.common.fields import IdField
from backend.people.api.serializers import EmployeeRefOutput
from certificates.choices import CertificateStatus
from certificates.content import verify_url
from certificates.models import Certificate
from certificates.public_views import masked_nip
from lms.access import can_manage_offering
from lms.rules import jp_from_minutes

# --- Output ---------------------------------------------------------------------------------------


class CertificateOutput(serializers.ModelSerializer):
    """A certificate with whose it is and what it says; ``content`` comes with retrieve only."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    employee = EmployeeRefOutput(source="enrollment.employee", read_only=True)
    offering = serializers.IntegerField(source="enrollment.offering_id", read_only=True)
    offering_code = serializers.CharField(source="enrollment.offering.code", read_only=True)
    course_title = serializers.SerializerMethodField()
    start_date = serializers.DateField(source="enrollment.offering.start_date", read_only=True)
    end_date = serializers.DateField(source="enrollment.offering.end_date", read_only=True)
    jp_minutes = serializers.SerializerMethodField()
    jp = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField(
        help_text=gettext_lazy("The PDF (this API's download action); null until the certificate is issued.")
    )

    error = serializers.SerializerMethodField(
        help_text=gettext_lazy("The last render error, for the offering's managers and HR; empty for others.")
    )

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "year",
            "status",
            "status_label",
            "employee",
            "enrollment",
            "offering",
            "offering_code",
            "course_title",
            "start_date",
            "end_date",
            "jp_minutes",
            "jp",
            "issued_at",
            "revoked_at",
            "revoke_reason",
            "error",
            "attempts",
            "sha256",
            "pdf_bytes",
            "verify_url",
            "download_url",
            "created_at",
        ]

    def get_error(self, certificate) -> str:
        # A raw exception is for those who can act on it, not for the participant.
        access = self.context.get("access")
        if access is not None and (
            access.is_admin or access.is_hr or can_manage_offering(access, certificate.enrollment.offering)
        ):
            return certificate.error
        return ""

    def get_course_title(self, certificate) -> str:
        return certificate.content.get("course_title") or certificate.enrollment.offering.course.title

    def get_jp_minutes(self, certificate) -> int:
        return int(certificate.content.get("jp_minutes") or 0)

    @extend_schema_field(serializers.DecimalField(max_digits=8, decimal_places=2))
    def get_jp(self, certificate):
        return str(jp_from_minutes(self.get_jp_minutes(certificate)))

    def get_verify_url(self, certificate) -> str:
        return verify_url(certificate.code)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download_url(self, certificate):
        if certificate.status != CertificateStatus.ISSUED:
            return None
        return reverse("api:certificate-download", args=[certificate.pk])


class CertificateVerifyOutput(serializers.Serializer):
    """What the public may know of a certificate: enough to check it, nothing more (issue 6)."""

    name = serializers.CharField()
    nip = serializers.CharField(help_text=gettext_lazy("Partly masked."))
    course = serializers.CharField()
    agency = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    jp = serializers.DecimalField(max_digits=8, decimal_places=2)
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=CertificateStatus.choices)
    revoked_at = serializers.DateTimeField(allow_null=True)
    revoke_reason = serializers.CharField(allow_blank=True)

    @staticmethod
    def facts(certificate: Certificate) -> dict:
        content = certificate.content
        return {
            "name": content["participant"]["name"],
            "nip": masked_nip(content["participant"]["nip"]),
            "course": content["course_title"],
            "agency": content["agency"],
            "start_date": content["start_date"],
            "end_date": content["end_date"],
            "jp": jp_from_minutes(content["jp_minutes"]),
            "number": certificate.number,
            "status": certificate.status,
            "revoked_at": certificate.revoked_at,
            "revoke_reason": certificate.revoke_reason,
        }


# --- Input ----------------------------------------------------------------------------------------


class CertificateIssueInput(serializers.Serializer):
    enrollment = IdField(required=False, help_text=gettext_lazy("One completed enrollment's certificate."))
    offering = IdField(
        required=False, help_text=gettext_lazy("Every completed participant's certificate of an offering.")
    )

    def validate(self, data):
        if ("enrollment" in data) == ("offering" in data):
            raise serializers.ValidationError(_("Give either an enrollment or an offering."))
        return data


class CertificateReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500)
