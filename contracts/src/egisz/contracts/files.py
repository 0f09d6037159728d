"""Files sent over NATS in parts (a message stays under NATS's 1 MB) and read back the same way.
Shared by every service that keeps documents: the registry's scans, the portfolio's PDFs."""

from __future__ import annotations

from pydantic import Field

from egisz.contracts.bounds import Cursor, FilePartData, Flag, Int, Title
from egisz.contracts.envelope import WireModel

UPLOAD_PART_MAX = 512 * 1024


class UploadFilePart(WireModel):
    """One part of a file, in order; the last part stores the file and answers with its id.
    A part carries at most 512 KiB (base64 in JSON keeps a message under NATS's 1 MB)."""

    upload_id: Cursor = Field(min_length=8, max_length=64, description="Chosen by the client.")
    part: Int = Field(ge=0, le=10_000)
    data: FilePartData = Field(description="Base64 of this part's bytes.")
    last: Flag = False
    filename: Title = Field(min_length=1, max_length=255)


class StoredFile(WireModel):
    file_id: str
    filename: str
    content_type: str
    size: Int
    sha256: str


class UploadProgress(WireModel):
    upload_id: str
    received_bytes: Int
    file: StoredFile | None = Field(default=None, description="Set once the last part is in.")


class ReadFile(WireModel):
    """Read a stored file part by part (512 KiB each): its owner or the support desk."""

    file_id: Cursor
    part: Int = Field(default=0, ge=0, le=10_000)


class FilePart(WireModel):
    file_id: str
    filename: str
    content_type: str
    size: Int
    part: Int
    data: str = Field(description="Base64 of this part's bytes.")
    last: bool
