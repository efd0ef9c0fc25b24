import copy
import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw
from pypdf import PdfReader

from certificates import rendering
from certificates.rendering import (
    LOGO_BOX,
    SIGNATURE_BOX,
    font_config,
    harfbuzz_subset_available,
    render_certificate_html,
    render_certificate_pdf,
    render_html_to_pdf,
    require_harfbuzz_subset,
)
from tests.factories import CertificateIssuerFactory

A4_LANDSCAPE = (841.89, 595.28)
MAX_PDF_BYTES = 50 * 1024

CONTENT = {
    "number": "0001/STTP/BKPSDM/2026",
    "verify_url": "https://bangkom.bungokab.go.id/verify/Zx81kQp2vY7nL0aBcDeF3g/",
    "parent_name": "PEMERINTAH KABUPATEN BUNGO",
    "agency": "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA",
    "course_title": "Pengelolaan Arsip Dinamis Berbasis Elektronik",
    "course_type": "Pelatihan Teknis",
    "start_date": "2026-03-10",
    "end_date": "2026-03-12",
    "place": "Aula BKPSDM, Muara Bungo",
    "jp_minutes": 900,
    "participant": {
        "name": "dr. Siti Aminah, M.Kes.",
        "nip": "198012302010012005",
        "nip_display": "19801230 201001 2 005",
        "birth_place": "Muara Bungo",
        "birth_date": "1980-12-30",
        "rank": "Penata (III/c)",
        "position": "Kepala Seksi Pelayanan Kesehatan Rujukan",
        "unit": "Bidang Pelayanan Kesehatan",
        "agency": "Dinas Kesehatan",
    },
    "qualification": "Memuaskan",
    "signatory": {
        "name": "Drs. H. Ahmad Fauzi, M.Si.",
        "nip": "197005121995031002",
        "nip_display": "19700512 199503 1 002",
        "position": "Kepala BKPSDM Kabupaten Bungo",
    },
    "issue_place": "Muara Bungo",
    "issue_date": "2026-03-13",
    "outline": [
        {"date": "2026-03-10", "starts": "08:00", "ends": "12:00", "topic": "Kebijakan kearsipan", "trainer": "Budi"},
        {"date": "2026-03-11", "starts": "08:00", "ends": "15:00", "topic": "Praktik aplikasi SRIKANDI", "trainer": ""},
    ],
}


def content(**changes):
    result = copy.deepcopy(CONTENT)
    result.update(changes)
    return result


def pdf_text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def image_xobjects(reader: PdfReader) -> list:
    images = []
    for page in reader.pages:
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject["/Subtype"] == "/Image":
                images.append(xobject)
    return images


def png(width: int, height: int) -> bytes:
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    ImageDraw.Draw(image).ellipse((10, 10, width - 10, height - 10), fill=(20, 90, 40, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def issuer():
    # Unsaved: rendering reads only the issuer's two image fields, never the database.
    return CertificateIssuerFactory.build()


def test_harfbuzz_subset_is_installed():
    assert harfbuzz_subset_available(), (
        "libharfbuzz-subset0 is missing: apt-get install libharfbuzz-subset0 (WeasyPrint renders ~5× slower without it)"
    )


def test_require_harfbuzz_subset_names_the_debian_package_when_the_library_cannot_load(monkeypatch):
    def cannot_load(name):
        raise OSError(f"{name}: cannot open shared object file")

    monkeypatch.setattr(rendering.ctypes.util, "find_library", lambda name: None)
    monkeypatch.setattr(rendering.ctypes, "CDLL", cannot_load)
    assert not harfbuzz_subset_available()
    with pytest.raises(RuntimeError, match="apt-get install libharfbuzz-subset0"):
        require_harfbuzz_subset()


def test_font_configuration_is_shared_by_every_render():
    assert font_config() is font_config()


def test_pdf_says_who_what_and_how_many_jp_on_one_a4_landscape_page(issuer):
    reader, text = pdf_text(render_certificate_pdf(content=content(outline=[]), issuer=issuer))

    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4_LANDSCAPE, abs=1)
    for expected in (
        "dr. Siti Aminah, M.Kes.",
        "Nomor: 0001/STTP/BKPSDM/2026",
        "19801230 201001 2 005",
        "Muara Bungo, 30 Desember 1980",
        "20 (dua puluh) jam pelajaran",
        "Memuaskan",
        "10 Maret 2026 s.d. 12 Maret 2026",
        "Muara Bungo, 13 Maret 2026",
        "NIP. 19700512 199503 1 002",
        "Verifikasi keaslian:",
    ):
        assert expected in text


def test_outline_is_a_second_page_and_the_pdf_stays_small(issuer):
    pdf = render_certificate_pdf(content=content(), issuer=issuer)
    reader, _ = pdf_text(pdf)

    assert len(reader.pages) == 2
    outline = reader.pages[1].extract_text()
    assert "Selasa, 10 Maret 2026" in outline
    assert "Praktik aplikasi SRIKANDI" in outline
    assert len(pdf) <= MAX_PDF_BYTES, f"certificate PDF is {len(pdf)} bytes, over {MAX_PDF_BYTES}"


def test_qr_code_is_the_only_image_without_issuer_files(issuer):
    reader, _ = pdf_text(render_certificate_pdf(content=content(outline=[]), issuer=issuer))
    # The QR code is SVG, drawn as vector paths: no raster image at all.
    assert image_xobjects(reader) == []


def test_issuer_logo_and_signature_are_embedded_shrunk_to_their_printed_size(issuer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    issuer.logo.save("logo.png", ContentFile(png(1200, 1400)), save=False)
    issuer.signature_image.save("ttd.png", ContentFile(png(2400, 800)), save=False)

    reader, _ = pdf_text(render_certificate_pdf(content=content(outline=[]), issuer=issuer))

    sizes = sorted((int(image["/Width"]), int(image["/Height"])) for image in image_xobjects(reader))
    assert len(sizes) == 2
    logo, signature = sizes
    assert logo[0] <= LOGO_BOX[0], "the logo is embedded larger than its printed size at 300 dpi"
    assert logo[1] <= LOGO_BOX[1]
    assert signature[0] <= SIGNATURE_BOX[0], "the signature is embedded wider than its printed size at 300 dpi"
    assert signature[1] <= SIGNATURE_BOX[1]


def test_renderer_fetches_no_file_or_remote_resource(tmp_path):
    image = tmp_path / "secret.png"
    image.write_bytes(png(100, 100))
    html = f'<html><body><p>x</p><img src="{image.as_uri()}"><img src="http://127.0.0.1:9/x.png"></body></html>'

    reader, _ = pdf_text(render_html_to_pdf(html))

    assert image_xobjects(reader) == []


def test_html_escapes_content_and_leaves_out_empty_parts(issuer):
    participant = {**CONTENT["participant"], "name": "<b>Siti</b>", "birth_place": ""}
    html = render_certificate_html(content=content(place="", participant=participant), issuer=issuer)

    text = " ".join(html.split())
    assert "&lt;b&gt;Siti&lt;/b&gt;" in text
    assert "<b>Siti</b>" not in text
    # No place of birth: the date alone, without a dangling comma.
    assert "<td>30 Desember 1980</td>" in text
    # No venue: "... diselenggarakan oleh <agency> pada tanggal", without an empty "di".
    assert "SUMBER DAYA MANUSIA pada tanggal 10 Maret 2026" in text


def test_course_type_is_not_repeated_when_the_title_already_starts_with_it(issuer):
    html = render_certificate_html(
        content=content(course_type="Pelatihan Kepemimpinan", course_title="Pelatihan Kepemimpinan Pengawas"),
        issuer=issuer,
    )
    assert "Pelatihan Kepemimpinan <strong>" not in html
    assert "<strong>Pelatihan Kepemimpinan Pengawas</strong>" in html
