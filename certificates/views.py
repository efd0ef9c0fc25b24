"""Pages of certificates: "Sertifikat saya" for the ASN, an offering's certificates for its
coordinators (HR reads them), downloads one by one, as a ZIP, and as the SIASN CSV."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backend.people.access import access_for
from certificates import zips
from certificates.choices import CertificateStatus
from certificates.exports import siasn_csv_response
from certificates.forms import ReissueForm, RevokeForm
from certificates.selectors import certificate_get
from certificates.selectors_offering import (
    certificate_managed_get,
    certificate_offering_get,
    certificate_own_issued_list,
    certificate_own_list,
    offering_certificates_get,
    offering_issued_certificate_list,
)
from certificates.services import (
    certificate_issue_offering,
    certificate_reissue,
    certificate_retry,
    certificate_revoke,
)
from lms.access import can_manage_offering
from lms.choices import OfferingStatus
from lms.selectors.attendance import offering_managed_get


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- The ASN's own ----------------------------------------------------------------------------


@login_required
@require_GET
def my_certificates(request):
    """ "Sertifikat saya": number, course, dates, JP, status, and the PDF once it is issued."""
    certificates = certificate_own_list(access=access_for(request.user))
    return render(request, "certificates/mine.html", {"certificates": certificates})


@login_required
@require_GET
def my_certificates_csv(request):
    access = access_for(request.user)
    if access.employee_id is None:
        raise Http404
    return siasn_csv_response(slug=f"{request.user.username}", certificates=certificate_own_issued_list(access=access))


@login_required
@require_GET
def certificate_download(request, pk: int):
    """The stored PDF, to its owner, the offering's coordinators, HR and administrators; anyone
    else gets 404. Only an issued certificate has a PDF to give (a revoked one is no evidence)."""
    certificate = certificate_get(access=access_for(request.user), pk=pk)
    if certificate.status != CertificateStatus.ISSUED or not certificate.pdf:
        raise Http404
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=zips.pdf_filename(certificate),
        content_type="application/pdf",
    )


# --- An offering's, for its coordinators ------------------------------------------------------


@login_required
@require_GET
def offering_certificates(request, pk: int):
    access = access_for(request.user)
    offering = certificate_offering_get(access=access, pk=pk)
    page = offering_certificates_get(offering=offering)
    context = {
        "offering": offering,
        "page": page,
        "can_manage": can_manage_offering(access, offering),
        "finished": offering.status == OfferingStatus.FINISHED,
        "zip_inline": page.counts[CertificateStatus.ISSUED] <= zips.inline_max(),
        "revoke_form": RevokeForm(),
        "reissue_form": ReissueForm(),
        "statuses": CertificateStatus,
    }
    return render(request, "certificates/offering.html", context)


@login_required
@require_POST
def offering_certificates_issue(request, pk: int):
    """Number every completed participant's certificate; the PDFs are rendered in the background."""
    offering = offering_managed_get(access=access_for(request.user), pk=pk)
    try:
        certificates = certificate_issue_offering(offering=offering, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d certificate numbered; its PDF is being prepared.",
                "%(count)d certificates numbered; their PDFs are being prepared.",
                len(certificates),
            )
            % {"count": len(certificates)},
        )
    return redirect("offering-certificates", pk=offering.pk)


def _certificate_action(request, pk: int, *, form_class, service, done: str):
    certificate = certificate_managed_get(access=access_for(request.user), pk=pk)
    offering_pk = certificate.enrollment.offering_id
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("offering-certificates", pk=offering_pk)
    try:
        kwargs = {"reason": form.cleaned_data["reason"]} if form is not None else {}
        certificate = service(certificate=certificate, actor=request.user, **kwargs)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, done % {"number": certificate.number})
    return redirect("offering-certificates", pk=offering_pk)


@login_required
@require_POST
def certificate_revoke_view(request, pk: int):
    return _certificate_action(
        request, pk, form_class=RevokeForm, service=certificate_revoke, done=_("%(number)s is revoked.")
    )


@login_required
@require_POST
def certificate_reissue_view(request, pk: int):
    return _certificate_action(
        request,
        pk,
        form_class=ReissueForm,
        service=certificate_reissue,
        done=_("%(number)s is being issued again with the corrected details."),
    )


@login_required
@require_POST
def certificate_retry_view(request, pk: int):
    return _certificate_action(
        request, pk, form_class=None, service=certificate_retry, done=_("%(number)s is being rendered again.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def offering_certificates_zip(request, pk: int):
    """GET: the ZIP of the issued PDFs, built now for a small class, or the stored one for a large
    class once it is ready. POST: ask for the stored one to be built in the background."""
    offering = certificate_offering_get(access=access_for(request.user), pk=pk)
    certificates = list(offering_issued_certificate_list(offering=offering))
    if not certificates:
        raise Http404
    if request.method == "POST":
        zips.zip_request(offering_id=offering.pk, user_id=request.user.pk, certificates=certificates)
        if request.headers.get("HX-Request"):
            return offering_certificates_zip_status(request, pk)
        return redirect(reverse("offering-certificates", kwargs={"pk": offering.pk}) + "#zip")
    if len(certificates) <= zips.inline_max():
        return FileResponse(
            zips.zip_in_memory(certificates),
            as_attachment=True,
            filename=zips.zip_filename(offering),
            content_type="application/zip",
        )
    stored = zips.zip_stored_name(offering_id=offering.pk, user_id=request.user.pk, certificates=certificates)
    if stored is None:
        messages.info(request, _("The ZIP of a large class is prepared in the background: ask for it below."))
        return redirect(reverse("offering-certificates", kwargs={"pk": offering.pk}) + "#zip")
    return FileResponse(
        default_storage.open(stored, "rb"),
        as_attachment=True,
        filename=zips.zip_filename(offering),
        content_type="application/zip",
    )


@login_required
@require_http_methods(["GET", "POST"])
def offering_certificates_zip_status(request, pk: int):
    """The ZIP box of a large class, polled by htmx while the ZIP is built."""
    offering = certificate_offering_get(access=access_for(request.user), pk=pk)
    certificates = list(offering_issued_certificate_list(offering=offering))
    state = zips.zip_state(offering_id=offering.pk, user_id=request.user.pk, certificates=certificates)
    return render(request, "certificates/_zip.html", {"offering": offering, "count": len(certificates), **state})


@login_required
@require_GET
def offering_certificates_csv(request, pk: int):
    offering = certificate_offering_get(access=access_for(request.user), pk=pk)
    return siasn_csv_response(
        slug=offering.code, certificates=offering_issued_certificate_list(offering=offering), per_person=True
    )
