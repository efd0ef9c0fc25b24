import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str) -> SafeString:
    """An inline SVG QR code of ``url``, drawn on the server so a printed poster needs nothing fetched.

    Without width and height the SVG keeps only its viewBox and takes whatever size the
    stylesheet gives it, so one code serves the screen and the A4 print. Error level M
    survives a poster that is creased or a little dirty.
    """
    code = segno.make(url, error="m")
    # segno writes only the path of the modules and escapes its own text: nothing of ``url`` reaches the markup.
    return mark_safe(code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr", light="#fff"))  # noqa: S308
