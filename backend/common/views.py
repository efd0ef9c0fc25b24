import os

from django.http import FileResponse, Http404, HttpResponsePermanentRedirect
from django.templatetags.static import static


def favicon(request):
    # Resolved per request: with the manifest storage the hashed name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def stored_file_response(field) -> FileResponse:
    """Send a stored file as a download named after it; 404 when there is none or it is gone.

    Callers fetch the owning object through a scoped selector first: personal files are never
    served by a public /media/ address.
    """
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, filename=os.path.basename(field.name))
