"""A service's entry points on FastStream's test broker (`TestNatsBroker`) with in-memory units of
work: the runtime's whole path — envelope, token, roles, reply, the consumer's inbox — with no
server. Wire tests on real NATS and MongoDB stay beside these; these are the fast ones.

    async with InMemoryService(settings, routers, deps, inbox_of=uow) as svc:
        reply = await svc.command(subjects.FAC_PACKAGE_LIST, {}, role=Role.FAC_OPERATOR)
        await svc.publish(subjects.WORKER_REGISTERED, WorkerRegistered(...))
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from faststream.nats import TestNatsBroker
from pydantic import BaseModel

from egisz.contracts.envelope import HEADER_AUTHORIZATION, Role
from egisz.contracts.subjects import Command, Event
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.auth import issue_token
from egisz.runtime.events import envelope_of
from egisz.runtime.journal import MemoryJournal
from egisz.runtime.memory import InMemoryUnitOfWork
from egisz.runtime.routing import Router
from egisz.runtime.settings import ServiceSettings


class MemoryInbox:
    """The runtime's inbox read from a fake unit of work's committed marks."""

    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    async def handled(self, consumer: str, event_id: str) -> bool:
        return (consumer, event_id) in self._uow.processed


def key_pair() -> tuple[str, str]:
    """An Ed25519 key pair (private, public PEM) for tokens signed in the test."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private.decode(), public.decode()


class InMemoryService:
    """One service's routers on the test broker, every unit of work the given fake."""

    def __init__(
        self,
        settings: ServiceSettings,
        routers: Iterable[Router[Any]],
        deps: Any,
        *,
        inbox_of: InMemoryUnitOfWork,
    ) -> None:
        self._private, public = key_pair()
        settings = settings.model_copy(update={"jwt_public_key": public})
        self.journal = MemoryJournal()  # the audit journal's entries, as they would be sent
        self.runtime = ServiceRuntime(settings, inbox=MemoryInbox(inbox_of), journal=self.journal)
        for router in routers:
            self.runtime.include(router, deps)
        self._client = TestNatsBroker(self.runtime.broker)

    async def __aenter__(self) -> Self:
        await self._client.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._client.__aexit__(exc_type, exc, tb)

    def token(self, role: Role, **claims: str | None) -> str:
        return issue_token(self._private, role=role, **claims)  # type: ignore[arg-type]

    async def command(
        self, spec: Command, body: dict[str, Any], *, role: Role | None, **claims: str | None
    ) -> dict[str, Any]:
        """The reply envelope to `body` sent as `role` (None: without a token)."""
        headers = {HEADER_AUTHORIZATION: f"Bearer {self.token(role, **claims)}"} if role else {}
        # FastStream's default wait is 0.5 s: a handler that draws a file in a thread (a
        # report's DuckDB, a PDF) took longer on a loaded machine, the test none the wiser
        reply = await self.runtime.broker.request(
            json.dumps(body).encode(), spec.subject, headers=headers, timeout=30.0
        )
        answer: dict[str, Any] = json.loads(reply.body)
        return answer

    async def publish(self, spec: Event[Any], data: BaseModel, *, event_id: str = "") -> str:
        """Deliver the event to the service's consumers of it, as the owner would publish it;
        returns its id (give the same `event_id` to deliver a copy)."""
        event = envelope_of(type(data))(
            id=event_id or uuid.uuid4().hex,
            source=f"/egisz/{spec.service}",
            type=spec.type,
            time=datetime.now(UTC),
            subject="test",
            data=data,
        )
        await self.runtime.broker.publish(
            event.model_dump_json().encode(), spec.subject, stream=spec.stream
        )
        return str(event.id)
