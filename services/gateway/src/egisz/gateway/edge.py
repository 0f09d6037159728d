"""What every request meets before a route: a body limit counted while the body arrives (a
declared `Content-Length` over it is refused before a byte is read), and a per-client rate limit.
Both are plain ASGI middleware, so an oversized or excess request costs no parsing and no NATS."""

from __future__ import annotations

import time
from collections.abc import Callable

from limits import parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from egisz.gateway.routes import envelope_error


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
