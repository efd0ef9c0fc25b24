"""The upload checker (backend.common.uploads): type by content, extension, size; SVG kept plain."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from backend.common.uploads import CSV, JPEG, MB, PDF, PNG, SVG, XLSX, upload_check
from tests.upload_files import (
    EXE_BYTES,
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    SVG_PLAIN,
    oversized,
    svg,
    upload,
    xlsx_bytes,
)


@pytest.fixture(autouse=True)
def _english():
    # The messages are asserted in the language they are written in; Indonesian is the default.
    with translation.override("en"):
        yield


# --- The checker -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "types", "kind"),
    [
        ("bukti.pdf", PDF_BYTES, (PDF, JPEG, PNG), "pdf"),
        ("foto.JPG", JPEG_BYTES, (PDF, JPEG, PNG), "jpeg"),
        ("foto.jpeg", JPEG_BYTES, (PDF, JPEG, PNG), "jpeg"),
        ("scan.png", PNG_BYTES, (PDF, JPEG, PNG), "png"),
        ("nilai.csv", "nip;nilai\n1980;90,5\n".encode("cp1252"), (CSV, XLSX), "csv"),
        ("nilai.txt", b"\xef\xbb\xbfnip,nilai\n", (CSV, XLSX), "csv"),
        ("nilai.xlsx", xlsx_bytes([["nip", "nilai"], ["1980", 90]]), (CSV, XLSX), "xlsx"),
        ("logo.svg", SVG_PLAIN, (PNG, SVG), "svg"),
    ],
)
def test_the_right_file_passes(name, content, types, kind):
    assert upload_check(upload(name, content), types=types, max_mb=1).key == kind


@pytest.mark.parametrize(
    ("name", "content", "types"),
    [
        ("bukti.pdf", PNG_BYTES, (PDF, JPEG, PNG)),
        ("bukti.pdf", EXE_BYTES, (PDF, JPEG, PNG)),
        ("foto.jpg", PNG_BYTES, (PDF, JPEG, PNG)),
        ("scan.png", PDF_BYTES, (PDF, JPEG, PNG)),
        ("nilai.csv", EXE_BYTES, (CSV, XLSX)),
        ("nilai.csv", PNG_BYTES, (CSV, XLSX)),
        ("nilai.csv", xlsx_bytes([["nip"]]), (CSV, XLSX)),
        ("nilai.csv", b"", (CSV, XLSX)),
        ("nilai.xlsx", b"nip,nilai\n1980,90\n", (CSV, XLSX)),
        # A ZIP that is not a workbook: a renamed .docx or archive.
        ("nilai.xlsx", b"PK\x03\x04" + b"\x00" * 40, (CSV, XLSX)),
        ("logo.svg", PNG_BYTES, (PNG, SVG)),
        ("logo.svg", b"<html><body>logo</body></html>", (PNG, SVG)),
        ("logo.png", SVG_PLAIN, (PNG, SVG)),
    ],
)
def test_another_type_under_an_accepted_name_is_refused(name, content, types):
    with pytest.raises(ValidationError) as error:
        upload_check(upload(name, content), types=types, max_mb=1)
    assert error.value.code == "invalid_content"


def test_a_zip_bomb_named_xlsx_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (201 * MB))
    assert len(out.getvalue()) < MB
    with pytest.raises(ValidationError) as error:
        upload_check(upload("nilai.xlsx", out.getvalue()), types=(CSV, XLSX), max_mb=5)
    assert error.value.code == "invalid_content"


@pytest.mark.parametrize("name", ["bukti.exe", "bukti", "bukti.pdf.exe", "bukti.docx"])
def test_an_unaccepted_extension_is_refused(name):
    with pytest.raises(ValidationError) as error:
        upload_check(upload(name, PDF_BYTES), types=(PDF, JPEG, PNG), max_mb=1)
    assert error.value.code == "invalid_extension"
    assert "PDF, JPEG or PNG" in error.value.messages[0]


def test_size_is_checked_first_and_at_the_byte():
    assert upload_check(upload("a.pdf", oversized(PDF_BYTES, 1)[:-1]), types=(PDF,), max_mb=1)
    with pytest.raises(ValidationError) as error:
        upload_check(upload("a.exe", oversized(EXE_BYTES, 1)), types=(PDF,), max_mb=1, field="evidence_file")
    assert error.value.message_dict == {"evidence_file": ["The file is larger than 1 MB."]}


def test_images_drawn_later_must_decode_whole():
    truncated = PNG_BYTES[:40]
    assert upload_check(upload("a.png", truncated), types=(PNG,), max_mb=1)  # evidence: the signature suffices
    with pytest.raises(ValidationError) as error:
        upload_check(upload("a.png", truncated), types=(PNG,), max_mb=1, decode_images=True)
    assert error.value.code == "invalid_content"


@pytest.mark.parametrize(
    "content",
    [
        svg('<script>alert(1)</script><circle r="4"/>'),
        svg('<circle r="4" onload="alert(1)"/>'),
        svg('<a href="javascript:alert(1)"><circle r="4"/></a>'),
        svg('<image href="https://example.com/tracker.png" width="1" height="1"/>'),
        svg('<image xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="file:///etc/passwd"/>'),
        svg('<image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="/>'),
        svg('<foreignObject><iframe src="https://example.com"/></foreignObject>'),
        svg('<style>@import url("https://example.com/a.css");</style>'),
        svg('<rect width="1" height="1" style="fill: url(https://example.com/a.svg#p)"/>'),
        svg('<set attributeName="href" to="javascript:alert(1)"/>'),
        svg("<text>&lol;</text>", prolog='<!DOCTYPE svg [<!ENTITY lol "lol">]>'),
        svg("<text>x</text>", prolog='<?xml-stylesheet href="https://example.com/a.css"?>'),
    ],
    ids=[
        "script",
        "event-handler",
        "javascript-link",
        "external-image",
        "local-file",
        "nested-svg",
        "foreign-object",
        "style-import",
        "external-style-url",
        "animated-href",
        "entity",
        "stylesheet-pi",
    ],
)
def test_an_svg_with_scripts_or_outside_references_is_refused(content):
    with pytest.raises(ValidationError) as error:
        upload_check(upload("logo.svg", content), types=(PNG, SVG), max_mb=1)
    assert error.value.code == "unsafe_svg"
