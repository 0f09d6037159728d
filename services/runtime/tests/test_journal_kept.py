"""The journal's sending side on the real servers: entries answered while a message was on its
way go together in the next, within the bounds of one message; an entry goes ahead of its reply
while the stream acknowledges, and once it has not, the entry is kept in the outbox and replies
wait for their entries until it acknowledges again; a change's entry that NATS did not take is
kept in the service's outbox (a restart does not lose it), sent by its relay under the entry's
id to the journal's stream, and never in a public form — it names people."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import nats
import pytest
from faststream.nats import NatsBroker

from egisz.cli.infra import EmbeddedNats
from egisz.contracts.audit import (
    DataPart,
    JournalActor,
    JournalEntries,
    JournalEntry,
    JournalPerson,
)
from egisz.contracts.envelope import Role
from egisz.contracts.subjects.audit_subjects import JOURNALED
from egisz.contracts.subjects.naming import stream_name
from egisz.kernel.clock import utcnow
from egisz.runtime.journal import JetStreamJournal, JournalUnavailableError, send_to_journal
from egisz.runtime.mongo import OUTBOX, Mongo
from egisz.runtime.outbox import OutboxRelay
from egisz.runtime.settings import ServiceSettings, inbox_prefix
from egisz.runtime.streams import prepare_streams
from egisz.testsupport.harness import eventually
from egisz.testsupport.servers import deployed_nats

pytestmark = pytest.mark.integration

USERS_CONF = Path(__file__).parents[3] / "deploy" / "nats" / "users.conf"


class StreamNotAnswering(JetStreamJournal):
    """The journal's stream times out, as during a NATS outage."""

    async def _publish(self, event_id: str, body: bytes) -> None:
        raise TimeoutError("no ack from the journal's stream")


@pytest.fixture
async def broker(nats_url: str) -> AsyncIterator[NatsBroker]:
    for owner in ("registry", "audit"):
        await prepare_streams(ServiceSettings(service_name=owner, nats_url=nats_url), set())
    b = NatsBroker(nats_url)
    await b.connect()
    yield b
    await b.stop()


def change(unique: str, people: int = 1) -> JournalEntry:
    return JournalEntry(
        command="egisz.registry.cmd.worker.update_contacts",
        kind="change",
        outcome="ok",
        at=utcnow(),
        actor=JournalActor(role=Role.ORG_OFFICER, sub=f"officer-{unique}", org="1.2.3"),
        persons=[JournalPerson(snils="11223344595", parts=[DataPart.CONTACTS])] * people,
        correlation_id=unique,
    )


class Heard:
    """The entries of `unique` on the registry's journal subject, message by message."""

    def __init__(self, unique: str) -> None:
        self.unique = unique
        self.messages: list[list[str]] = []

    async def on_message(self, msg: Any) -> None:
        entries = JournalEntries.model_validate(json.loads(msg.data)["data"]).entries
        mine = [e.correlation_id for e in entries if e.correlation_id.startswith(self.unique)]
        if mine:
            self.messages.append(mine)

    async def entries(self) -> int:
        return sum(len(m) for m in self.messages)


async def messages_carrying(
    nats_url: str, unique: str, send: Callable[[], Awaitable[object]], entries: int
) -> list[list[str]]:
    """The messages that carried `unique`'s entries while `send` ran, once all had arrived."""
    nc = await nats.connect(nats_url)
    heard = Heard(unique)
    await nc.subscribe(JOURNALED["registry"].subject, cb=heard.on_message)
    await nc.flush()  # the server has the subscription before the first entry is sent
    try:
        await send()
        await eventually(heard.entries, lambda n: n >= entries)
    finally:
        await nc.close()
    return heard.messages


@pytest.mark.parametrize("ack_before_reply", [False, True], ids=["ahead", "acknowledged"])
async def test_entries_answered_while_one_is_on_its_way_go_together_each_kept_once(
    broker: NatsBroker, nats_url: str, unique: str, ack_before_reply: bool
) -> None:
    journal = JetStreamJournal(broker, "registry", ack_before_reply=ack_before_reply)
    alone, many = f"{unique}-alone", [f"{unique}-{n:02}" for n in range(40)]

    async def send() -> None:
        await journal.record(change(alone))  # the journal idle: it goes at once, alone
        await asyncio.gather(*(journal.record(change(c)) for c in many))

    messages = await messages_carrying(nats_url, unique, send, entries=41)
    assert messages[0] == [alone]
    assert [c for message in messages[1:] for c in message] == many  # each once, in order
    assert len(messages) - 1 < len(many) / 4


async def test_a_message_names_at_most_its_bound_of_people_and_a_failed_one_refuses_each(
    broker: NatsBroker, nats_url: str, unique: str
) -> None:
    journal = JetStreamJournal(broker, "registry")
    imports = [f"{unique}-{n}" for n in range(3)]  # 300 people each: 500 at most in one message

    async def send() -> None:
        await asyncio.gather(*(journal.record(change(c, people=300)) for c in imports))

    assert await messages_carrying(nats_url, unique, send, entries=3) == [[c] for c in imports]

    failing = StreamNotAnswering(broker, "registry", ack_before_reply=True)
    outcomes = await asyncio.gather(
        *(failing.record(change(f"{unique}-f{n}")) for n in range(5)), return_exceptions=True
    )
    assert all(isinstance(o, JournalUnavailableError) for o in outcomes)


async def test_a_change_entry_nats_did_not_take_waits_in_the_outbox_and_goes_out_privately(
    mongo: Mongo, broker: NatsBroker, nats_url: str, unique: str
) -> None:
    journal = StreamNotAnswering(broker, "registry", outbox=lambda: mongo, ack_before_reply=True)
    await send_to_journal(journal, change(unique))
    [row] = await mongo[OUTBOX].find({"correlation_id": unique}).to_list()
    assert (row["private"], row["sent_at"], row["subject"]) == (
        True,
        None,
        JOURNALED["registry"].subject,
    )

    nc = await nats.connect(nats_url)
    public: list[Any] = []

    async def heard(msg: Any) -> None:
        public.append(msg)

    watch = await nc.subscribe("egisz.audit.pub.>", cb=heard)
    await nc.flush()  # subscribed on the server: a public copy would be heard
    assert await OutboxRelay(mongo, broker).flush() == 1
    await nc.flush()
    await asyncio.sleep(0.2)  # a public copy, had one gone out, would have arrived by now
    kept = await nc.jetstream().get_last_msg("EGISZ_AUDIT", JOURNALED["registry"].subject)
    await watch.unsubscribe()
    await nc.close()
    assert kept.headers is not None and kept.headers["Nats-Msg-Id"] == row["_id"]
    assert b"11223344595" in (kept.data or b"")
    assert public == []
    assert (await mongo[OUTBOX].find_one({"_id": row["_id"]}) or {})["sent_at"] is not None


def read(unique: str) -> JournalEntry:
    return change(unique).model_copy(
        update={"command": "egisz.registry.cmd.worker.get", "kind": "read"}
    )


@pytest.fixture
def own_nats(tmp_path: Path) -> Iterator[EmbeddedNats]:
    """A server of this test's own under the deployed users (its journal's stream is deleted
    and made again here)."""
    with deployed_nats(tmp_path, USERS_CONF) as server:
        yield server


async def test_an_entry_the_stream_did_not_acknowledge_is_kept_and_replies_wait_until_it_does(
    own_nats: EmbeddedNats, mongo: Mongo, unique: str
) -> None:
    await prepare_streams(ServiceSettings(service_name="audit", nats_url=own_nats.url), set())
    broker = NatsBroker(own_nats.url_for("registry"), inbox_prefix=inbox_prefix("registry"))
    await broker.connect()
    admin = await nats.connect(own_nats.url)
    js = admin.jetstream()
    audit = await js.stream_info(stream_name("audit"))
    journal = JetStreamJournal(broker, "registry", timeout=0.5, outbox=lambda: mongo)

    async def never_answer(msg: Any) -> None:
        pass

    async def stream_gone() -> Any:
        """The stream deleted and someone on its subject who never answers: no acknowledgement."""
        await js.delete_stream(audit.config.name or "")
        listener = await admin.subscribe(JOURNALED["registry"].subject, cb=never_answer)
        await admin.flush()
        return listener

    try:
        await journal.record(read(f"{unique}-1"))
        await journal.settled()
        listener = await stream_gone()
        await journal.record(read(f"{unique}-2"))  # ahead: answered, its entry still on its way
        await journal.settled()  # not acknowledged in time: kept in the outbox
        with pytest.raises(JournalUnavailableError):  # waiting now: refused
            await journal.record(read(f"{unique}-3"))
        await listener.unsubscribe()
        with pytest.raises(JournalUnavailableError):  # no one on the subject at all
            await journal.record(read(f"{unique}-4"))
        await js.add_stream(audit.config)
        await journal.record(read(f"{unique}-5"))  # acknowledged: ahead again from here
        listener = await stream_gone()
        await journal.record(read(f"{unique}-6"))
        await journal.settled()
        await listener.unsubscribe()
    finally:
        await admin.close()
        await broker.stop()
    kept = await mongo[OUTBOX].find({"correlation_id": {"$regex": f"^{unique}"}}).to_list()
    assert sorted(row["correlation_id"] for row in kept) == [f"{unique}-2", f"{unique}-6"]
    assert all(row["private"] and row["sent_at"] is None for row in kept)
