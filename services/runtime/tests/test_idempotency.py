"""Idempotency keys on real NATS and Mongo: one effect per key, the first answer to every
repeat, a key bound to its request and its caller, the answer stored with the effect, and a
repeat journaled as showing whom the first answer showed."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import nats
import pytest
from faststream.nats import NatsBroker
from prometheus_client import CollectorRegistry
from pydantic import BaseModel

from egisz.contracts.audit import DataPart
from egisz.contracts.envelope import Role, WireModel
from egisz.contracts.subjects import Command
from egisz.runtime.auth import TokenVerifier, issue_token
from egisz.runtime.journal import MemoryJournal
from egisz.runtime.messaging import CommandContext, Messaging
from egisz.runtime.mongo import Mongo, MongoUnitOfWork
from egisz.runtime.retries import RedeliveryPolicy

pytestmark = pytest.mark.integration


class Create(WireModel):
    name: str


class Created(WireModel):
    id: str
    name: str
    calls: int


class Service:
    """A command that inserts one document per call, and can fail once after its commit."""

    def __init__(self, mongo: Mongo) -> None:
        self.mongo = mongo
        self.calls = 0
        self.fail_after_commit = False
        self.journal = MemoryJournal()

    async def create(self, req: Create, ctx: CommandContext) -> BaseModel:
        self.calls += 1
        async with MongoUnitOfWork(self.mongo) as uow:
            await uow.collection("things").insert_one(
                {"name": req.name, "call": self.calls}, session=uow.session
            )
            await uow.commit()
        if self.fail_after_commit:
            self.fail_after_commit = False
            raise RuntimeError("the process died between the commit and the reply")
        ctx.disclosed("112-233-445 95", DataPart.CONTACTS)
        return Created(id=f"t{self.calls}", name=req.name, calls=self.calls)


@pytest.fixture
async def served(
    nats_url: str, mongo_url: str, database_name: str, dev_keys: tuple[Path, Path], unique: str
) -> AsyncIterator[tuple[Service, Any, str]]:
    mongo = Mongo(mongo_url, database_name)
    await mongo.ensure_indexes({})
    broker = NatsBroker(nats_url)
    verifier = TokenVerifier(dev_keys[1].read_text(), issuer="egisz-dev-idp", audience="egisz")
    messaging = Messaging(
        "registry",
        broker,
        verifier=lambda: verifier,
        mongo=lambda: mongo,
        policy=RedeliveryPolicy(),
        metrics=CollectorRegistry(),
    )
    service = Service(mongo)
    messaging.journal = service.journal
    subject = f"egisz.registry.cmd.test_{unique}.create"
    messaging.command(Command(subject, Create, Created, "test"), roles={Role.ORG_OFFICER})(
        service.create
    )
    await broker.start()
    await messaging.start()
    nc = await nats.connect(nats_url)
    yield service, nc, subject
    await nc.drain()
    await messaging.stop()
    await broker.stop()
    await mongo.client.drop_database(database_name)
    await mongo.close()


async def send(nc: Any, subject: str, body: dict[str, Any], key: str, token: str) -> dict[str, Any]:
    headers = {"authorization": f"Bearer {token}", "idempotency-key": key}
    msg = await nc.request(subject, json.dumps(body).encode(), timeout=10, headers=headers)
    reply: dict[str, Any] = json.loads(msg.data)
    return reply


def officer(dev_keys: tuple[Path, Path], sub: str) -> str:
    return issue_token(dev_keys[0].read_text(), role=Role.ORG_OFFICER, org="1.2.643", sub=sub)


async def test_a_repeat_gets_the_first_answer_and_makes_no_second_effect(
    served: tuple[Service, Any, str], dev_keys: tuple[Path, Path]
) -> None:
    service, nc, subject = served
    token = officer(dev_keys, "hr-1")
    first = await send(nc, subject, {"name": "a"}, "k1", token)
    again = await send(nc, subject, {"name": "a"}, "k1", token)
    assert first == again
    assert first["result"]["calls"] == 1
    assert await service.mongo["things"].count_documents({}) == 1


async def test_a_key_reused_with_another_body_is_refused_and_changes_nothing(
    served: tuple[Service, Any, str], dev_keys: tuple[Path, Path]
) -> None:
    service, nc, subject = served
    token = officer(dev_keys, "hr-1")
    await send(nc, subject, {"name": "a"}, "k2", token)
    refused = await send(nc, subject, {"name": "b"}, "k2", token)
    assert refused["ok"] is False
    assert refused["error"]["code"] == "idempotency_key_reused"
    assert await service.mongo["things"].count_documents({}) == 1


async def test_keys_are_per_caller(
    served: tuple[Service, Any, str], dev_keys: tuple[Path, Path]
) -> None:
    service, nc, subject = served
    mine = await send(nc, subject, {"name": "a"}, "same", officer(dev_keys, "hr-1"))
    theirs = await send(nc, subject, {"name": "a"}, "same", officer(dev_keys, "hr-2"))
    assert (mine["result"]["calls"], theirs["result"]["calls"]) == (1, 2)
    assert await service.mongo["things"].count_documents({}) == 2


async def test_a_crash_between_the_commit_and_the_reply_leaves_no_effect_without_its_answer(
    served: tuple[Service, Any, str], dev_keys: tuple[Path, Path]
) -> None:
    service, nc, subject = served
    token = officer(dev_keys, "hr-1")
    service.fail_after_commit = True
    failed = await send(nc, subject, {"name": "a"}, "k3", token)
    assert failed["error"]["code"] == "internal_error"
    # The effect was held open with the answer: neither was kept.
    assert await service.mongo["things"].count_documents({}) == 0
    retried = await send(nc, subject, {"name": "a"}, "k3", token)
    assert retried["ok"] is True
    assert await send(nc, subject, {"name": "a"}, "k3", token) == retried
    assert await service.mongo["things"].count_documents({}) == 1


async def test_a_reply_larger_than_a_message_may_be_is_an_error_not_silence(
    nats_url: str, mongo_url: str, database_name: str, dev_keys: tuple[Path, Path], unique: str
) -> None:
    """Every reply fits the server's max payload: one that would not is answered as an error."""
    mongo = Mongo(mongo_url, database_name)
    broker = NatsBroker(nats_url)
    verifier = TokenVerifier(dev_keys[1].read_text(), issuer="egisz-dev-idp", audience="egisz")
    messaging = Messaging(
        "registry",
        broker,
        verifier=lambda: verifier,
        mongo=lambda: mongo,
        policy=RedeliveryPolicy(),
        metrics=CollectorRegistry(),
        max_body_bytes=64 * 1024,
    )
    subject = f"egisz.registry.cmd.test_{unique}.big"

    async def big(req: Create, ctx: CommandContext) -> BaseModel:
        return Created(id="x", name=req.name * 100_000, calls=1)

    messaging.command(Command(subject, Create, Created, "test"), roles={Role.ORG_OFFICER})(big)
    await broker.start()
    await messaging.start()
    nc = await nats.connect(nats_url)
    try:
        headers = {"authorization": f"Bearer {officer(dev_keys, 'hr-1')}"}
        msg = await nc.request(subject, b'{"name": "ab"}', timeout=10, headers=headers)
        assert json.loads(msg.data)["error"]["code"] == "internal_error"
    finally:
        await nc.drain()
        await messaging.stop()
        await broker.stop()
        await mongo.close()


async def test_a_repeat_answered_from_the_stored_answer_is_journaled_naming_whom_it_shows(
    served: tuple[Service, Any, str], dev_keys: tuple[Path, Path]
) -> None:
    # The first answer lost with its process, the client's retry gets it from the store: the
    # journal must still say whose data left, as it would have for the first.
    service, nc, subject = served
    token = officer(dev_keys, "hr-1")
    first = await send(nc, subject, {"name": "a"}, "k4", token)
    again = await send(nc, subject, {"name": "a"}, "k4", token)
    assert first == again and service.calls == 1
    named = [[(p.snils, p.parts) for p in e.persons] for e in service.journal.entries]
    assert named == [[("11223344595", [DataPart.CONTACTS])]] * 2
