"""Files without base64 by hand: a file on disk uploaded in 512 KiB parts to any upload subject,
and any download subject read part by part into a file, each with a progress bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, BinaryIO

from egisz.cli.client import Client
from egisz.contracts.subjects import Command
from egisz.runtime.file_transfer import read_file

Progress = Callable[[int, int | None], None]  # bytes done, total when known


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
    return await client.upload(
        subject, content, filename, token=token, sent=lambda done: progress(done, len(content))
    )


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
    done, opened, name = 0, None, ""
    try:
        async for piece, data in read_file(client.caller(token), subject, body):
            opened, name = opened or sink(piece.filename), piece.filename
            opened.write(data)
            done += len(data)
            progress(done, piece.size)
    finally:
        if opened is not None:
            opened.close()
    return name
