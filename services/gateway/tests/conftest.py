"""The gateway served over real HTTP (uvicorn on a free port) in the test process, in front of
the registry running on the session's NATS and MongoDB."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import socket
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from prometheus_client import start_http_server

from egisz.gateway.app import build
from egisz.gateway.server import config as server_config
from egisz.gateway.settings import GatewaySettings
from egisz.runtime.app import ServiceRuntime

METRICS: dict[str, str] = {}  # a served gateway's URL → its metrics listener's


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.asynccontextmanager
async def serving(nats_url: str, **settings: Any) -> AsyncIterator[str]:
    """A gateway with these settings on a free port, served as `python -m egisz.gateway`
    serves it (`server.config`), its metrics on a listener of their own, until the block
    ends."""
    port = _free_port()
    config = GatewaySettings(nats_url=nats_url, http_port=port, metrics_port=0, **settings)
    app = build(config)
    metrics_port = _free_port()
    metrics, _ = start_http_server(metrics_port, "127.0.0.1", registry=app.state.metrics)
    server = uvicorn.Server(server_config(app, config))
    task = asyncio.create_task(server.serve())
    url = f"http://127.0.0.1:{port}"
    METRICS[url] = f"http://127.0.0.1:{metrics_port}/metrics"
    async with httpx.AsyncClient() as http:
        for _ in range(100):
            try:
                if (await http.get(f"{url}/health/ready")).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
    try:
        yield url
    finally:
        server.should_exit = True
        await task
        metrics.shutdown()


@pytest.fixture
def gateway_with(
    registry: ServiceRuntime, nats_url_for: Any
) -> Callable[..., contextlib.AbstractAsyncContextManager[str]]:
    """Another gateway, with settings of the test's own (as the deployed `gateway` user)."""
    return functools.partial(serving, nats_url_for("gateway"))


@pytest.fixture(scope="session")
async def gateway(registry: ServiceRuntime, nats_url_for: Any) -> AsyncIterator[str]:
    async with serving(
        nats_url_for("gateway"),
        max_body_bytes=64 * 1024,
        max_file_bytes=8 * 2**20,
        cors_origins=["https://portal.example"],
    ) as url:
        yield url


@pytest.fixture(scope="session")
def private_key(dev_keys: tuple[Path, Path]) -> str:
    return dev_keys[0].read_text()


@pytest.fixture(scope="session")
def grant(registry_access: Any) -> Any:
    return registry_access


@pytest.fixture(autouse=True)
def fhir_bodies_conform_to_r4(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every FHIR body these tests receive — through httpx or fhirpy — is checked against the
    official FHIR R4 JSON Schema (issue 33: an independent validator, not the library that
    built it)."""
    from fhirpy.base.lib_async import AsyncClient as FhirpyClient

    from egisz.testsupport.fhir_schema import problems

    def conforms(body: Any, where: str) -> None:
        found = problems(body)
        assert not found, f"{where}: not FHIR R4: {found[:5]}"

    send = httpx.AsyncClient.send

    async def checked_send(self: httpx.AsyncClient, request: httpx.Request, **kw: Any) -> Any:
        response = await send(self, request, **kw)
        if response.headers.get("content-type", "").startswith("application/fhir+json"):
            await response.aread()
            conforms(response.json(), f"{request.method} {request.url}")
        return response

    fetch = FhirpyClient._do_request

    async def checked_fetch(self: Any, method: str, path: str, *a: Any, **kw: Any) -> Any:
        answer = await fetch(self, method, path, *a, **kw)
        body = answer[0] if kw.get("returning_status") else answer
        if isinstance(body, dict) and "resourceType" in body:
            conforms(json.loads(json.dumps(body)), f"fhirpy {method} {path}")
        return answer

    monkeypatch.setattr(httpx.AsyncClient, "send", checked_send)
    monkeypatch.setattr(FhirpyClient, "_do_request", checked_fetch)
