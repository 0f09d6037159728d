"""Run a service in the test's own process, on real NATS and MongoDB, for integration tests.

The same start and stop order the ASGI app follows (`ServiceRuntime.asgi`), without uvicorn.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from egisz.runtime.app import ServiceRuntime


@contextlib.asynccontextmanager
async def running(runtime: ServiceRuntime) -> AsyncIterator[ServiceRuntime]:
    await runtime.startup()
    await runtime.broker.start()
    await runtime.after_startup()
    try:
        yield runtime
    finally:
        await runtime.shutdown()
        await runtime.broker.stop()
        await runtime.after_shutdown()
