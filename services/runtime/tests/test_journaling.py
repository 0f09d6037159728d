"""The audit journal's sending side, on the in-memory broker: which commands make an entry, whom
it names, and what happens to a read when the journal cannot keep its entry."""

from __future__ import annotations

from typing import Any

from egisz.contracts import subjects
from egisz.contracts.audit import DataPart, JournalEntry
from egisz.contracts.envelope import Role
from egisz.kernel.errors import ForbiddenError
from egisz.runtime.journal import JournalUnavailableError, MemoryJournal
from egisz.runtime.memory import InMemoryUnitOfWork
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import Router
from egisz.runtime.settings import ServiceSettings
from egisz.testsupport.inmemory import InMemoryService

ANNA = "112-233-445 95"
router = Router[None]()
READ, CHANGE, PUBLIC = subjects.WORKER_GET, subjects.WORKER_UPDATE, subjects.PRACTITIONER_VERIFY


@router.command(READ, roles={Role.ORG_OFFICER})
async def read(req: Any, ctx: CommandContext, deps: None) -> Any:
    if req.worker_id == "nobody":
        return READ.result.model_construct()  # a read that found no one: discloses nothing
    ctx.disclosed(ANNA, DataPart.RECORD, DataPart.PASSPORT)
    return READ.result.model_construct(worker_id=req.worker_id, snils="11223344595")


@router.command(CHANGE, roles={Role.ORG_OFFICER})
async def change(req: Any, ctx: CommandContext, deps: None) -> Any:
    if req.worker_id == "theirs":  # the register's rule says no: the attempt is journaled
        raise ForbiddenError()
    ctx.disclosed(ANNA, DataPart.CONTACTS)
    return CHANGE.result.model_construct(worker_id=req.worker_id)


@router.command(PUBLIC, roles=set(Role), public=True)
async def public(req: Any, ctx: CommandContext, deps: None) -> Any:
    return PUBLIC.result.model_construct(practitioners=[])


class UnavailableJournal(MemoryJournal):
    """A journal's stream that does not answer: reads fail, changes wait to be sent."""

    async def record(self, entry: JournalEntry) -> None:
        raise JournalUnavailableError()


def service(journal: MemoryJournal) -> InMemoryService:
    svc = InMemoryService(ServiceSettings(), [router], None, inbox_of=InMemoryUnitOfWork())
    svc.runtime.messaging.journal = journal
    return svc


async def call(svc: InMemoryService, spec: Any, body: dict[str, Any], **claims: Any) -> Any:
    return await svc.command(spec, body, role=Role.ORG_OFFICER, org="1.2.3", **claims)


async def test_a_read_is_journaled_naming_the_person_by_snils_digits_and_what_was_shown() -> None:
    journal = MemoryJournal()
    async with service(journal) as svc:
        await call(svc, READ, {"worker_id": "w1"}, snils="12345678964", name="Иванов И. И.")
    [entry] = journal.entries
    assert (entry.command, entry.kind, entry.outcome) == (READ.subject, "read", "ok")
    assert entry.persons[0].snils == "11223344595"
    assert entry.persons[0].parts == [DataPart.PASSPORT, DataPart.RECORD]
    assert (entry.actor.snils, entry.actor.org, entry.actor.name) == (
        "12345678964",
        "1.2.3",
        "Иванов И. И.",
    )


async def test_a_read_that_showed_no_one_and_an_anonymous_read_make_no_entry() -> None:
    journal = MemoryJournal()
    async with service(journal) as svc:
        await call(svc, READ, {"worker_id": "nobody"})
        await svc.command(PUBLIC, {"worker_id": "w1"}, role=None)
    assert journal.entries == []


async def test_every_change_is_journaled_and_a_refused_one_with_its_code() -> None:
    journal = MemoryJournal()
    async with service(journal) as svc:
        await call(svc, CHANGE, {"worker_id": "w1", "contacts": {"email": "a@b.ru"}})
        refused = await call(svc, CHANGE, {"worker_id": "theirs"})
    assert refused["error"]["code"] == "forbidden"
    assert [(e.kind, e.outcome) for e in journal.entries] == [
        ("change", "ok"),
        ("change", "forbidden"),
    ]
    assert journal.entries[0].persons[0].parts == [DataPart.CONTACTS]


async def test_a_read_whose_entry_cannot_be_kept_is_refused_and_shows_nothing() -> None:
    async with service(UnavailableJournal()) as svc:
        reply = await call(svc, READ, {"worker_id": "w1"})
    assert reply["ok"] is False and reply["result"] is None
    assert reply["error"]["code"] == "journal_unavailable"
    assert reply["error"]["kind"] == "unavailable"


async def test_a_change_is_answered_while_its_entry_waits_for_the_journal() -> None:
    journal = UnavailableJournal()
    async with service(journal) as svc:
        reply = await call(svc, CHANGE, {"worker_id": "w1"})
    assert reply["ok"], reply
    assert [e.kind for e in journal.entries] == ["change"]  # handed over to be sent later
