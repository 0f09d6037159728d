"""The same client through the HTTP gateway: `call` posts to the command's path, `upload`
sends a multipart form and `download` reads the streamed file, so the demo and the tests walk
the journey over REST exactly as they do over NATS (`egisz demo --via http://…`)."""

from __future__ import annotations

import uuid
from typing import Any, Protocol

import httpx

from egisz.cli.client import Client, ServiceUnavailableError
from egisz.contracts.subjects import COMMANDS
from egisz.gateway.routes import CORRELATION_HEADER, command_path
from egisz.runtime.file_transfer import TransferRefusedError

PATHS = {c.subject: command_path(c) for c in COMMANDS}


class Caller(Protocol):
    """What the demo needs of a client, whichever way it reaches the services."""

    async def call(
        self, subject: str, body: dict[str, Any], *, token: str | None
    ) -> dict[str, Any]: ...

    async def upload(
        self, subject: str, content: bytes, filename: str, *, token: str | None
    ) -> dict[str, Any]: ...

    async def download(
        self, subject: str, request: dict[str, Any], *, token: str | None
    ) -> bytes: ...


class HttpClient:
    def __init__(self, base_url: str, *, timeout: float = 15.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._http: httpx.AsyncClient | None = None

    async def __aenter__(self) -> HttpClient:
        self._http = httpx.AsyncClient(base_url=self.base_url, timeout=self.timeout)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._http is not None:
            await self._http.aclose()

    @property
    def http(self) -> httpx.AsyncClient:
        assert self._http is not None, "use the client as `async with HttpClient(...)`"
        return self._http

    @staticmethod
    def _headers(token: str | None) -> dict[str, str]:
        headers = {CORRELATION_HEADER: uuid.uuid4().hex}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return headers

    @staticmethod
    def _envelope(response: httpx.Response) -> dict[str, Any]:
        if not response.headers.get("content-type", "").startswith("application/json"):
            raise ServiceUnavailableError(f"шлюз ответил {response.status_code} без конверта")
        envelope: dict[str, Any] = response.json()
        return envelope

    async def call(
        self,
        subject: str,
        body: dict[str, Any],
        *,
        token: str | None,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        headers = self._headers(token)
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        try:
            response = await self.http.post(PATHS[subject], json=body, headers=headers)
        except httpx.TransportError as exc:
            raise ServiceUnavailableError(f"шлюз {self.base_url} недоступен: {exc}") from exc
        return self._envelope(response)

    async def upload(
        self, subject: str, content: bytes, filename: str, *, token: str | None
    ) -> dict[str, Any]:
        response = await self.http.post(
            PATHS[subject], files={"file": (filename, content)}, headers=self._headers(token)
        )
        reply = self._envelope(response)
        if not reply.get("ok"):
            raise TransferRefusedError(reply)
        return reply

    async def download(self, subject: str, request: dict[str, Any], *, token: str | None) -> bytes:
        response = await self.http.get(PATHS[subject], params=request, headers=self._headers(token))
        if response.status_code != 200:
            raise TransferRefusedError(self._envelope(response))
        return response.content


def client_for(target: str, *, timeout: float = 10.0) -> Client | HttpClient:
    """A gateway's address (`http://…`) goes over HTTP; anything else is a NATS URL."""
    if target.startswith(("http://", "https://")):
        return HttpClient(target, timeout=timeout)
    return Client(target, timeout=timeout)
