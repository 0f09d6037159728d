"""A change's journal entry that NATS did not take, on the real servers: kept in the service's
outbox (a restart does not lose it), sent by its relay under the entry's id to the journal's
stream, and never in a public form — it names people."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import nats
import pytest
from faststream.nats import NatsBroker

from egisz.contracts.audit import DataPart, JournalActor, JournalEntry, JournalPerson
from egisz.contracts.envelope import Role
from egisz.contracts.subjects.audit_subjects import JOURNALED
from egisz.kernel.clock import utcnow
from egisz.runtime.journal import JetStreamJournal, send_to_journal
from egisz.runtime.mongo import OUTBOX, Mongo
from egisz.runtime.outbox import OutboxRelay
from egisz.runtime.settings import ServiceSettings
from egisz.runtime.streams import prepare_streams

pytestmark = pytest.mark.integration


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


def change(unique: str) -> JournalEntry:
    return JournalEntry(
        command="egisz.registry.cmd.worker.update_contacts",
        kind="change",
        outcome="ok",
        at=utcnow(),
        actor=JournalActor(role=Role.ORG_OFFICER, sub=f"officer-{unique}", org="1.2.3"),
        persons=[JournalPerson(snils="11223344595", parts=[DataPart.CONTACTS])],
        correlation_id=unique,
    )


async def test_a_change_entry_nats_did_not_take_waits_in_the_outbox_and_goes_out_privately(
    mongo: Mongo, broker: NatsBroker, nats_url: str, unique: str
) -> None:
    journal = StreamNotAnswering(broker, "registry", outbox=lambda: mongo)
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
