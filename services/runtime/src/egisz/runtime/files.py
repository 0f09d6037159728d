"""Files kept beside a service's records: uploaded over NATS in ordered parts (a message stays
under NATS's 1 MB), checked whole by the service's own rule, kept by a `FileStore` (GridFS:
`runtime.gridfs`; in memory: `runtime.memory`), and referred to by id — never inlined in an
event. The rules of an upload live here; the wire side (base64 parts, progress) in
`runtime.file_wire`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from egisz.contracts.files import UPLOAD_PART_MAX
from egisz.kernel.content import check_pdf, clean_filename
from egisz.kernel.errors import InvalidInputError, NotFoundError

PART_MAX = UPLOAD_PART_MAX


class FileNotStoredError(NotFoundError):
    code = "file_not_found"
    default_message = "Файл не найден: загрузите его заново"


@dataclass(frozen=True)
class FileInfo:
    file_id: str
    owner: str
    filename: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Upload:
    upload_id: str
    owner: str
    filename: str
    next_part: int
    received: int


class FileStore(Protocol):
    """Files kept beside the records: uploads arrive in parts, then become one stored file."""

    async def upload(self, upload_id: str) -> Upload | None: ...
    async def add_part(self, upload: Upload, data: bytes) -> Upload: ...
    async def parts(self, upload_id: str) -> bytes: ...
    async def store(self, info: FileInfo, content: bytes) -> None: ...
    async def discard(self, upload_id: str) -> None: ...
    async def info(self, file_id: str) -> FileInfo | None: ...
    async def read(self, file_id: str, offset: int, size: int) -> bytes: ...


def too_large(size: int, max_bytes: int) -> InvalidInputError:
    message = f"Файл больше {max_bytes / 2**20:.0f} МБ ({size / 2**20:.1f} МБ): уменьшите его"
    return InvalidInputError.of("data", message, "too_large")


async def receive_part(
    files: FileStore,
    *,
    owner: str,
    upload_id: str,
    part: int,
    data: bytes,
    last: bool,
    filename: str,
    max_bytes: int,
    check: Callable[[bytes], str],
) -> tuple[int, FileInfo | None]:
    """Take the next part of an upload; with the last one, `check` the whole file (it answers
    the content type or refuses) and store it. Returns the bytes so far and, at the end, the
    stored file. A part sent again is answered as before."""
    stored = await files.info(upload_id)
    if stored is not None:
        if stored.owner != owner:
            raise FileNotStoredError()
        return stored.size, stored
    upload = await files.upload(upload_id)
    if upload is not None and upload.owner != owner:
        raise FileNotStoredError()
    if upload is not None and part < upload.next_part:
        return upload.received, None
    expected = upload.next_part if upload else 0
    if part != expected:
        raise InvalidInputError.of(
            "part", f"Ожидается часть {expected}: части идут по порядку", "order"
        )
    received = (upload.received if upload else 0) + len(data)
    if received > max_bytes:
        await files.discard(upload_id)
        raise too_large(received, max_bytes)
    upload = await files.add_part(
        upload or Upload(upload_id, owner, clean_filename(filename), 0, 0), data
    )
    if not last:
        return upload.received, None
    content = await files.parts(upload_id)
    try:
        content_type = check(content)
    except InvalidInputError:
        await files.discard(upload_id)
        raise
    info = FileInfo(
        upload_id,
        owner,
        upload.filename,
        content_type,
        len(content),
        hashlib.sha256(content).hexdigest(),
    )
    await files.store(info, content)
    await files.discard(upload_id)
    return len(content), info


async def read_part(
    files: FileStore, *, file_id: str, part: int, may_read: Callable[[FileInfo], bool]
) -> tuple[FileInfo, bytes, bool]:
    """Part `part` of a stored file for a reader `may_read` allows; the last flag says done."""
    info = await files.info(file_id)
    if info is None or not may_read(info):
        raise FileNotStoredError()
    offset = part * PART_MAX
    data = await files.read(file_id, offset, PART_MAX) if offset < info.size else b""
    return info, data, offset + PART_MAX >= info.size


async def receive_pdf_part(
    files: FileStore,
    *,
    owner: str,
    upload_id: str,
    part: int,
    data: bytes,
    last: bool,
    filename: str,
    max_bytes: int,
) -> tuple[int, FileInfo | None]:
    """`receive_part` for documents that must be PDF by content."""
    return await receive_part(
        files,
        owner=owner,
        upload_id=upload_id,
        part=part,
        data=data,
        last=last,
        filename=filename,
        max_bytes=max_bytes,
        check=lambda content: check_pdf(content, max_bytes=max_bytes),
    )


async def owned_file(files: FileStore, file_id: str, owner: str) -> FileInfo:
    """A stored file its uploader refers to, or a refusal naming `file_id`."""
    info = await files.info(file_id)
    if info is None or info.owner != owner:
        raise InvalidInputError.of("file_id", "Файл не найден: загрузите его заново", "not_found")
    return info
