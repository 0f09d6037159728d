"""`make bench`: what FastStream's dispatch costs a message, apart from everything else the
services do. A responder in its own process answers N requests from 32 concurrent clients with
a constant reply: plain nats-py (a task a message: the raw baseline), FastStream as the runtime
subscribes a command (queue group, `max_workers`, the bytes decoder, the message read from the
broker's context), and FastStream one message at a time (no `max_workers`). Prints requests a
second and the responder's CPU a request (from /proc); asserts only that every reply came.

    python tests/bench/faststream_dispatch.py [N]      # default 4,000 a round, two rounds
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from typing import Any

import nats
from process_cpu import cpu_seconds

from egisz.runtime.subscriptions import CommandSubscription, Subscriptions
from egisz.testsupport.servers import embedded_servers

SUBJECT = "bench.dispatch"
REPLY = b'{"ok":true,"result":{}}'
KINDS = ("raw", "runtime", "faststream", "faststream-one-at-a-time")


async def raw_body(msg: Any) -> bytes:
    """The decoder the runtime gave FastStream: the bytes as they came, never a parsed tree."""
    return bytes(msg.body or b"")


async def respond(kind: str, url: str) -> None:
    if kind == "raw":
        nc = await nats.connect(url)

        async def on(msg: Any) -> None:
            async def work() -> None:
                await msg.respond(REPLY)

            asyncio.get_running_loop().create_task(work())

        await nc.subscribe(SUBJECT, queue="q", cb=on)
    elif kind == "runtime":  # how a service subscribes a command now (runtime/subscriptions.py)
        nc = await nats.connect(url)

        async def answer(msg: Any) -> bytes:
            return REPLY

        subscriptions = Subscriptions(concurrency=32, inbox_prefix="_INBOX")
        subscriptions.commands[SUBJECT] = CommandSubscription(SUBJECT, "q", answer)
        await subscriptions.start(nc)
    else:
        from faststream.nats import NatsBroker

        broker = NatsBroker(url, log_level=10)  # per-message lines at DEBUG, as the runtime's
        workers = {} if kind.endswith("one-at-a-time") else {"max_workers": 32}

        @broker.subscriber(SUBJECT, queue="q", decoder=raw_body, **workers)
        async def handle(body: Any) -> bytes:
            assert broker.context.get_local("message") is not None
            return REPLY

        await broker.start()
    print("ready", flush=True)
    await asyncio.Event().wait()


async def load(url: str, n: int, clients: int = 32) -> float:
    nc = await nats.connect(url)
    left = [n]

    async def client() -> None:
        while left[0] > 0:
            left[0] -= 1
            reply = await nc.request(SUBJECT, b"{}", timeout=10)
            assert reply.data == REPLY

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    seconds = time.perf_counter() - started
    await nc.close()
    return seconds


def main(n: int) -> int:
    with embedded_servers() as servers:
        for _ in range(2):
            for kind in KINDS:
                proc = subprocess.Popen(
                    [sys.executable, __file__, "respond", kind, servers.nats_url],
                    stdout=subprocess.PIPE,
                )
                assert proc.stdout is not None
                proc.stdout.readline()
                asyncio.run(load(servers.nats_url, n // 8))  # warm up
                before = cpu_seconds(proc.pid)
                seconds = asyncio.run(load(servers.nats_url, n))
                used = cpu_seconds(proc.pid) - before
                print(
                    f"{kind:<26} {n / seconds:7.0f} requests/s, "
                    f"the responder's CPU {used / n * 1e6:5.0f} µs a request",
                    flush=True,
                )
                proc.kill()
                proc.wait()
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["respond"]:
        asyncio.run(respond(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 4000))
