"""Checks of an uploaded file's content and name, shared by the services that keep documents.
No I/O: a PDF is opened in memory by a real parser (PDFium), an image decoded whole (Pillow),
never judged by a marker alone — `\x89PNG…<script>` has a PNG's first bytes and is no image."""

from __future__ import annotations

import io
import unicodedata
import warnings

import pypdfium2
from PIL import Image, UnidentifiedImageError

from egisz.kernel.errors import InvalidInputError

MAX_FILENAME_CHARS = 120


def megabytes(size: int) -> str:
    return f"{size / 2**20:.1f}".replace(".", ",") + " МБ"


def check_pdf(content: bytes, *, max_bytes: int) -> str:
    """PDF by its content (the `%PDF-` header within the first kilobyte), never by its name."""
    if not content:
        raise InvalidInputError.of("data", "Файл пустой", "empty")
    if len(content) > max_bytes:
        raise InvalidInputError.of(
            "data",
            f"Файл {megabytes(len(content))}, а все документы вместе — не больше "
            f"{megabytes(max_bytes)}",
            "too_large",
        )
    if not content.startswith(b"%PDF-"):
        raise InvalidInputError.of(
            "data", "Принимаются только PDF: по содержимому это не PDF", "content_type"
        )
    check_pdf_opens(content)
    return "application/pdf"


def check_pdf_opens(content: bytes) -> None:
    """A PDF that PDFium opens and that has at least one page; anything else is refused."""
    try:
        document = pypdfium2.PdfDocument(content)
    except pypdfium2.PdfiumError:
        pages = 0
    else:
        try:
            pages = len(document)
        finally:
            document.close()
    if pages < 1:
        raise InvalidInputError.of(
            "data",
            "PDF не открывается или в нём нет страниц: сохраните документ в PDF заново",
            "unreadable_pdf",
        )


# A scan at 600 dpi on A3 is about 70 million pixels; past this it is refused, not decoded
# (a small file can claim a huge canvas: a decompression bomb).
MAX_IMAGE_PIXELS = 100_000_000
IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


def check_image_decodes(content: bytes, content_type: str) -> None:
    """An image Pillow decodes whole, of the format its first bytes claim; anything else is
    refused (`unreadable_image`)."""
    problem = "Изображение не читается: отсканируйте документ заново в JPEG или PNG"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=[IMAGE_FORMATS[content_type]]) as image:
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    problem = "Изображение слишком большое: сохраните скан с меньшим разрешением"
                    raise ValueError(problem)
                image.load()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        ValueError,
        SyntaxError,  # Pillow's parsers raise it on a malformed header
        KeyError,
    ):
        raise InvalidInputError.of("data", problem, "unreadable_image") from None


def clean_filename(name: str, default: str = "document.pdf") -> str:
    """The name a file is kept under: no folders, no control or format characters, bounded
    (the extension kept), never empty."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    if len(base) > MAX_FILENAME_CHARS:
        stem, dot, ext = base.rpartition(".")
        ext = ext[:16] if dot and stem else ""
        base = base[: MAX_FILENAME_CHARS - len(ext) - 1].rstrip() + ("." + ext if ext else "")
    return base or default
