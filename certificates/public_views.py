"""Public verification of a certificate: by the code in its QR link, or by uploading the PDF.

No login. A page shows only what is needed to check authenticity (issue 6): the name, the NIP
partly masked, the course, dates, JP, the number and the status.
"""

import datetime
import hashlib

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from backend.appraisal.ratelimit import allow
from backend.common.uploads import PDF, upload_check
from certificates.selectors import certificate_by_code, certificate_by_sha256
from lms.rules import format_jp


def masked_nip(nip: str) -> str:
    """19801230 201001 2 005 → 1980•••• •••••• • 005: enough to compare with the paper, not to read."""
    if len(nip) != 18:
        return "•" * len(nip)
    hidden = nip[:4] + "•" * 11 + nip[15:]
    return f"{hidden[:8]} {hidden[8:14]} {hidden[14]} {hidden[15:]}"


def _facts(certificate) -> dict:
    content = certificate.content
    return {
        "certificate": certificate,
        "name": content["participant"]["name"],
        "nip": masked_nip(content["participant"]["nip"]),
        "course": content["course_title"],
        "agency": content["agency"],
        "start": datetime.date.fromisoformat(content["start_date"]),
        "end": datetime.date.fromisoformat(content["end_date"]),
        "jp": format_jp(content["jp_minutes"]),
        "number": certificate.number,
    }


@never_cache
@require_GET
def certificate_verify(request, code: str):
    certificate = certificate_by_code(code=code)
    return render(request, "certificates/public/verify.html", _facts(certificate))


class PdfUploadForm(forms.Form):
    pdf = forms.FileField(label=_("Certificate PDF"))

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        limit = settings.CERTIFICATE_VERIFY_MAX_MB
        try:
            upload_check(upload, types=(PDF,), max_mb=limit)
        except ValidationError as exc:
            # The public is told plainly, in the words of this page.
            if exc.code == "too_large":
                raise forms.ValidationError(
                    _("The file is larger than a certificate can be (%(mb)s MB).") % {"mb": limit}
                ) from None
            raise forms.ValidationError(_("This is not a PDF file.")) from None
        return upload


@never_cache
@require_http_methods(["GET", "POST"])
def certificate_verify_upload(request):
    form = PdfUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        if not allow(request, scope="certificate-upload", limit=settings.CERTIFICATE_UPLOAD_RATE_LIMIT, window=3600):
            return render(request, "certificates/public/verify_upload.html", {**context, "limited": True}, status=429)
        digest = hashlib.sha256()
        for chunk in form.cleaned_data["pdf"].chunks():
            digest.update(chunk)
        certificate, current = certificate_by_sha256(sha256=digest.hexdigest())
        context.update({"checked": True, "found": certificate is not None, "current": current})
        if certificate is not None:
            context.update(_facts(certificate))
    return render(request, "certificates/public/verify_upload.html", context)


urlpatterns = [
    path("", certificate_verify_upload, name="certificate-verify-upload"),
    path("<str:code>/", certificate_verify, name="certificate-verify"),
]
