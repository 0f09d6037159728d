"""Composition root of the HTTP edge: FastAPI for HTTP and OpenAPI, one FastStream `NatsBroker`
(started in FastAPI's lifespan) for NATS. Stateless: any number of replicas.

Why not `faststream.nats.fastapi.NatsRouter`: in FastStream 0.7 it is deprecated (moved to the
separate `faststream_fastapi` package, to be removed in 1.0); the broker in FastAPI's lifespan
is FastStream's own documented form and needs nothing more for request/reply; the bell's
subscriber is on the same broker."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from faststream.nats import NatsBroker
from nats.errors import NoRespondersError, TimeoutError as NatsTimeoutError
from prometheus_client import CollectorRegistry, Histogram
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from egisz.contracts.envelope import HEADER_CORRELATION_ID
from egisz.contracts.identities import http_commands
from egisz.contracts.subjects import FILE_DOWNLOADS, FILE_UPLOADS, NOTIFICATION_CREATED
from egisz.gateway import bell
from egisz.gateway.bell import Bell
from egisz.gateway.edge import (
    AllowedMethods,
    BodyLimit,
    DocsPolicy,
    FormsOnlyForFiles,
    Observed,
    RateLimit,
    too_large,
)
from egisz.gateway.fhir import routes as fhir
from egisz.gateway.files import is_form
from egisz.gateway.openapi import document
from egisz.gateway.openapi_paths import BELL_OPENAPI, BELL_PATH
from egisz.gateway.routes import (
    CORRELATION_HEADER,
    caller_for,
    command_path,
    command_router,
    envelope_error,
)
from egisz.gateway.settings import GatewaySettings
from egisz.runtime import compat
from egisz.runtime.dependencies import until_reachable
from egisz.runtime.logging import broker_logger, get_logger
from egisz.runtime.settings import nats_servers
from egisz.runtime.subscriptions import Subscriptions, Watch

log = get_logger("egisz.gateway")
assert compat  # a server error reconnects instead of closing the connection for good

# nats-server counts headers in its max_payload, nats-py only the body (docs/stack.md, pitfall 28).
# A request's headers are bounded by the HTTP server (h11: 16 KiB in all); the correlation id is
# added to them. A body may take what is left.
HEADER_ROOM = 20 * 1024
DEFAULT_MAX_PAYLOAD = 1024 * 1024


def nats_headers_size(headers: dict[str, str]) -> int:
    """The header block as NATS sends it (`NATS/1.0` line, `key: value` lines, a blank line)."""
    return 12 + sum(len(k.encode()) + len(v.encode()) + 4 for k, v in headers.items())


class Forwarder:
    """Commands over the gateway's one NATS connection: the last size check before the wire, and
    «service unavailable» for a command nobody answers."""

    def __init__(self, broker: NatsBroker, settings: GatewaySettings) -> None:
        self.broker = broker
        self.settings = settings

    def max_payload(self) -> int:
        connection = self.broker._connection  # None until connected
        return int(connection.max_payload) if connection else DEFAULT_MAX_PAYLOAD

    def body_limit(self) -> int:
        return min(self.settings.max_body_bytes, self.max_payload() - HEADER_ROOM)

    async def __call__(self, subject: str, body: bytes, headers: dict[str, str], cid: str) -> bytes:
        # Whatever got past the body limit, a message the server would refuse is never sent
        # (the server closes the connection it came on).
        if len(body) + nats_headers_size(headers) + len(cid) + 1024 > self.max_payload():
            log.warning("too large for NATS", subject=subject, size=len(body))
            return bytes(too_large(self.body_limit()).body)
        try:
            # nats-py's own request: FastStream's publisher path cost the edge more CPU than the
            # request itself (docs/stack.md, pitfall 33).
            reply = await self.broker.connection.request(
                subject,
                body,
                timeout=self.settings.request_timeout_seconds,
                headers={**headers, HEADER_CORRELATION_ID: cid},
            )
        except (NoRespondersError, NatsTimeoutError, TimeoutError):
            log.warning("no answer", subject=subject, correlation_id=cid)
            return envelope_error(
                "service_unavailable",
                "unavailable",
                "Сервис не ответил: повторите запрос позже",
            )
        return bytes(reply.data)


def gateway_broker(settings: GatewaySettings) -> NatsBroker:
    return NatsBroker(
        nats_servers(settings.nats_url),
        name="gateway",
        inbox_prefix=settings.inbox_prefix,  # only the gateway user's replies (users.conf)
        max_reconnect_attempts=-1,
        reconnect_time_wait=1,
        connect_timeout=3,
        logger=broker_logger(),
        log_level=10,
    )


async def http_error(request: Request, exc: Exception) -> Response:
    """The HTTP layer's own refusals in the shape the path speaks (`fhir.http_refusal`)."""
    assert isinstance(exc, StarletteHTTPException)
    answer = fhir.http_refusal(request, exc.status_code, exc.detail)
    answer.headers.update(exc.headers or {})
    return answer


def build(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    broker = gateway_broker(settings)
    forward = Forwarder(broker, settings)
    subscriptions = Subscriptions(concurrency=1, inbox_prefix=settings.inbox_prefix)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # NATS down at start is waited for (with backoff), not a reason to exit.
        await until_reachable("nats", broker.start, settings.dependency_wait_seconds)
        await subscriptions.start(broker.connection)
        log.info("gateway ready", nats=settings.nats_url.rsplit("@", 1)[-1])
        try:
            yield
        finally:
            await subscriptions.stop()
            await broker.stop()

    # Swagger UI (/docs) and Redoc (/redoc) from the package's own files: operators' networks
    # are closed, and a CDN page is a blank page there.
    app = FastAPIOffline(
        title="egisz-workforce HTTP API", version="0.1.0", lifespan=lifespan, docs_url="/docs"
    )
    # /fhir before the ~180 command routes: a route is found by trying each in turn, and
    # matching cost a quarter of a FHIR search's time in the edge behind them.
    fhir.install(app, forward)
    app.include_router(command_router(forward))
    app.add_exception_handler(StarletteHTTPException, http_error)
    add_bell(app, subscriptions, forward, settings)
    add_edge(app, forward, settings)
    add_health(app, broker)
    cached: dict[str, Any] = {}

    def openapi() -> dict[str, Any]:
        if not cached:
            cached.update(document(app))
        return cached

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def add_bell(
    app: FastAPI, subscriptions: Subscriptions, forward: Forwarder, settings: GatewaySettings
) -> None:
    """The bell's live stream, fed by notify's `notification.created`."""
    the_bell = Bell(
        max_streams=settings.bell_max_streams, per_person=settings.bell_streams_per_person
    )

    async def notification_created(body: bytes) -> None:
        the_bell.created(body)

    # No queue group: every replica hears every notification, for the streams it holds. Never
    # a reply: the message carries the JetStream publisher's ack inbox (notify's), which is not
    # ours to answer (a permission violation per notification under the deployed users).
    subscriptions.watches.append(Watch(NOTIFICATION_CREATED.subject, notification_created))

    @app.get(
        BELL_PATH,
        tags=["notify"],
        summary="The bell, live: the caller's new notifications and unread count (SSE)",
        response_class=Response,
        openapi_extra=BELL_OPENAPI,
    )
    async def bell_stream(request: Request) -> Response:
        return await bell.stream(
            the_bell,
            caller_for(request, forward, token_in_query=True),
            request,
            recheck_seconds=settings.bell_recheck_seconds,
            ping_seconds=settings.bell_ping_seconds,
        )


def add_edge(app: FastAPI, forward: Forwarder, settings: GatewaySettings) -> None:
    """What every request passes before a route: methods, body limits, forms, rate, CORS, and
    the observer that times and logs every answer."""
    uploads = {command_path(c) for c in FILE_UPLOADS.values()}

    def limit_of(scope: Scope) -> int:
        # Only a form on an upload path carries a file; any other body is a command's JSON.
        if is_form(dict(scope["headers"]).get(b"content-type", b"")) and scope["path"] in uploads:
            return settings.max_file_bytes
        return forward.body_limit()

    app.add_middleware(DocsPolicy, paths={"/docs", "/redoc"})
    # Every command's path takes POST; a download's takes GET too (routes.command_router).
    methods = {command_path(c): {"POST"} for c in http_commands()}
    methods |= {command_path(c): {"GET", "POST"} for c in FILE_DOWNLOADS.values()}
    app.add_middleware(AllowedMethods, methods_of=lambda path: methods.get(path, set()))
    app.add_middleware(BodyLimit, limit_of=limit_of)
    app.add_middleware(FormsOnlyForFiles, uploads=uploads)
    if settings.rate_limit:
        app.add_middleware(RateLimit, rate=settings.rate_limit)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key", CORRELATION_HEADER],
            expose_headers=[CORRELATION_HEADER, "Content-Disposition", "Retry-After"],
        )
    metrics = CollectorRegistry()
    handled = Histogram(
        "egisz_http_request_duration_seconds",
        "HTTP requests answered, by route, method and status, with their time",
        ["route", "method", "status"],
        registry=metrics,
    )
    app.state.metrics = metrics  # served on its own listener (server.serve), not on this one
    app.add_middleware(Observed, handled=handled, log=log)  # outermost: sees every answer


def add_health(app: FastAPI, broker: NatsBroker) -> None:
    @app.get("/health/live", include_in_schema=False)
    async def live() -> dict[str, str]:
        return {"status": "live"}

    @app.get("/health/ready", include_in_schema=False)
    async def ready() -> JSONResponse:
        ok = await broker.ping(timeout=2.0)
        # the pid: a supervisor on this host tells its own process from another on the port
        said = {"status": "ready" if ok else "not_ready", "pid": os.getpid()}
        return JSONResponse(said, 200 if ok else 503)
