"""Files for the upload tests: real images, workbooks and documents, and files posing as them."""

import base64
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from backend.common.uploads import MB

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def image_bytes(fmt: str, size=(8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (180, 20, 20)).save(out, format=fmt)
    return out.getvalue()


PNG_BYTES = image_bytes("PNG")
JPEG_BYTES = image_bytes("JPEG")


def xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def oversized(head: bytes, mb: int) -> bytes:
    return head + b"0" * (mb * MB + 1 - len(head))


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


SVG_PLAIN = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
    b'<defs><circle id="c" r="4"/></defs><style>circle { fill: #c00; }</style>'
    b'<use href="#c" x="5" y="5"/><use xlink:href="#c" x="5" y="5"/>'
    b'<rect width="10" height="10" fill="url(#g)"/>'
    b'<image width="2" height="2" href="data:image/png;base64,'
    + base64.b64encode(PNG_BYTES)
    + b'"/><text x="1" y="9">BKPSDM</text></svg>'
)


def svg(body: str, *, prolog: str = "") -> bytes:
    return (prolog + f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{body}</svg>').encode()
