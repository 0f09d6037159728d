"""What every request meets before a route: its correlation id, log line and histogram sample, a
body limit counted while the body arrives (a declared `Content-Length` over it is refused before a
byte is read), and a per-client rate limit. All plain ASGI middleware: an oversized or excess
request costs no parsing and no NATS, and none of them pays for Starlette's `BaseHTTPMiddleware`
(its task group and streams were a fifth of the gateway's CPU per request in a py-spy profile)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import structlog
from limits import parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from egisz.gateway.files import is_form
from egisz.gateway.routes import CORRELATION_HEADER, envelope_error
from egisz.runtime.inbound import bounded_id

_CORRELATION = CORRELATION_HEADER.lower().encode()


class Observed:
    """One JSON line (health and metrics aside) and one `handled` sample per request, under its
    correlation id (the client's `X-Correlation-ID`, else a new one) bound for every log line
    the request writes."""

    def __init__(self, app: ASGIApp, handled: Any, log: Any) -> None:
        self.app, self.handled, self.log = app, handled, log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        given = bounded_id(dict(scope["headers"]).get(_CORRELATION, b"").decode("latin-1"))
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(correlation_id=given or uuid.uuid4().hex)
        status = 500

        async def noted(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noted)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            elapsed = time.perf_counter() - started
            method = scope.get("method", "")
            self.handled.labels(route, method, str(status)).observe(elapsed)
            if not route.startswith(("/health", "/metrics")):
                self.log.info(
                    "request answered",
                    method=method,
                    route=route,
                    status=status,
                    duration_ms=round(elapsed * 1000, 2),
                )


class _TooLargeError(Exception):
    pass


def too_large(limit: int) -> Response:
    message = f"Тело запроса больше {limit} байт: уменьшите его или отправьте файл частями"
    return Response(
        envelope_error("payload_too_large", "invalid", message), 413, media_type="application/json"
    )


class BodyLimit:
    """`limit_of(scope)` says how many bytes this request may send (files get more than
    commands)."""

    def __init__(self, app: ASGIApp, limit_of: Callable[[Scope], int]) -> None:
        self.app, self.limit_of = app, limit_of

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_of(scope)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await too_large(limit)(scope, receive, send)
            return
        received, started = 0, False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLargeError
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except _TooLargeError:
            if started:
                raise
            await too_large(limit)(scope, receive, send)


class FormsOnlyForFiles:
    """A multipart body is a file's form (`multipart/form-data`) on an upload path, and nothing
    else: `multipart/mixed` and friends, or a form where a command takes JSON, are 415 before a
    byte of the body is read (they got the files' limit and were held whole before)."""

    def __init__(self, app: ASGIApp, uploads: set[str]) -> None:
        self.app, self.uploads = app, uploads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            kind = dict(scope["headers"]).get(b"content-type", b"")
            if kind.lower().startswith(b"multipart/") and not (
                is_form(kind) and scope["path"] in self.uploads
            ):
                message = (
                    "Файл передаётся формой multipart/form-data на адрес загрузки; "
                    "команда — телом application/json"
                )
                answer = envelope_error("unsupported_media_type", "invalid", message)
                await Response(answer, 415, media_type="application/json")(scope, receive, send)
                return
        await self.app(scope, receive, send)


# The documentation pages load nothing from elsewhere, not even Redoc's «powered by» logo.
DOCS_POLICY = (
    b"default-src 'self'; script-src 'self' 'unsafe-inline' blob:; worker-src 'self' blob:; "
    b"style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    b"connect-src 'self'; frame-ancestors 'none'"
)


class DocsPolicy:
    """A Content-Security-Policy on the documentation pages (`paths`): what the browser may
    fetch is this host's, so the pages work — and are seen to work — on a closed network."""

    def __init__(self, app: ASGIApp, paths: set[str]) -> None:
        self.app, self.paths = app, paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return

        async def with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"content-security-policy", DOCS_POLICY)]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_policy)


class AllowedMethods:
    """A 405 names every method the path takes: Starlette names only those of the first route
    that matched the path, so a path with a POST and a GET route (a download) said POST only."""

    def __init__(self, app: ASGIApp, methods_of: Callable[[str], set[str]]) -> None:
        self.app, self.methods_of = app, methods_of

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def allowing(message: Message) -> None:
            known = self.methods_of(scope["path"])
            if message["type"] == "http.response.start" and message["status"] == 405 and known:
                allowed = ", ".join(sorted(known))
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
                message = {**message, "headers": [*headers, (b"allow", allowed.encode())]}
            await send(message)

        await self.app(scope, receive, allowing)


class RateLimit:
    """At most `rate` (`limits` syntax: "600/minute") requests per client address, counted in a
    moving window in this replica's memory; the excess is answered 429 with `Retry-After`.
    Behind an ingress, uvicorn's proxy headers (`GATEWAY_FORWARDED_ALLOW_IPS`) make the address
    the client's own. Health checks and metrics are not counted."""

    def __init__(self, app: ASGIApp, rate: str) -> None:
        self.app, self.item = app, parse(rate)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path.startswith(("/health", "/metrics")):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        if await self.limiter.hit(self.item, client):
            await self.app(scope, receive, send)
            return
        stats = await self.limiter.get_window_stats(self.item, client)
        wait = max(1, int(stats.reset_time - time.time()) + 1)
        message = f"Слишком много запросов: повторите через {wait} с"
        await Response(
            envelope_error("rate_limited", "unavailable", message),
            429,
            headers={"Retry-After": str(wait)},
            media_type="application/json",
        )(scope, receive, send)
