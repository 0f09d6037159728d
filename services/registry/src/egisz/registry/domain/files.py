"""Attached scans: recognised by their content, never by their name, and kept within a size."""

from __future__ import annotations

import filetype

from egisz.registry.domain.errors import FileRefusedError
from egisz.runtime.errors import FieldProblem

SCAN_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def sniff(head: bytes) -> str | None:
    """The MIME type the first bytes prove, or None."""
    kind = filetype.guess(head)
    return kind.mime if kind is not None else None


def refuse(field: str, message: str, code: str) -> FileRefusedError:
    return FileRefusedError(message, fields=[FieldProblem(field, message, code)])


def check_scan(
    *, size: int, head: bytes, max_bytes: int, allowed: dict[str, str] = SCAN_TYPES
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
    return content_type
