"""Whether a scan is good enough to be read (seed 003: «разрешение скана должно быть не менее
300 dpi»; «цветное изображение, если оригинал цветной»): its resolution and whether it was
scanned in colour. An image's resolution is what the file declares, or — where it declares none —
what its pixels give on an A4 sheet; a PDF's is PDFium's for each image as placed on its page (a
PDF with no image on a page is a born-digital document: nothing to judge there). Colour means a
colour model: a grey or black-and-white scan loses the blue of a stamp and a signature. No I/O."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdfium2
import pypdfium2.raw as pdfium
from PIL import Image

from egisz.kernel.content import IMAGE_FORMATS
from egisz.kernel.errors import InvalidInputError

MIN_DPI = 300
A4_SHORT_SIDE_INCHES = 210 / 25.4
SLACK = 0.99  # a 2480-pixel A4 is 299.9 dpi: rounding is not a bad scan
GREY_MODES = {"1", "L", "LA", "I", "I;16", "F"}


@dataclass(frozen=True)
class ScanQuality:
    dpi: float | None  # None: nothing raster to judge (a born-digital PDF)
    colour: bool
    estimated: bool = False  # from the pixels on an A4 sheet: the file declared no resolution


def image_quality(content: bytes, content_type: str) -> ScanQuality:
    with Image.open(io.BytesIO(content), formats=[IMAGE_FORMATS[content_type]]) as image:
        declared = image.info.get("dpi")
        colour = image.mode not in GREY_MODES and not (
            image.mode == "P" and image.palette is not None and image.palette.mode in GREY_MODES
        )
        if declared and min(float(declared[0]), float(declared[1])) > 1:
            return ScanQuality(min(float(declared[0]), float(declared[1])), colour)
        short = min(image.width, image.height)
        return ScanQuality(short / A4_SHORT_SIDE_INCHES, colour, estimated=True)


def pdf_quality(content: bytes) -> ScanQuality:
    """The lowest resolution of any page's largest image, and whether every one is in colour."""
    lowest: float | None = None
    colour = True
    document = pypdfium2.PdfDocument(content)
    try:
        for page in document:
            images = [
                o.get_metadata() for o in page.get_objects(filter=[pdfium.FPDF_PAGEOBJ_IMAGE])
            ]
            if not images:
                continue
            scan = max(images, key=lambda m: m.width * m.height)
            dpi = min(scan.horizontal_dpi, scan.vertical_dpi)
            lowest = dpi if lowest is None else min(lowest, dpi)
            colour &= (
                scan.colorspace != pdfium.FPDF_COLORSPACE_DEVICEGRAY and scan.bits_per_pixel > 1
            )
    finally:
        document.close()
    return ScanQuality(lowest, colour)


def check_scan_quality(content: bytes, content_type: str, *, min_dpi: int = MIN_DPI) -> ScanQuality:
    """Refuses a scan below `min_dpi` (`scan_resolution_low`) or in grey or black and white
    (`scan_not_colour`), each saying what was found and what to do."""
    quality = (
        pdf_quality(content)
        if content_type == "application/pdf"
        else image_quality(content, content_type)
    )
    if quality.dpi is not None and quality.dpi < min_dpi * SLACK:
        how = " (по размеру изображения для листа А4)" if quality.estimated else ""
        raise InvalidInputError.of(
            "data",
            f"Разрешение скана — {quality.dpi:.0f} dpi{how}, нужно не менее {min_dpi} dpi: "
            "отсканируйте документ заново",
            "scan_resolution_low",
        )
    if quality.dpi is not None and not quality.colour:
        raise InvalidInputError.of(
            "data",
            "Скан чёрно-белый или в оттенках серого: отсканируйте документ в цвете, чтобы были "
            "видны печати и подписи",
            "scan_not_colour",
        )
    return quality
