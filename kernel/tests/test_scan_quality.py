"""A scan's resolution and colour (seed 003: at least 300 dpi, in colour): images by what they
declare or by their pixels on A4, PDFs by each page's image as placed."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from egisz.kernel.errors import InvalidInputError
from egisz.kernel.scan_quality import check_scan_quality
from egisz.testsupport.harness import image_bytes, pdf_bytes


def scanned_pdf(dpi: int, mode: str = "RGB") -> bytes:
    page = Image.new(
        mode, (int(8.27 * dpi), int(11.69 * dpi)), 230 if mode != "RGB" else (230,) * 3
    )
    out = io.BytesIO()
    page.save(out, "PDF", resolution=dpi)
    return out.getvalue()


def refused(content: bytes, content_type: str) -> str:
    with pytest.raises(InvalidInputError) as caught:
        check_scan_quality(content, content_type)
    return caught.value.fields[0].code


def test_a_colour_a4_scan_at_300_dpi_passes_declared_or_not() -> None:
    assert check_scan_quality(image_bytes("PNG"), "image/png").dpi == pytest.approx(300, abs=0.5)
    undeclared = check_scan_quality(image_bytes("JPEG", dpi=None), "image/jpeg")
    assert undeclared.estimated and undeclared.dpi is not None and undeclared.dpi > 299
    assert check_scan_quality(scanned_pdf(300), "application/pdf").colour


def test_a_low_resolution_or_grey_scan_is_refused_saying_why() -> None:
    assert refused(image_bytes("PNG", size=(1240, 1754), dpi=150), "image/png") == (
        "scan_resolution_low"
    )
    assert refused(image_bytes("JPEG", size=(640, 480), dpi=None), "image/jpeg") == (
        "scan_resolution_low"
    )
    assert refused(image_bytes("PNG", mode="L"), "image/png") == "scan_not_colour"
    assert refused(scanned_pdf(150), "application/pdf") == "scan_resolution_low"
    assert refused(scanned_pdf(300, "L"), "application/pdf") == "scan_not_colour"
    with pytest.raises(InvalidInputError) as low:
        check_scan_quality(image_bytes("PNG", size=(1240, 1754), dpi=150), "image/png")
    assert "150 dpi" in low.value.message and "300 dpi" in low.value.message


def test_a_born_digital_pdf_has_no_scan_to_judge() -> None:
    assert check_scan_quality(pdf_bytes(b"x"), "application/pdf").dpi is None
