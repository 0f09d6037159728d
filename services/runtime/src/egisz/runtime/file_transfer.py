"""Files from a client's side: bytes sent in parts to an upload subject, and a download subject
read back part by part (`contracts.files`). One loop for every client: the command line and the
HTTP gateway."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import uuid
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable
from typing import Any

from egisz.contracts.files import UPLOAD_PART_MAX, FilePart

# What sends one command and answers its reply envelope: (subject, body) → reply.
Call = Callable[[str, dict[str, Any]], Awaitable[dict[str, Any]]]


class TransferRefusedError(Exception):
    """A part was refused: `reply` is the service's envelope, error and all."""

    def __init__(self, reply: dict[str, Any]) -> None:
        super().__init__(str(reply.get("error")))
        self.reply = reply


async def parts_of(read: Callable[[int], Awaitable[bytes]]) -> AsyncIterator[bytes]:
    """Whole parts from a reader (an upload's spooled file, a socket): each as large as a part
    may be, the last one shorter."""
    while chunk := await read(UPLOAD_PART_MAX):
        while len(chunk) < UPLOAD_PART_MAX and (more := await read(UPLOAD_PART_MAX - len(chunk))):
            chunk += more
        yield chunk


async def send_file(
    call: Call,
    subject: str,
    parts: AsyncIterable[bytes],
    filename: str,
    *,
    sent: Callable[[int], None] = lambda _: None,
    in_flight: asyncio.Semaphore | None = None,
) -> dict[str, Any]:
    """Send the parts in order, each marked `last` only when it is; answer the last part's reply
    (with the stored file). An empty file is one empty last part: the service says what it thinks
    of it. `in_flight`, shared by a process's uploads, bounds how many parts are encoded and on
    their way at once, whatever the number of uploads (a part costs about three times its size
    while it is encoded and sent)."""
    upload_id, number, held, done = uuid.uuid4().hex, 0, b"", 0

    async def send(chunk: bytes, last: bool) -> dict[str, Any]:
        async with in_flight or contextlib.nullcontext():
            body = {
                "upload_id": upload_id,
                "part": number,
                "data": base64.b64encode(chunk).decode(),
                "last": last,
                "filename": filename,
            }
            reply = await call(subject, body)
            del body
        if not reply.get("ok"):
            raise TransferRefusedError(reply)
        return reply

    first = True
    async for chunk in parts:
        if not first:  # one part held back: only the next one says whether it was the last
            await send(held, False)
            number, done = number + 1, done + len(held)
            sent(done)
        held, first = chunk, False
    reply = await send(held, True)
    sent(done + len(held))
    return reply


async def read_file(
    call: Call, subject: str, request: dict[str, Any]
) -> AsyncIterator[tuple[FilePart, bytes]]:
    """Each part in order with its bytes; the first refusal raises `TransferRefusedError`."""
    part = 0
    while True:
        reply = await call(subject, request | {"part": part})
        if not reply.get("ok"):
            raise TransferRefusedError(reply)
        piece = FilePart.model_validate(reply["result"])
        yield piece, base64.b64decode(piece.data)
        if piece.last:
            return
        part += 1
