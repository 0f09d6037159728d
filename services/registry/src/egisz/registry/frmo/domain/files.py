"""Attached scans: recognised by their content, never by their name, kept within a size, and
good enough to read — at least 300 dpi, in colour (seed 003; `egisz.kernel.scan_quality`)."""

from __future__ import annotations

import filetype

from egisz.kernel.content import IMAGE_FORMATS, check_image_decodes, check_pdf_opens
from egisz.kernel.errors import FieldProblem, InvalidInputError
from egisz.kernel.scan_quality import check_scan_quality
from egisz.registry.frmo.domain.errors import FileRefusedError

SCAN_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def sniff(head: bytes) -> str | None:
    """The MIME type the first bytes prove, or None."""
    kind = filetype.guess(head)
    return kind.mime if kind is not None else None


def refuse(field: str, message: str, code: str) -> FileRefusedError:
    return FileRefusedError(message, fields=[FieldProblem(field, message, code)])


def check_scan(
    *,
    size: int,
    head: bytes,
    max_bytes: int,
    allowed: dict[str, str] = SCAN_TYPES,
    content: bytes | None = None,
) -> str:
    """The content type of an acceptable scan; refuses anything else with the exact reason."""
    if size == 0:
        raise refuse("data", "Файл пустой", "empty")
    if size > max_bytes:
        raise refuse(
            "data",
            f"Файл больше {max_bytes / 2**20:.0f} МБ ({size / 2**20:.1f} МБ): уменьшите его",
            "too_large",
        )
    content_type = sniff(head)
    if content_type not in allowed:
        found = f" (по содержимому это {content_type})" if content_type else ""
        raise refuse(
            "data",
            f"Допустимы только {', '.join(allowed.values())}{found}: проверьте файл, а не его имя",
            "content_type",
        )
    if content is None:
        return content_type
    try:
        if content_type == "application/pdf":
            check_pdf_opens(content)
        elif content_type in IMAGE_FORMATS:
            check_image_decodes(content, content_type)
        check_scan_quality(content, content_type)
    except InvalidInputError as exc:
        raise refuse("data", exc.message, exc.fields[0].code) from None
    return content_type
