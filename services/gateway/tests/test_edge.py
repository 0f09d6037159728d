"""What a client meets at the door: too many requests are answered 429 with `Retry-After`, a
body sent without a declared length is still cut at the limit, and a browser on an allowed origin
gets its CORS answer while another origin does not."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

pytestmark = pytest.mark.integration

GET_WORKER = "/api/registry/worker/get"


async def test_a_client_over_its_rate_is_told_when_to_come_back(
    gateway_with: Callable[..., contextlib.AbstractAsyncContextManager[str]],
) -> None:
    async with (
        gateway_with(rate_limit="3/minute") as url,
        httpx.AsyncClient(base_url=url) as http,
    ):
        answers = [await http.post(GET_WORKER, json={"worker_id": "w"}) for _ in range(4)]
        health = await http.get("/health/ready")
    assert [a.status_code for a in answers] == [401, 401, 401, 429]
    assert answers[-1].json()["error"]["code"] == "rate_limited"
    assert 1 <= int(answers[-1].headers["Retry-After"]) <= 61
    assert health.status_code == 200  # probes are never counted


async def test_a_body_without_a_declared_length_is_cut_at_the_limit(gateway: str) -> None:
    async def endless() -> AsyncIterator[bytes]:
        for _ in range(200):  # 200 × 1 KiB, chunked: no Content-Length to refuse up front
            yield b" " * 1024

    async with httpx.AsyncClient(base_url=gateway) as http:
        cut = await http.post(GET_WORKER, content=endless())
    assert (cut.status_code, cut.json()["error"]["code"]) == (413, "payload_too_large")


async def test_an_allowed_origin_gets_cors_and_another_does_not(gateway: str) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type,idempotency-key",
    }
    async with httpx.AsyncClient(base_url=gateway) as http:
        allowed = await http.options(
            GET_WORKER, headers={"Origin": "https://portal.example", **preflight}
        )
        other = await http.options(
            GET_WORKER, headers={"Origin": "https://evil.example", **preflight}
        )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://portal.example"
    assert other.status_code == 400
    assert "access-control-allow-origin" not in other.headers


async def test_a_body_of_the_whole_nats_payload_is_413_and_the_gateway_stays_up(
    gateway_with: Callable[..., contextlib.AbstractAsyncContextManager[str]],
) -> None:
    """Issue 28, row 1: one anonymous POST of exactly 1 MiB closed the gateway's NATS connection
    for good (the server counts headers in max_payload). The limit leaves room for headers."""
    async with (
        gateway_with(max_body_bytes=1024 * 1024) as url,
        httpx.AsyncClient(base_url=url, timeout=30) as http,
    ):
        whole = await http.post(GET_WORKER, content=b"{" + b" " * (1024 * 1024 - 2) + b"}")
        ready = await http.get("/health/ready")
        after = await http.post(GET_WORKER, json={"worker_id": "w"})
    assert (whole.status_code, whole.json()["error"]["code"]) == (413, "payload_too_large")
    assert ready.status_code == 200
    assert (after.status_code, after.json()["error"]["code"]) == (401, "unauthenticated")


async def test_the_largest_body_with_the_largest_headers_still_leaves_the_connection_up(
    gateway_with: Callable[..., contextlib.AbstractAsyncContextManager[str]],
) -> None:
    """A body at the limit with as many header bytes as the HTTP server takes (h11: 16 KiB)
    fits NATS' max_payload: it is answered, and every client after it is too."""
    async with (
        gateway_with(max_body_bytes=1024 * 1024) as url,
        httpx.AsyncClient(base_url=url, timeout=30) as http,
    ):
        body = b"{" + b" " * (1024 * 1024 - 20 * 1024 - 2) + b"}"
        headers = {"Authorization": "Bearer " + "x" * 7000, "Idempotency-Key": "k" * 7000}
        crafted = await http.post(GET_WORKER, content=body, headers=headers)
        one_more = await http.post(GET_WORKER, content=body + b" ", headers=headers)
        after = await http.post(GET_WORKER, json={"worker_id": "w"})
    assert crafted.status_code in (400, 401), crafted.text
    assert one_more.status_code == 413
    assert (after.status_code, after.json()["error"]["code"]) == (401, "unauthenticated")


async def test_a_client_naming_itself_in_x_forwarded_for_is_still_counted_as_itself(
    gateway_with: Callable[..., contextlib.AbstractAsyncContextManager[str]],
) -> None:
    """Issue 28, row 11: random `X-Forwarded-For` from 127.0.0.1 escaped the rate limit; only
    the proxies in `forwarded_allow_ips` (none by default) may name the client."""
    async with (
        gateway_with(rate_limit="3/minute") as url,
        httpx.AsyncClient(base_url=url) as http,
    ):
        answers = [
            await http.post(
                GET_WORKER, json={"worker_id": "w"}, headers={"X-Forwarded-For": f"10.9.8.{i}"}
            )
            for i in range(6)
        ]
    assert [a.status_code for a in answers] == [401, 401, 401, 429, 429, 429]


async def test_a_connection_whose_request_head_is_late_is_closed(
    gateway_with: Callable[..., contextlib.AbstractAsyncContextManager[str]],
) -> None:
    """Issue 28, row 10: a header byte every few seconds held a connection forever."""
    async with gateway_with(header_timeout_seconds=1.0) as url:
        host, port = url.removeprefix("http://").split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        started = time.monotonic()
        writer.write(b"GET /health/live HTTP/1.1\r\nHost: x\r\n")
        closed = False
        for _ in range(20):  # a byte every 0.3 s: the head never completes
            await asyncio.sleep(0.3)
            writer.write(b"X")
            try:
                await writer.drain()
            except ConnectionError:
                closed = True
                break
            if reader.at_eof() or await _closed(reader):
                closed = True
                break
        writer.close()
    assert closed, "still open after 6 s"
    assert time.monotonic() - started < 4


async def _closed(reader: asyncio.StreamReader) -> bool:
    try:
        data = await asyncio.wait_for(reader.read(1024), 0.01)
    except TimeoutError:
        return False
    except ConnectionError:  # closed with a reset (the server dropped it mid-head)
        return True
    return data == b""


async def test_a_request_that_takes_its_time_after_the_head_is_not_cut(
    gateway_with: Callable[..., contextlib.AbstractAsyncContextManager[str]],
) -> None:
    async with gateway_with(header_timeout_seconds=1.0) as url:

        async def slow_body() -> AsyncIterator[bytes]:
            yield b'{"worker_id":'
            await asyncio.sleep(1.5)
            yield b' "w"}'

        async with httpx.AsyncClient(base_url=url) as http:
            answer = await http.post(GET_WORKER, content=slow_body())
            kept_alive = await http.post(GET_WORKER, json={"worker_id": "w"})
    assert answer.status_code == 401
    assert kept_alive.status_code == 401
