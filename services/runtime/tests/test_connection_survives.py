"""One oversized message must not cost a process its NATS connection for good: the server
counts headers in max_payload and closes the connection past it (docs/stack.md, pitfall 28); the
runtime's nats-py fix reconnects instead of leaving every later request failing."""

from __future__ import annotations

import asyncio

import nats
import pytest
from nats.aio.msg import Msg

from egisz.runtime import compat

pytestmark = pytest.mark.integration
assert compat


async def test_a_message_over_the_payload_by_its_headers_costs_a_reconnect_not_the_client(
    nats_url: str, unique: str
) -> None:
    errors: list[str] = []

    async def noted(exc: Exception) -> None:
        errors.append(str(exc))

    async def echo_back(msg: Msg) -> None:
        await msg.respond(msg.data)

    nc = await nats.connect(
        nats_url, error_cb=noted, max_reconnect_attempts=-1, reconnect_time_wait=0.2
    )
    echo = await nc.subscribe(f"echo.{unique}", cb=echo_back)
    body = b"x" * (nc.max_payload - 100)  # fits by itself: nats-py lets it through
    await nc.publish(f"sink.{unique}", body, headers={"padding": "p" * 4096})
    for _ in range(100):
        if errors and nc.is_connected:
            break
        await asyncio.sleep(0.1)
    answer = await nc.request(f"echo.{unique}", b"still here", timeout=5)
    assert answer.data == b"still here"
    assert not nc.is_closed
    assert any("maximum payload" in e.lower() for e in errors), errors
    await echo.unsubscribe()
    await nc.close()
