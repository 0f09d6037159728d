"""Queries to another service over NATS request/reply, as this service (docs/architecture.md:
a synchronous query is for an on-demand snapshot, with a timeout and a clear error when the other
side is down).
"""

from __future__ import annotations

import json
import uuid
from typing import TypeVar

import structlog
from nats.aio.client import Client as NatsClient
from nats.errors import NoRespondersError, TimeoutError as NatsTimeoutError
from pydantic import BaseModel

from egisz.contracts.envelope import HEADER_AUTHORIZATION, HEADER_CORRELATION_ID
from egisz.contracts.subjects import Command
from egisz.kernel.errors import (
    RemoteRefusalError as RemoteRefusalError,
    RemoteUnavailableError as RemoteUnavailableError,
)

ResultT = TypeVar("ResultT", bound=BaseModel)


async def query(
    nc: NatsClient,
    spec: Command,
    request: BaseModel,
    result: type[ResultT],
    *,
    token: str | None,
    timeout: float,
) -> ResultT:
    """Send `request` on `spec` with this service's token and the current correlation id."""
    context = structlog.contextvars.get_contextvars()
    headers = {HEADER_CORRELATION_ID: str(context.get("correlation_id") or uuid.uuid4().hex)}
    if token:
        headers[HEADER_AUTHORIZATION] = f"Bearer {token}"
    try:
        msg = await nc.request(
            spec.subject, request.model_dump_json().encode(), timeout=timeout, headers=headers
        )
    except (NoRespondersError, NatsTimeoutError) as exc:
        raise RemoteUnavailableError(
            f"Сервис «{spec.service}» сейчас недоступен: попробуйте позже"
        ) from exc
    reply = json.loads(msg.data)
    if not reply.get("ok"):
        raise RemoteRefusalError(reply.get("error") or {})
    return result.model_validate(reply["result"])
