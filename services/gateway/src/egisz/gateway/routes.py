"""Every command of the contracts as `POST /api/<service>/<aggregate>/<verb>`, generated from
the one subject table (nothing restated): the body goes to the subject over NATS unchanged — the
services validate it and answer the envelope — with `Authorization`, `Idempotency-Key` and
`X-Correlation-ID` carried into NATS headers; the envelope comes back with its HTTP status."""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from fastapi import APIRouter, Request, Response

from egisz.contracts.envelope import HEADER_AUTHORIZATION, HEADER_IDEMPOTENCY_KEY
from egisz.contracts.subjects import COMMANDS, Command
from egisz.gateway.statuses import status_of

# What forwards one command: (subject, body, NATS headers, correlation id) → the reply's bytes.
Forward = Callable[[str, bytes, dict[str, str], str], Awaitable[bytes]]

CORRELATION_HEADER = "X-Correlation-ID"


def command_path(command: Command) -> str:
    _, service, _, aggregate, verb = command.subject.split(".")
    return f"/api/{service}/{aggregate}/{verb}"


def envelope_error(code: str, kind: str, message: str) -> bytes:
    body = {"code": code, "kind": kind, "message": message, "fixable_by": "support"}
    return json.dumps({"ok": False, "result": None, "error": body}, ensure_ascii=False).encode()


def command_router(forward: Forward, *, max_body_bytes: int) -> APIRouter:
    router = APIRouter(prefix="")
    for command in COMMANDS:
        router.add_api_route(
            command_path(command),
            _endpoint(command, forward, max_body_bytes),
            methods=["POST"],
            summary=command.summary,
            operation_id=command.subject.replace(".", "_"),
            tags=[command.service],
            openapi_extra=_openapi(command),
            response_class=Response,
        )
    return router


def _endpoint(
    command: Command, forward: Forward, max_body_bytes: int
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        bound = structlog.contextvars.get_contextvars().get("correlation_id")
        correlation = request.headers.get(CORRELATION_HEADER) or bound or uuid.uuid4().hex
        headers = {CORRELATION_HEADER: correlation}
        body = await request.body()
        if len(body) > max_body_bytes:
            message = f"Тело запроса больше {max_body_bytes} байт: отправьте файл частями"
            error = envelope_error("payload_too_large", "invalid", message)
            return Response(error, 413, headers=headers, media_type="application/json")
        nats_headers: dict[str, str] = {}
        if auth := request.headers.get("authorization"):
            nats_headers[HEADER_AUTHORIZATION] = auth
        if key := request.headers.get("idempotency-key"):
            nats_headers[HEADER_IDEMPOTENCY_KEY] = key
        reply = await forward(command.subject, body or b"{}", nats_headers, correlation)
        try:
            status = status_of(json.loads(reply))
        except ValueError:
            status = 502
        return Response(reply, status, headers=headers, media_type="application/json")

    endpoint.__name__ = command.subject.replace(".", "_")
    return endpoint


def _openapi(command: Command) -> dict[str, Any]:
    request, reply = command.request.__name__, f"Reply_{command.result.__name__}"
    envelope = {
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{reply}"}}}
    }
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{request}"}}
            },
        },
        "responses": {
            "200": {"description": "Done: `ok` with the result", **envelope},
            **{
                str(status): {"description": what, **envelope}
                for status, what in (
                    (400, "The body is not a JSON object"),
                    (401, "No valid token"),
                    (403, "Not this caller's to do"),
                    (404, "No such record for this caller"),
                    (409, "The record's state refuses it"),
                    (413, "The body is too large"),
                    (422, "A field is wrong, or a rule refuses it: `error.fields` name the fix"),
                    (503, "A service did not answer: try again"),
                )
            },
        },
    }
