"""A service's entry points driven in memory, with in-memory units of work: the runtime's whole
path — envelope, token, roles, reply, the consumer's inbox and settling — with no server. Each
message is a nats-py `Msg` as the runtime's subscriptions hand it over. Wire
tests on real NATS and MongoDB stay beside these; these are the fast ones.

    async with InMemoryService(settings, routers, deps, inbox_of=uow) as svc:
        reply = await svc.command(subjects.FAC_PACKAGE_LIST, {}, role=Role.FAC_OPERATOR)
        await svc.publish(subjects.WORKER_REGISTERED, WorkerRegistered(...))
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from nats.aio.msg import Msg
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


class NoServer:
    """Stands for the NATS client behind a message handed over in memory: a handler's ack, nak or
    term goes nowhere (what it did is in the fake unit of work and its inbox marks)."""

    async def publish(self, subject: str, payload: bytes = b"", **_: Any) -> None:
        return None


def message(subject: str, reply: str, data: bytes, headers: dict[str, str]) -> Msg:
    return Msg(NoServer(), subject, reply, data, headers)  # type: ignore[arg-type]


def delivered(subject: str, data: bytes, headers: dict[str, str], sequence: int) -> Msg:
    """The first delivery of a stream's message `sequence` to a consumer, as nats-py reads it."""
    ack_subject = f"$JS.ACK.TEST.test.1.{sequence}.{sequence}.{time.time_ns()}.0"
    return message(subject, ack_subject, data, headers)


class InMemoryService:
    """One service's routers, every unit of work the given fake, messages handed to its
    subscriptions' handlers in memory."""

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
        self._subscriptions = self.runtime.messaging.subscriptions
        self._sequence = 0

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def token(self, role: Role, **claims: str | None) -> str:
        return issue_token(self._private, role=role, **claims)  # type: ignore[arg-type]

    async def command(
        self, spec: Command, body: dict[str, Any], *, role: Role | None, **claims: str | None
    ) -> dict[str, Any]:
        """The reply envelope to `body` sent as `role` (None: without a token)."""
        headers = {HEADER_AUTHORIZATION: f"Bearer {self.token(role, **claims)}"} if role else {}
        subscription = self._subscriptions.commands[spec.subject]
        request = message(spec.subject, "_INBOX.test", json.dumps(body).encode(), headers)
        answer: dict[str, Any] = json.loads(await subscription.handle(request))
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
        body = event.model_dump_json().encode()
        headers = {"Nats-Msg-Id": str(event.id)}
        for consumer in self._subscriptions.consumers:
            if consumer.subject == spec.subject:
                self._sequence += 1
                await consumer.handle(delivered(spec.subject, body, headers, self._sequence))
        for watch in self._subscriptions.watches:
            if watch.subject == spec.subject:
                await watch.handle(body)
        return str(event.id)
