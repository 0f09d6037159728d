"""Files without base64 by hand: a file on disk uploaded in 512 KiB parts to any upload subject,
and any download subject read part by part into a file, each with a progress bar."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from typing import Any, BinaryIO

from egisz.cli.client import Client
from egisz.contracts.files import FilePart, UploadFilePart
from egisz.contracts.subjects import COMMANDS, Command

PART_BYTES = 512 * 1024  # what every upload subject takes per part (contracts.files)

UPLOADS = {c.subject: c for c in COMMANDS if issubclass(c.request, UploadFilePart)}
DOWNLOADS = {c.subject: c for c in COMMANDS if c.result is FilePart}

Progress = Callable[[int, int | None], None]  # bytes done, total when known


class TransferError(Exception):
    """A part was refused: the reply's error, as the service gave it."""

    def __init__(self, reply: dict[str, Any]) -> None:
        super().__init__(str(reply.get("error")))
        self.reply = reply


async def upload(
    client: Client,
    subject: str,
    content: bytes,
    filename: str,
    *,
    token: str | None,
    progress: Progress,
) -> dict[str, Any]:
    """Send the file in order; answer the last part's reply (with the stored file's id)."""
    upload_id = uuid.uuid4().hex
    parts = max(1, -(-len(content) // PART_BYTES))
    reply: dict[str, Any] = {}
    for n in range(parts):
        chunk = content[n * PART_BYTES : (n + 1) * PART_BYTES]
        reply = await client.call(
            subject,
            {
                "upload_id": upload_id,
                "part": n,
                "data": base64.b64encode(chunk).decode(),
                "last": n == parts - 1,
                "filename": filename,
            },
            token=token,
        )
        if not reply.get("ok"):
            raise TransferError(reply)
        progress(min((n + 1) * PART_BYTES, len(content)), len(content))
    return reply


def download_request(command: Command, values: list[str]) -> dict[str, Any]:
    """The request's fields from `key=value` arguments; a bare value fills the one required
    field (`extract_id`, `file_id`, …) when the request has exactly one."""
    fields = {n: f for n, f in command.request.model_fields.items() if n != "part"}
    required = [n for n, f in fields.items() if f.is_required()]
    body: dict[str, Any] = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if sep and key in fields:
            body[key] = rest
        elif not sep and len(required) == 1:
            body[required[0]] = value
        else:
            raise ValueError(
                f"{value!r}: give {', '.join(f'{n}=…' for n in fields)} for {command.subject}"
            )
    return body


async def download(
    client: Client,
    subject: str,
    body: dict[str, Any],
    sink: Callable[[str], BinaryIO],
    *,
    token: str | None,
    progress: Progress,
) -> str:
    """Read every part in order into the file `sink` opens for the file's own name; answer that
    name."""
    part, done, opened = 0, 0, None
    try:
        while True:
            reply = await client.call(subject, body | {"part": part}, token=token)
            if not reply.get("ok"):
                raise TransferError(reply)
            piece = FilePart.model_validate(reply["result"])
            opened = opened or sink(piece.filename)
            data = base64.b64decode(piece.data)
            opened.write(data)
            done += len(data)
            progress(done, piece.size)
            if piece.last:
                return piece.filename
            part += 1
    finally:
        if opened is not None:
            opened.close()
