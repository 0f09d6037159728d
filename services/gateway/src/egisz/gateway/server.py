"""How the gateway is served: uvicorn, with what it lacks for a public listener.

- A request head must arrive within `header_timeout_seconds` of the connection opening (or of
  the previous response): uvicorn has no such timeout, and a client sending a header byte every
  few seconds held its connection forever (slow loris; issue 28, row 10).
- At most `max_connections` at once (uvicorn's `limit_concurrency`: 503 past it).
- Only the proxies in `forwarded_allow_ips` may name the client with `X-Forwarded-For` (none by
  default: the rate limit keys on the address that connected).
- Logging stays ours (`log_config=None`): uvicorn's own lines and tracebacks are JSON too.
- `/metrics` is on a listener of its own (`metrics_port`), not on the public one.
- The event loop is uvloop's, as every service's.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
import uvicorn
from fastapi import FastAPI
from prometheus_client import start_http_server
from uvicorn.protocols.http.h11_impl import H11Protocol

from egisz.gateway.settings import GatewaySettings
from egisz.runtime.heap import freeze_start_up_heap


class HeadTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request head is late."""

    head_timeout_seconds = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_timer: asyncio.TimerHandle | None = None
        self._wait_for_head()

    def _wait_for_head(self) -> None:
        self._stop_waiting()
        self._head_timer = self.loop.call_later(self.head_timeout_seconds, self._head_late)

    def _stop_waiting(self) -> None:
        if getattr(self, "_head_timer", None) is not None:
            self._head_timer.cancel()  # type: ignore[union-attr]
            self._head_timer = None

    def _head_late(self) -> None:
        self._head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:
            self._stop_waiting()  # the head is in: the body and the answer take their time

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._wait_for_head()  # a kept-alive connection owes the next head in time too

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        super().connection_lost(exc)


def protocol_for(settings: GatewaySettings) -> type[HeadTimeoutProtocol]:
    return type(
        "GatewayProtocol",
        (HeadTimeoutProtocol,),
        {"head_timeout_seconds": settings.header_timeout_seconds},
    )


def config(app: FastAPI, settings: GatewaySettings, **overrides: Any) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=settings.http_host,
        port=settings.http_port,
        http=protocol_for(settings),
        log_config=None,
        log_level="warning",
        access_log=False,  # one JSON line per request comes from the app itself
        proxy_headers=bool(settings.forwarded_allow_ips),
        forwarded_allow_ips=settings.forwarded_allow_ips or [],
        limit_concurrency=settings.max_connections,
        timeout_keep_alive=5,
        loop="uvloop",  # as every service (runtime.app.serve)
        **overrides,
    )


def serve(app: FastAPI, settings: GatewaySettings) -> None:
    if settings.metrics_port:
        start_http_server(settings.metrics_port, settings.metrics_host, registry=app.state.metrics)
    freeze_start_up_heap()  # the app is built: its routes, models and OpenAPI pieces stay
    uvicorn.Server(config(app, settings)).run()
