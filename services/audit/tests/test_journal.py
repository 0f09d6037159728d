"""The journal's use cases, the same on the in-memory fake and on MongoDB: appending to the chain
once per entry, a person's accesses, the desk's search, the chain's check."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from egisz.audit import usecases
from egisz.audit.repository import FakeJournal, JournalRepository, MongoJournal, Query

ANNA, OFFICER, DESK = "11223344595", "12345678964", "98765432109"
T0 = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)


def entry(
    command: str = "egisz.registry.cmd.worker.get",
    *,
    actor: str = OFFICER,
    persons: tuple[str, ...] = (ANNA,),
    org: str | None = "1.2.643.5.1.13.13.12.1",
    kind: str = "read",
) -> dict[str, Any]:
    return {
        "command": command,
        "kind": kind,
        "outcome": "ok",
        "at": T0.isoformat(),
        "actor": {"role": "org_officer", "sub": f"user-{actor}", "snils": actor, "org": org},
        "persons": [{"snils": p, "parts": ["record"]} for p in persons],
        "correlation_id": uuid.uuid4().hex,
    }


async def append(chain: usecases.Chain, e: dict[str, Any], minutes: int = 0) -> None:
    await chain.append("registry", e, event_id=uuid.uuid4().hex, at=T0 + timedelta(minutes=minutes))


async def test_entries_are_chained_in_order_and_the_chain_checks_whole(
    journal: JournalRepository,
) -> None:
    chain = usecases.Chain(journal)
    for i in range(5):
        await append(chain, entry(), minutes=i)
    done = await usecases.verify_chain(journal, start=1, limit=100)
    assert done.check.intact and done.check.checked == 5 and done.more_from is None
    head = await chain.head()
    assert head is not None and head.position == 5 and head == done.check.last


async def test_a_redelivered_entry_is_journaled_once(journal: JournalRepository) -> None:
    chain = usecases.Chain(journal)
    first = await chain.append("registry", entry(), event_id="e1", at=T0)
    again = await chain.append("registry", entry(), event_id="e1", at=T0)
    assert first is not None and again is None
    assert len(await journal.run(1, 10)) == 1


async def test_a_second_writer_at_the_same_position_makes_the_first_read_the_head_again(
    journal: JournalRepository,
) -> None:
    mine, theirs = usecases.Chain(journal), usecases.Chain(journal)
    await append(mine, entry())
    await append(theirs, entry())  # `theirs` read the head after `mine` wrote
    await append(mine, entry())  # `mine` still holds position 1 as its head
    positions = [link.position for link in await journal.run(1, 10)]
    assert positions == [1, 2, 3]
    assert (await usecases.verify_chain(journal, start=1, limit=10)).check.intact


async def test_a_person_sees_who_touched_their_data_newest_first_and_not_their_own_reads(
    journal: JournalRepository,
) -> None:
    chain = usecases.Chain(journal)
    await append(chain, entry(actor=OFFICER), 1)
    await append(chain, entry(actor=ANNA, org=None), 2)  # Anna reads her own record
    await append(chain, entry(actor=OFFICER, persons=("22233344405",)), 3)  # someone else's
    await append(chain, entry("egisz.portfolio.cmd.portfolio.get", actor=DESK), 4)
    others = await usecases.accesses_of(journal, ANNA, others_only=True, before=None, limit=10)
    assert [a.entry["actor"]["snils"] for a in others] == [DESK, OFFICER]
    everyone = await usecases.accesses_of(journal, ANNA, others_only=False, before=None, limit=10)
    assert [a.by_you for a in everyone] == [False, True, False]
    assert everyone[0].parts == ["record"]
    page = await usecases.accesses_of(journal, ANNA, others_only=False, before=4, limit=1)
    assert [a.position for a in page] == [2]


async def test_the_desk_finds_by_actor_organization_command_and_time(
    journal: JournalRepository,
) -> None:
    chain = usecases.Chain(journal)
    await append(chain, entry(actor=OFFICER), 0)
    await append(chain, entry("egisz.registry.cmd.worker.update", actor=OFFICER, kind="change"), 10)
    await append(chain, entry(actor=DESK, org=None), 20)
    by_actor = await usecases.search(journal, Query(actor=OFFICER))
    assert [link.position for link in by_actor] == [2, 1]
    by_org = await usecases.search(journal, Query(organization="1.2.643.5.1.13.13.12.1"))
    assert len(by_org) == 2
    changes = await usecases.search(
        journal, Query(person=ANNA, command="egisz.registry.cmd.worker.update")
    )
    assert [link.position for link in changes] == [2]
    window = await usecases.search(
        journal,
        Query(person=ANNA, since=T0 + timedelta(minutes=5), until=T0 + timedelta(minutes=15)),
    )
    assert [link.position for link in window] == [2]


async def test_a_search_within_organizations_finds_only_what_their_people_did(
    journal: JournalRepository,
) -> None:
    chain = usecases.Chain(journal)
    await append(chain, entry(org="1.2.643.5.1.13.13.12.2.77.1"), 0)
    await append(chain, entry(org="1.2.643.5.1.13.13.12.2.50.1"), 10)
    await append(chain, entry(actor=DESK, org=None), 20)
    within = frozenset({"1.2.643.5.1.13.13.12.2.77.1", "1.2.643.5.1.13.13.12.2.77.2"})
    found = await usecases.search(journal, Query(person=ANNA, within=within))
    assert [link.position for link in found] == [1]
    assert await usecases.search(journal, Query(person=ANNA, within=frozenset())) == []


async def changed_in_place(
    journal: JournalRepository, position: int, entry: dict[str, Any]
) -> None:
    """What someone with write access to the database would do."""
    if isinstance(journal, FakeJournal):
        link, event_id, at = journal.records[position]
        journal.records[position] = (replace(link, entry=entry), event_id, at)
    else:
        assert isinstance(journal, MongoJournal)
        await journal._records.update_one({"_id": position}, {"$set": {"entry": entry}})


async def test_a_record_changed_in_the_database_is_found_by_the_check(
    journal: JournalRepository,
) -> None:
    chain = usecases.Chain(journal)
    for i in range(4):
        await append(chain, entry(), i)
    await changed_in_place(journal, 3, entry(actor=DESK))
    done = await usecases.verify_chain(journal, start=1, limit=100)
    assert not done.check.intact and done.check.broken_at == 3 and done.check.checked == 2


async def test_a_long_chain_is_checked_in_runs_each_starting_from_the_hash_before_it(
    journal: JournalRepository,
) -> None:
    chain = usecases.Chain(journal)
    for i in range(7):
        await append(chain, entry(), i)
    first = await usecases.verify_chain(journal, start=1, limit=3)
    assert first.check.intact and first.more_from == 4
    second = await usecases.verify_chain(journal, start=4, limit=3)
    last = await usecases.verify_chain(journal, start=7, limit=3)
    assert second.more_from == 7 and last.check.intact and last.more_from is None
    assert last.check.last is not None and last.check.last.position == 7


async def test_records_past_retention_are_removed_and_the_chain_still_checks_from_there(
    journal: JournalRepository,
) -> None:
    chain = usecases.Chain(journal)
    for i in range(5):
        await append(chain, entry(), minutes=i * 60 * 24 * 365)  # a year apart
    now = T0 + timedelta(days=4 * 365 + 1)
    removed = await usecases.prune_journal(journal, now=now, retention_days=2.5 * 365, batch=1)
    assert removed == 2
    assert [link.position for link in await journal.run(1, 10)] == [3, 4, 5]
    done = await usecases.verify_chain(journal, start=1, limit=100)
    assert done.check.intact and done.start == 3 and done.check.checked == 3
    await append(chain, entry(), minutes=5 * 60 * 24 * 365)  # the chain goes on from its head
    assert (await usecases.verify_chain(journal, start=1, limit=100)).check.checked == 4
    assert await usecases.prune_journal(journal, now=now, retention_days=2.5 * 365) == 0
