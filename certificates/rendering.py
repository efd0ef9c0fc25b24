"""The certificate as HTML and as PDF (WeasyPrint), from its frozen content and its issuer.

Rendering reads nothing but the content dict and the issuer's two image files: a
re-render of an issued certificate gives the same text whatever changed since.
"""

import base64
import ctypes
import ctypes.util
import io
import mimetypes
import os
import threading

import segno
from django.conf import settings
from django.template.loader import render_to_string

from certificates.words import hari_tanggal, jp_phrase, rentang_tanggal, tanggal

TEMPLATE = "certificates/sttp.html"
HARFBUZZ_SUBSET_PACKAGE = "libharfbuzz-subset0"
HARFBUZZ_SUBSET_MISSING = (
    f"{HARFBUZZ_SUBSET_PACKAGE} is missing: apt-get install {HARFBUZZ_SUBSET_PACKAGE} "
    "(WeasyPrint renders ~5× slower without it)"
)
# The template's largest printed size of each image (22 mm square, 60 × 20 mm) at 300 dpi.
LOGO_BOX = (260, 260)
SIGNATURE_BOX = (710, 240)

_font_config = None
_font_config_pid = None
_font_config_lock = threading.Lock()

# Issuer images by storage name: upload names are random per upload, so a replaced logo
# has a new name and a stale entry is never served. Few issuers: a small bound suffices.
_image_uris: dict[str, str] = {}
_IMAGE_CACHE_SIZE = 32


def font_config():
    """The worker process's one FontConfiguration, created on first use and reused by every render.

    Building it queries fontconfig for the system fonts, which costs more than laying out a
    certificate. It is keyed on the process id because a prefork worker inherits its parent's
    globals, and fontconfig/Pango state must not be shared across a fork.
    """
    global _font_config, _font_config_pid
    pid = os.getpid()
    if _font_config is None or _font_config_pid != pid:
        with _font_config_lock:
            if _font_config is None or _font_config_pid != pid:
                from weasyprint.text.fonts import FontConfiguration

                _font_config = FontConfiguration()
                _font_config_pid = pid
    return _font_config


def harfbuzz_subset_available() -> bool:
    """Whether the system's libharfbuzz-subset can be loaded (WeasyPrint subsets fonts with it)."""
    if ctypes.util.find_library("harfbuzz-subset"):
        return True
    try:
        ctypes.CDLL("libharfbuzz-subset.so.0")
    except OSError:
        return False
    return True


def require_harfbuzz_subset() -> None:
    # Without it WeasyPrint falls back to fontTools for subsetting: every certificate
    # still renders, only several times slower, so a missing package goes unnoticed.
    if not harfbuzz_subset_available():
        raise RuntimeError(HARFBUZZ_SUBSET_MISSING)


def _image_uri(field, box: tuple[int, int]) -> str:
    """A data: URI of an issuer's image file, or "" when there is none.

    Embedded as data so that WeasyPrint fetches nothing (see _url_fetcher), and read through
    the storage so it works whether media are on disk or in object storage. A raster image is
    shrunk once per process to ``box`` pixels (its printed size at 300 dpi): a scanner's
    full-resolution signature would otherwise be most of every certificate's bytes.
    """
    if not field:
        return ""
    uri = _image_uris.get(field.name)
    if uri is None:
        with field.storage.open(field.name, "rb") as image:
            data = image.read()
        mime = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
        if mime != "image/svg+xml":
            data, mime = _shrunk_png(data, box), "image/png"
        uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        if len(_image_uris) < _IMAGE_CACHE_SIZE:
            _image_uris[field.name] = uri
    return uri


def _shrunk_png(data: bytes, box: tuple[int, int]) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.load()
        if image.width <= box[0] and image.height <= box[1] and image.format == "PNG":
            return data
        image.thumbnail(box, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _qr_uri(url: str) -> str:
    # SVG keeps the code sharp at any print size and costs a few hundred bytes of paths.
    return segno.make(url, error="m").svg_data_uri(border=0)


def _course_phrase(course_type: str, title: str) -> str:
    # "Pelatihan Teknis Pengelolaan Arsip", but not "Pelatihan Kepemimpinan Pelatihan Kepemimpinan Pengawas".
    if not course_type or title.casefold().startswith(course_type.casefold()):
        return ""
    return course_type


def _join_distinct(*parts: str) -> str:
    seen = []
    for part in parts:
        if part and part.casefold() not in (s.casefold() for s in seen):
            seen.append(part)
    return ", ".join(seen)


def certificate_context(*, content: dict, issuer) -> dict:
    """What the template shows: the content as frozen plus its Indonesian spellings."""
    participant = content.get("participant", {})
    return {
        "c": content,
        "p": participant,
        "s": content.get("signatory", {}),
        "logo_uri": _image_uri(getattr(issuer, "logo", None), LOGO_BOX),
        "signature_uri": _image_uri(getattr(issuer, "signature_image", None), SIGNATURE_BOX),
        "qr_uri": _qr_uri(content["verify_url"]),
        "course_type_prefix": _course_phrase(content.get("course_type", ""), content.get("course_title", "")),
        "birth": _join_distinct(participant.get("birth_place", ""), tanggal(participant.get("birth_date", ""))),
        "unit_agency": _join_distinct(participant.get("unit", ""), participant.get("agency", "")),
        "period": rentang_tanggal(content["start_date"], content.get("end_date", "")),
        "jp": jp_phrase(content["jp_minutes"]),
        "issue_date": tanggal(content["issue_date"]),
        "sessions": [{**session, "day": hari_tanggal(session["date"])} for session in content.get("outline") or []],
    }


def render_certificate_html(*, content: dict, issuer) -> str:
    return render_to_string(TEMPLATE, certificate_context(content=content, issuer=issuer))


def _url_fetcher():
    from weasyprint.urls import URLFetcher

    # Everything the certificate shows is embedded as data: URIs. Refusing every other scheme
    # keeps a render from reaching the network or the file system, whatever the content says.
    return URLFetcher(allowed_protocols={"data"})


def render_html_to_pdf(html: str) -> bytes:
    """Certificate HTML to PDF bytes with the shared font configuration."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_url_fetcher())
    return document.write_pdf(font_config=font_config())


def render_certificate_pdf(*, content: dict, issuer) -> bytes:
    return render_html_to_pdf(render_certificate_html(content=content, issuer=issuer))
