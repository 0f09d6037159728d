"""A small client of the system's commands, shared by the CLI, the demo and the tests."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import nats
from nats.aio.client import Client as NatsClient
from nats.errors import NoRespondersError, TimeoutError as NatsTimeoutError

from egisz.contracts.envelope import (
    HEADER_AUTHORIZATION,
    HEADER_CORRELATION_ID,
    HEADER_IDEMPOTENCY_KEY,
    Role,
)
from egisz.contracts.files import UPLOAD_PART_MAX
from egisz.runtime.auth import issue_token
from egisz.runtime.file_transfer import Call, read_file, send_file
from egisz.runtime.settings import inbox_prefix_of, nats_servers


class ServiceUnavailableError(Exception):
    """No service answered the command (docs/stack.md, pitfall 6)."""


class CliError(Exception):
    """A user's mistake or a missing piece: `egisz` says it in one line of what to do and exits
    with 2, never with a traceback."""


def _address(url: str) -> str:
    return url.rsplit("@", 1)[-1]  # never a password


def dev_token(
    private_key: Path,
    role: Role | str,
    *,
    snils: str | None = None,
    org: str | None = None,
    sub: str | None = None,
    name: str | None = None,
) -> str:
    try:
        as_role = Role(role)
    except ValueError:
        roles = ", ".join(r.value for r in Role if r is not Role.ANONYMOUS)
        raise CliError(f"Нет роли «{role}»: одна из {roles}") from None
    try:
        pem = private_key.read_text()
    except OSError:
        raise CliError(
            f"Нет ключа {private_key}: запустите `make run` в папке проекта (он создаёт ключ) "
            "или укажите --key / EGISZ_DEV_PRIVATE_KEY"
        ) from None
    return issue_token(pem, role=as_role, snils=snils, org=org, sub=sub, name=name)


class Client:
    def __init__(self, nats_url: str, *, timeout: float = 5.0) -> None:
        self.nats_url = nats_url
        self.timeout = timeout
        self._nc: NatsClient | None = None

    async def __aenter__(self) -> Client:
        async def quiet(exc: Exception) -> None:
            pass  # the failure is raised below, said once

        try:
            self._nc = await nats.connect(
                nats_servers(self.nats_url),
                name="egisz-cli",
                max_reconnect_attempts=10,  # -1 would also retry the first connect for ever
                reconnect_time_wait=0.5,
                connect_timeout=3,
                inbox_prefix=inbox_prefix_of(self.nats_url),
                error_cb=quiet,
            )
        except Exception as exc:
            if "authorization" in str(exc).lower() or "authorization" in type(exc).__name__.lower():
                raise CliError(
                    f"NATS {_address(self.nats_url)} не принял пользователя: проверьте --nats "
                    "(пользователь и пароль; локально — .data/keys/nats-passwords)"
                ) from None
            raise CliError(
                f"NATS {_address(self.nats_url)} не отвечает: запустите `make run` или укажите "
                "--nats / EGISZ_NATS_URL"
            ) from None
        return self

    @property
    def connection(self) -> NatsClient:
        assert self._nc is not None, "use the client as `async with Client(...)`"
        return self._nc

    async def __aexit__(self, *exc: object) -> None:
        if self._nc is None:
            return
        if self._nc.is_connected:
            await self._nc.drain()
        else:
            await self._nc.close()

    async def call(
        self,
        subject: str,
        body: dict[str, Any] | bytes,
        *,
        token: str | None,
        correlation_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        assert self._nc is not None
        headers = {HEADER_CORRELATION_ID: correlation_id or uuid.uuid4().hex}
        if token:
            headers[HEADER_AUTHORIZATION] = f"Bearer {token}"
        if idempotency_key:
            headers[HEADER_IDEMPOTENCY_KEY] = idempotency_key
        payload = body if isinstance(body, bytes) else json.dumps(body, default=str).encode()
        try:
            msg = await self._nc.request(subject, payload, timeout=self.timeout, headers=headers)
        except NoRespondersError as exc:
            raise ServiceUnavailableError(f"никто не обслуживает {subject}") from exc
        except NatsTimeoutError as exc:
            raise ServiceUnavailableError(f"нет ответа на {subject} за {self.timeout} с") from exc
        result: dict[str, Any] = json.loads(msg.data)
        return result

    def caller(self, token: str | None) -> Call:
        """`call` under one token, as the part-by-part loops take it."""

        async def call(subject: str, body: dict[str, Any]) -> dict[str, Any]:
            return await self.call(subject, body, token=token)

        return call

    async def upload(
        self,
        subject: str,
        content: bytes,
        filename: str,
        *,
        token: str | None,
        sent: Callable[[int], None] = lambda _: None,
    ) -> dict[str, Any]:
        """The file in parts; the last part's reply (with the stored file). A refused part
        raises `TransferRefusedError` with its reply."""

        async def parts() -> AsyncIterator[bytes]:
            for start in range(0, len(content), UPLOAD_PART_MAX):
                yield content[start : start + UPLOAD_PART_MAX]

        return await send_file(self.caller(token), subject, parts(), filename, sent=sent)

    async def download(self, subject: str, request: dict[str, Any], *, token: str | None) -> bytes:
        return b"".join([data async for _, data in read_file(self.caller(token), subject, request)])
