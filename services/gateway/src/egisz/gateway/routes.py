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

from egisz.contracts.envelope import (
    HEADER_AUTHORIZATION,
    HEADER_IDEMPOTENCY_KEY,
    ErrorBody,
    ErrorKind,
    FieldError,
    FixableBy,
    Reply,
)
from egisz.contracts.identities import http_commands
from egisz.contracts.subjects import FILE_DOWNLOADS, FILE_UPLOADS, Command
from egisz.gateway import files
from egisz.gateway.openapi_paths import openapi_command, openapi_download
from egisz.gateway.statuses import status_of
from egisz.runtime.file_transfer import Call
from egisz.runtime.inbound import bounded_id

# What forwards one command: (subject, body, NATS headers, correlation id) → the reply's bytes.
Forward = Callable[[str, bytes, dict[str, str], str], Awaitable[bytes]]

CORRELATION_HEADER = "X-Correlation-ID"


def command_path(command: Command) -> str:
    _, service, _, aggregate, verb = command.subject.split(".")
    return f"/api/{service}/{aggregate}/{verb}"


def envelope_error(
    code: str,
    kind: ErrorKind,
    message: str,
    *,
    field: str | None = None,
    fixable_by: FixableBy = "support",
) -> bytes:
    """A refusal the edge answers itself, built from the contract's own models (so it is the
    envelope the OpenAPI document publishes, enums and all)."""
    fields = [FieldError(field=field, message=message, code=code)] if field else []
    error = ErrorBody(code=code, kind=kind, message=message, fields=fields, fixable_by=fixable_by)
    return Reply.failure(error).model_dump_json().encode()


def command_router(forward: Forward) -> APIRouter:
    router = APIRouter(prefix="")
    for command in http_commands():
        router.add_api_route(
            command_path(command),
            _endpoint(command, forward),
            methods=["POST"],
            summary=command.summary,
            operation_id=command.subject.replace(".", "_"),
            tags=[command.service],
            openapi_extra=openapi_command(command),
            response_class=Response,
        )
        if command.subject in FILE_DOWNLOADS:
            router.add_api_route(
                command_path(command),
                _download(command, forward),
                methods=["GET"],
                summary=f"{command.summary} The file's bytes, streamed.",
                operation_id=command.subject.replace(".", "_") + "_file",
                tags=[command.service],
                openapi_extra=openapi_download(command),
                response_class=Response,
            )
    return router


def _correlation(request: Request) -> str:
    bound = structlog.contextvars.get_contextvars().get("correlation_id")
    given = bounded_id(request.headers.get(CORRELATION_HEADER))
    return str(given or bound or uuid.uuid4().hex)


def _nats_headers(request: Request, *, idempotent: bool = True) -> dict[str, str]:
    headers: dict[str, str] = {}
    if auth := request.headers.get("authorization"):
        headers[HEADER_AUTHORIZATION] = auth
    if idempotent and (key := request.headers.get("idempotency-key")):
        headers[HEADER_IDEMPOTENCY_KEY] = key
    return headers


def caller_for(request: Request, forward: Forward, *, token_in_query: bool = False) -> Call:
    """Commands under this request's token (`access_token` in the query where a browser's
    EventSource cannot send headers) and correlation id, without its `Idempotency-Key`."""
    headers = _nats_headers(request, idempotent=False)
    token = request.query_params.get("access_token") if token_in_query else None
    if token and HEADER_AUTHORIZATION not in headers:
        headers[HEADER_AUTHORIZATION] = f"Bearer {token}"
    return _caller(forward, headers, _correlation(request))


def _caller(forward: Forward, headers: dict[str, str], correlation: str) -> Call:
    """Each part its own command under the request's token and correlation id; never its
    `Idempotency-Key`, which would answer every part with the first part's reply."""

    async def call(subject: str, body: dict[str, Any]) -> dict[str, Any]:
        reply = await forward(subject, json.dumps(body).encode(), headers, correlation)
        answer: dict[str, Any] = json.loads(reply)
        return answer

    return call


def _download(command: Command, forward: Forward) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        correlation = _correlation(request)
        call = _caller(forward, _nats_headers(request, idempotent=False), correlation)
        return await files.download(command, request, call, {CORRELATION_HEADER: correlation})

    endpoint.__name__ = command.subject.replace(".", "_") + "_file"
    return endpoint


def _endpoint(command: Command, forward: Forward) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        correlation = _correlation(request)
        headers = {CORRELATION_HEADER: correlation}
        if command.subject in FILE_UPLOADS and files.is_multipart(request):
            call = _caller(forward, _nats_headers(request, idempotent=False), correlation)
            return await files.upload(command, request, call, headers)
        body = await request.body()  # bounded by edge.BodyLimit
        if not body.strip():  # never read as `{}`: an empty body is a client's mistake
            message = "Тело запроса пустое: отправьте объект JSON ({} — команда без полей)"
            return Response(
                envelope_error(
                    "invalid_message", "invalid", message, field="body", fixable_by="worker"
                ),
                400,
                headers=headers,
                media_type="application/json",
            )
        reply = await forward(command.subject, body, _nats_headers(request), correlation)
        try:
            status = status_of(json.loads(reply))
        except ValueError:
            status = 502
        return Response(reply, status, headers=headers, media_type="application/json")

    endpoint.__name__ = command.subject.replace(".", "_")
    return endpoint
