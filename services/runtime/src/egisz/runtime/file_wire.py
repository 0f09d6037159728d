"""The wire side of files, for handlers: base64 parts in, progress and parts out."""

from __future__ import annotations

import base64

from egisz.contracts.files import (
    UPLOAD_PART_MAX,
    FilePart,
    StoredFile,
    UploadFilePart,
    UploadProgress,
)
from egisz.kernel.errors import InvalidInputError
from egisz.runtime.files import FileInfo, FileStore, receive_pdf_part


def decoded(part: UploadFilePart) -> bytes:
    """The bytes of an uploaded part, or a refusal naming `data`."""
    try:
        data = base64.b64decode(part.data, validate=True)
    except ValueError:  # binascii.Error, or not even ASCII
        raise InvalidInputError.of("data", "Часть файла передаётся в base64", "base64") from None
    if len(data) > UPLOAD_PART_MAX:
        raise InvalidInputError.of(
            "data", f"Часть — не больше {UPLOAD_PART_MAX // 1024} КБ", "too_large"
        )
    return data


def progress(upload_id: str, received: int, info: FileInfo | None) -> UploadProgress:
    stored = None
    if info is not None:
        stored = StoredFile(
            file_id=info.file_id,
            filename=info.filename,
            content_type=info.content_type,
            size=info.size,
            sha256=info.sha256,
        )
    return UploadProgress(upload_id=upload_id, received_bytes=received, file=stored)


def file_part(info: FileInfo, part: int, data: bytes, last: bool) -> FilePart:
    return FilePart(
        file_id=info.file_id,
        filename=info.filename,
        content_type=info.content_type,
        size=info.size,
        part=part,
        data=base64.b64encode(data).decode(),
        last=last,
    )


async def upload_pdf_part(
    files: FileStore, part: UploadFilePart, *, owner: str, max_bytes: int
) -> UploadProgress:
    """A whole PDF-upload command: decode the part, keep it, and answer with the progress."""
    received, info = await receive_pdf_part(
        files,
        owner=owner,
        upload_id=part.upload_id,
        part=part.part,
        data=decoded(part),
        last=part.last,
        filename=part.filename,
        max_bytes=max_bytes,
    )
    return progress(part.upload_id, received, info)
