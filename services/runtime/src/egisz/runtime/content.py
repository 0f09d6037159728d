"""Checks of an uploaded file's content, shared by the services that keep documents. Pure."""

from __future__ import annotations

from egisz.runtime.errors import InvalidInputError


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
    if b"%PDF-" not in content[:1024]:
        raise InvalidInputError.of(
            "data", "Принимаются только PDF: по содержимому это не PDF", "content_type"
        )
    return "application/pdf"
