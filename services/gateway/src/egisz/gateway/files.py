"""Files without base64. On an upload subject's path a `multipart/form-data` body (one `file`)
is sent on by the gateway in parts; `GET` on a download subject's path streams the file's bytes,
its name and type in the headers. The services keep their own size and type limits: a refused
part comes back as the service's envelope."""

from __future__ import annotations

import asyncio
import json
import urllib.parse
from collections.abc import AsyncIterator
from typing import Any

from fastapi import Request, Response
from fastapi.responses import StreamingResponse
from starlette.datastructures import UploadFile

from egisz.contracts.envelope import ErrorBody, FieldError, Reply
from egisz.contracts.files import FilePart
from egisz.contracts.subjects import Command
from egisz.gateway.statuses import status_of
from egisz.runtime.file_transfer import Call, TransferRefusedError, parts_of, read_file, send_file
from egisz.runtime.logging import get_logger

log = get_logger("egisz.gateway.files")

FORM_FIELD = "file"
# Parts encoded and on their way at once, over all the uploads of this replica: what keeps its
# memory flat however many clients upload (tests/bench/gateway_uploads.py). The form itself is
# spooled to disk past 1 MiB by Starlette.
PARTS_IN_FLIGHT = asyncio.Semaphore(2)


def is_form(content_type: bytes) -> bool:
    """`multipart/form-data`, whatever its parameters: the one kind of body a file comes in."""
    return content_type.split(b";", 1)[0].strip().lower() == b"multipart/form-data"


def is_multipart(request: Request) -> bool:
    return is_form(request.headers.get("content-type", "").encode("latin-1"))


def _json(reply: dict[str, Any], headers: dict[str, str]) -> Response:
    body = json.dumps(reply, ensure_ascii=False).encode()
    return Response(body, status_of(reply), headers=headers, media_type="application/json")


def refused(field: str, code: str, message: str) -> dict[str, Any]:
    """The uploader's mistake, as the envelope every refusal is (`contracts.envelope`)."""
    fields = [FieldError(field=field, message=message, code=code)]
    error = ErrorBody(
        code=code, kind="invalid", message=message, fields=fields, fixable_by="worker"
    )
    answer: dict[str, Any] = Reply.failure(error).model_dump(mode="json")
    return answer


async def upload(
    command: Command, request: Request, call: Call, headers: dict[str, str]
) -> Response:
    """The form's one file, sent in parts; the last part's envelope (with the stored file)."""
    form = await request.form(max_files=1, max_fields=0)  # the file, and nothing else
    try:
        file = form.get(FORM_FIELD)
        if not isinstance(file, UploadFile):
            message = f"Приложите файл в поле «{FORM_FIELD}» формы multipart/form-data"
            return _json(refused(FORM_FIELD, "file_missing", message), headers)
        try:
            reply = await send_file(
                call,
                command.subject,
                parts_of(file.read),
                file.filename or "file",
                in_flight=PARTS_IN_FLIGHT,
            )
        except TransferRefusedError as exc:
            reply = exc.reply
        return _json(reply, headers)
    finally:
        await form.close()


async def download(
    command: Command, request: Request, call: Call, headers: dict[str, str]
) -> Response:
    """The first part is read before the answer starts, so a refusal keeps its status; the
    rest stream as they come. A later failure cuts the stream short of `Content-Length`."""
    query = dict(request.query_params)
    if "part" in query:
        message = "Параметр part выбирает шлюз: уберите его, файл придёт целиком"
        return _json(refused("part", "not_allowed", message), headers)
    parts = read_file(call, command.subject, query)
    try:
        first, data = await anext(parts)
    except TransferRefusedError as exc:
        return _json(exc.reply, headers)

    async def rest() -> AsyncIterator[bytes]:
        yield data
        try:
            async for _, more in parts:
                yield more
        except TransferRefusedError as exc:
            log.warning("download cut short", subject=command.subject, error=exc.reply["error"])
            raise

    return StreamingResponse(
        rest(),
        media_type=first.content_type,
        headers=headers | _file_headers(first),
    )


def _file_headers(first: FilePart) -> dict[str, str]:
    ascii_name = "".join(c if " " <= c <= "~" and c not in '"\\' else "_" for c in first.filename)
    quoted = urllib.parse.quote(first.filename, safe="")
    return {
        "Content-Length": str(first.size),
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quoted}",
        "X-Content-Type-Options": "nosniff",
    }
