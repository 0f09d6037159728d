"""Files kept beside a service's records: uploaded over NATS in ordered parts (a message stays
under NATS's 1 MB), checked whole by the service's own rule, stored in a GridFS bucket, and
referred to by id — never inlined in an event.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from gridfs import AsyncGridFSBucket
from pymongo import ASCENDING, IndexModel, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from egisz.contracts.files import (
    UPLOAD_PART_MAX,
    FilePart,
    StoredFile,
    UploadFilePart,
    UploadProgress,
)
from egisz.runtime.clock import utcnow
from egisz.runtime.content import check_pdf, clean_filename
from egisz.runtime.errors import ConcurrencyError, InvalidInputError, NotFoundError
from egisz.runtime.mongo import Document

PART_MAX = UPLOAD_PART_MAX


class FileNotStoredError(NotFoundError):
    code = "file_not_found"
    default_message = "Файл не найден: загрузите его заново"


UPLOADS = "uploads"
UPLOAD_PARTS = "upload_parts"
INDEXES = {
    UPLOAD_PARTS: [IndexModel([("upload_id", ASCENDING), ("part", ASCENDING)], name="parts")]
}


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


class GridFsFileStore:
    """Parts in a collection while an upload is open; finished files in a GridFS bucket."""

    def __init__(self, db: AsyncDatabase[Document], bucket: str) -> None:
        self._uploads = db[UPLOADS]
        self._parts = db[UPLOAD_PARTS]
        self._bucket = AsyncGridFSBucket(db, bucket_name=bucket)
        self._files = db[f"{bucket}.files"]

    async def upload(self, upload_id: str) -> Upload | None:
        doc = await self._uploads.find_one({"_id": upload_id})
        if doc is None:
            return None
        return Upload(upload_id, doc["owner"], doc["filename"], doc["next_part"], doc["received"])

    async def add_part(self, upload: Upload, data: bytes) -> Upload:
        part = upload.next_part
        # Idempotent per part: a resent part overwrites itself; the counter moves only once.
        await self._parts.replace_one(
            {"_id": f"{upload.upload_id}|{part}"},
            {"upload_id": upload.upload_id, "part": part, "data": data},
            upsert=True,
        )
        result = await self._uploads.find_one_and_update(
            {"_id": upload.upload_id, "next_part": part},
            {
                "$set": {"owner": upload.owner, "filename": upload.filename, "at": utcnow()},
                "$inc": {"next_part": 1, "received": len(data)},
            },
            upsert=part == 0,
            return_document=ReturnDocument.AFTER,
        )
        if result is None:
            raise ConcurrencyError()
        return Upload(
            upload.upload_id, upload.owner, upload.filename, result["next_part"], result["received"]
        )

    async def parts(self, upload_id: str) -> bytes:
        cursor = self._parts.find({"upload_id": upload_id}).sort("part", 1)
        return b"".join([bytes(d["data"]) async for d in cursor])

    async def store(self, info: FileInfo, content: bytes) -> None:
        if await self._files.find_one({"_id": info.file_id}) is not None:
            return  # stored by an earlier attempt
        await self._bucket.upload_from_stream_with_id(
            info.file_id,
            info.filename,
            content,
            metadata={
                "owner": info.owner,
                "content_type": info.content_type,
                "sha256": info.sha256,
            },
        )

    async def discard(self, upload_id: str) -> None:
        await self._parts.delete_many({"upload_id": upload_id})
        await self._uploads.delete_one({"_id": upload_id})

    async def info(self, file_id: str) -> FileInfo | None:
        doc = await self._files.find_one({"_id": file_id})
        if doc is None:
            return None
        meta = doc.get("metadata") or {}
        return FileInfo(
            file_id,
            meta.get("owner", ""),
            doc["filename"],
            meta.get("content_type", ""),
            int(doc["length"]),
            meta.get("sha256", ""),
        )

    async def read(self, file_id: str, offset: int, size: int) -> bytes:
        stream = await self._bucket.open_download_stream(file_id)
        try:
            await stream.seek(offset)
            return await stream.read(size)
        finally:
            await stream.close()


class InMemoryFileStore:
    def __init__(self) -> None:
        self.uploads: dict[str, Upload] = {}
        self.chunks: dict[str, list[bytes]] = {}
        self.files: dict[str, tuple[FileInfo, bytes]] = {}

    async def upload(self, upload_id: str) -> Upload | None:
        return self.uploads.get(upload_id)

    async def add_part(self, upload: Upload, data: bytes) -> Upload:
        self.chunks.setdefault(upload.upload_id, []).append(data)
        moved = replace(
            upload, next_part=upload.next_part + 1, received=upload.received + len(data)
        )
        self.uploads[upload.upload_id] = moved
        return moved

    async def parts(self, upload_id: str) -> bytes:
        return b"".join(self.chunks.get(upload_id, []))

    async def store(self, info: FileInfo, content: bytes) -> None:
        self.files.setdefault(info.file_id, (info, content))

    async def discard(self, upload_id: str) -> None:
        self.uploads.pop(upload_id, None)
        self.chunks.pop(upload_id, None)

    async def info(self, file_id: str) -> FileInfo | None:
        found = self.files.get(file_id)
        return found[0] if found else None

    async def read(self, file_id: str, offset: int, size: int) -> bytes:
        return self.files[file_id][1][offset : offset + size]


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


# --- the wire side, for handlers ------------------------------------------------------------
def decoded(part: UploadFilePart) -> bytes:
    """The bytes of an uploaded part, or a refusal naming `data`."""
    try:
        data = base64.b64decode(part.data, validate=True)
    except binascii.Error:
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
