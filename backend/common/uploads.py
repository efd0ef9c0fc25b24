"""Every uploaded file is checked here before anything keeps or reads it: its size against the
limit of its kind (settings, in MB), its name against the types that kind accepts, and its
content against the type its name claims. The bytes decide: a renamed executable, a PNG
called ``.pdf`` or a spreadsheet called ``.png`` is refused.

SVG (issuer logos) is accepted only as a plain drawing: it is XML that a browser would run
scripts from and that may point at other files, so anything beyond shapes, text, styles and
embedded PNG/JPEG images (scripts, event handlers, external links or styles, DOCTYPEs and
entities) is refused rather than cleaned. A logo is drawn once; asking for a plain export is
cheap, and a cleaner that misses one trick would be a stored script on our domain.
"""

import codecs
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MB = 1024 * 1024
SNIFF_BYTES = 64 * 1024
# An XLSX is a ZIP: one whose parts would unzip to more than this is refused as a bomb.
XLSX_MAX_UNZIPPED_BYTES = 200 * MB
# The old binary Excel (.xls, compound file) signature: named apart because people send it as .csv.
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_MAGIC = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"PK\x03\x04", XLS_MAGIC, b"MZ", b"\x7fELF", b"GIF8")


@dataclass(frozen=True)
class FileType:
    key: str
    label: str
    extensions: tuple[str, ...]
    # Whether the content is this type; it may read the whole upload (already under its size limit).
    matches: Callable[[object], bool]


def _head(upload, size: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _starts(*marks: bytes) -> Callable[[object], bool]:
    return lambda upload: _head(upload).startswith(marks)


def _is_text(upload) -> bool:
    """Text in any 8-bit or UTF-8 encoding: no NUL byte, no binary signature.

    The encoding itself is the import parser's to judge, with a message saying how to save the file.
    """
    head = _head(upload, SNIFF_BYTES)
    return bool(head.strip()) and b"\x00" not in head and not head.startswith(_BINARY_MAGIC)


def _is_xlsx(upload) -> bool:
    if not _head(upload).startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names and unzipped <= XLSX_MAX_UNZIPPED_BYTES


PDF = FileType("pdf", "PDF", (".pdf",), _starts(b"%PDF-"))
JPEG = FileType("jpeg", "JPEG", (".jpg", ".jpeg"), _starts(b"\xff\xd8\xff"))
PNG = FileType("png", "PNG", (".png",), _starts(b"\x89PNG\r\n\x1a\n"))
CSV = FileType("csv", "CSV", (".csv", ".txt"), _is_text)
XLSX = FileType("xlsx", "XLSX", (".xlsx",), _is_xlsx)


SVG_NS = "http://www.w3.org/2000/svg"
# DOCTYPE brings entities (billion laughs, external files); a stylesheet PI fetches a file.
_SVG_DECLARATIONS = re.compile(r"<!DOCTYPE|<!ENTITY|<\?xml-stylesheet", re.IGNORECASE)
_SVG_FORBIDDEN = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "audio", "video"}
_SVG_ANIMATIONS = {"set", "animate", "animatemotion", "animatetransform"}
# Inside a drawing a link may only point into the drawing or at an embedded raster image.
_SAFE_HREF = re.compile(r"^(#|data:image/(png|jpeg);)", re.IGNORECASE)
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data:text)", re.IGNORECASE)


def _svg_root(upload):
    """The parsed drawing, or None when the content is not an SVG document at all."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        text = codecs.decode(data, "utf-8-sig")
    except UnicodeDecodeError:
        return None
    if _SVG_DECLARATIONS.search(text):
        raise _unsafe_svg()
    try:
        root = ElementTree.fromstring(text)  # noqa: S314 - no DOCTYPE (checked above): no entities to expand
    except ElementTree.ParseError:
        return None
    return root if root.tag == f"{{{SVG_NS}}}svg" else None


def _is_svg(upload) -> bool:
    root = _svg_root(upload)
    if root is None:
        return False
    _require_plain_svg(root)
    return True


SVG = FileType("svg", "SVG", (".svg",), _is_svg)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _unsafe_svg() -> ValidationError:
    return ValidationError(
        _(
            "This SVG contains scripts, links to other files or declarations. Export the logo as a plain SVG "
            "or as a PNG."
        ),
        code="unsafe_svg",
    )


def _require_plain_svg(root) -> None:
    for element in root.iter():
        tag = _local(element.tag) if isinstance(element.tag, str) else ""
        if tag in _SVG_FORBIDDEN:
            raise _unsafe_svg()
        if tag in _SVG_ANIMATIONS and "href" in element.get("attributeName", "").lower():
            raise _unsafe_svg()
        if tag == "style" and (_EXTERNAL_URL.search(element.text or "") or "@import" in (element.text or "")):
            raise _unsafe_svg()
        for name, value in element.attrib.items():
            attribute = _local(name)
            if attribute.startswith("on") or _SCRIPT_URL.match(value):
                raise _unsafe_svg()
            if attribute == "href" and not _SAFE_HREF.match(value.strip()):
                raise _unsafe_svg()
            if _EXTERNAL_URL.search(value) or "@import" in value:
                raise _unsafe_svg()


def _decodes_as_image(upload) -> bool:
    """Pillow reads it whole: a file that only starts like a PNG would break every later render."""
    from PIL import Image

    upload.seek(0)
    try:
        with Image.open(io.BytesIO(upload.read())) as image:
            image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False
    finally:
        upload.seek(0)
    return True


def _type_list(types: Sequence[FileType]) -> str:
    labels = [t.label for t in types]
    if len(labels) == 1:
        return labels[0]
    return _("%(first)s or %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def upload_check(
    upload, *, types: Sequence[FileType], max_mb: int, field: str | None = None, decode_images: bool = False
) -> FileType:
    """The type of ``upload`` among ``types``, or a ValidationError saying what is wrong.

    Size first (nothing more is read from a file over the limit), then the extension, then the
    content. ``decode_images`` also has Pillow decode a PNG or JPEG (for images that are drawn
    later, such as a certificate's logo). ``field`` puts the error under that field's name.
    """

    def refuse(message: str, code: str):
        return ValidationError({field: ValidationError(message, code=code)} if field else message, code=code)

    if upload.size > max_mb * MB:
        raise refuse(_("The file is larger than %(mb)s MB.") % {"mb": max_mb}, "too_large")
    extension = PurePath(upload.name or "").suffix.lower()
    declared = next((t for t in types if extension in t.extensions), None)
    if declared is None:
        raise refuse(_("The file must be a %(types)s file.") % {"types": _type_list(types)}, "invalid_extension")
    try:
        matches = declared.matches(upload)
    except ValidationError as exc:
        raise refuse(exc.messages[0], exc.code or "invalid_content") from None
    if matches and decode_images and declared in (PNG, JPEG):
        matches = _decodes_as_image(upload)
    if not matches:
        raise refuse(
            _("The file's content is not the %(type)s its name says.") % {"type": declared.label}, "invalid_content"
        )
    return declared
