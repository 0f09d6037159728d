"""The journal's entry points on the in-memory broker: entries in, a person's view, the desk's
search and check, and who is refused what."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from egisz.audit import handlers, usecases
from egisz.audit.domain.chain import Link
from egisz.audit.repository import FakeAuthorities, FakeJournal, FakeOrganizationRegions
from egisz.audit.settings import AuditSettings
from egisz.contracts.audit import JournalActor, JournalEntries, JournalEntry, JournalPerson
from egisz.contracts.envelope import Role
from egisz.contracts.registry import OrganizationRegistered
from egisz.contracts.reporting import AuthorityChanged, AuthorityLevel, AuthorityMemberRef
from egisz.contracts.subjects.audit_subjects import (
    JOURNAL_SEARCH,
    JOURNAL_VERIFY,
    JOURNALED,
    MY_JOURNAL_LIST,
)
from egisz.contracts.subjects.registry_frmo_subjects import ORGANIZATION_REGISTERED
from egisz.contracts.subjects.reporting_subjects import AUTHORITY_CHANGED
from egisz.runtime.memory import InMemoryUnitOfWork
from egisz.testsupport.inmemory import InMemoryService

from .test_journal import ANNA, DESK, OFFICER, T0

ORG = "1.2.643.5.1.13.13.12.1"


def journal_service(journal: FakeJournal) -> InMemoryService:
    deps = handlers.Dependencies(
        usecases.Chain(journal), FakeAuthorities(), FakeOrganizationRegions()
    )
    return InMemoryService(AuditSettings(), [handlers.router], deps, inbox_of=InMemoryUnitOfWork())


def authority(
    members: tuple[str, ...], *, version: int = 1, level: str = "federal"
) -> AuthorityChanged:
    """Reporting's register after a change, as its event says it."""
    return AuthorityChanged(
        authority_id="mz" if level == "federal" else "dzm-77",
        name="Минздрав" if level == "federal" else "ДЗМ",
        level=AuthorityLevel(level),
        region=None if level == "federal" else "77",
        members=[AuthorityMemberRef(snils=m) for m in members],
        version=version,
    )


def officer_read(command: str = "egisz.registry.cmd.worker.get") -> JournalEntry:
    return JournalEntry(
        command=command,
        kind="read",
        outcome="ok",
        at=T0,
        actor=JournalActor(
            role=Role.ORG_OFFICER, sub="officer-1", snils=OFFICER, org=ORG, name="Иванов И. И."
        ),
        persons=[JournalPerson(snils=ANNA, parts=["record", "passport"])],
        correlation_id="c1",
    )


def sent(*entries: JournalEntry) -> JournalEntries:
    """What a service sends: the entries answered together (one alone when idle)."""
    return JournalEntries(entries=list(entries or [officer_read()]))


async def test_a_person_sees_the_officer_who_read_their_record_in_their_own_words() -> None:
    journal = FakeJournal()
    async with journal_service(journal) as svc:
        await svc.publish(JOURNALED["registry"], sent())
        reply = await svc.command(MY_JOURNAL_LIST, {}, role=Role.WORKER, snils=ANNA)
    assert reply["ok"], reply
    [line] = reply["result"]["items"]
    assert line["what"] == "просмотр записи регистра медработников"
    assert line["by_name"] == "Иванов И. И." and line["by_organization"] == ORG
    assert line["parts"] == ["record", "passport"] and line["by_you"] is False
    # the person's own look at the journal is journaled in turn, naming them
    [seen] = svc.journal.entries
    assert seen.command == MY_JOURNAL_LIST.subject and seen.persons[0].snils == ANNA


async def test_the_service_of_a_record_is_the_subject_it_came_on_not_what_it_says() -> None:
    journal = FakeJournal()
    async with journal_service(journal) as svc:
        await svc.publish(JOURNALED["portfolio"], sent())
    [(link, _, _)] = journal.records.values()
    assert link.service == "portfolio"


async def test_a_token_without_snils_is_refused_a_journal_of_its_own() -> None:
    async with journal_service(FakeJournal()) as svc:
        reply = await svc.command(MY_JOURNAL_LIST, {}, role=Role.REGISTRY_OPERATOR)
    assert reply["error"]["code"] == "not_a_person" and reply["error"]["kind"] == "forbidden"


async def test_the_desk_must_name_a_person_or_an_organization_to_search() -> None:
    async with journal_service(FakeJournal()) as svc:
        reply = await svc.command(JOURNAL_SEARCH, {}, role=Role.REGISTRY_OPERATOR)
    assert reply["error"]["code"] == "search_too_wide"
    assert reply["error"]["fields"][0]["field"] == "person_snils"


async def test_the_desk_finds_whom_an_officer_read_and_its_search_is_journaled() -> None:
    journal = FakeJournal()
    async with journal_service(journal) as svc:
        await svc.publish(JOURNALED["registry"], sent())
        reply = await svc.command(
            JOURNAL_SEARCH, {"actor_snils": OFFICER}, role=Role.REGISTRY_OPERATOR, snils=OFFICER
        )
    assert reply["ok"], reply
    [record] = reply["result"]["items"]
    assert record["entry"]["persons"][0]["snils"] == ANNA and record["service"] == "registry"
    assert [p.snils for p in svc.journal.entries[0].persons] == [OFFICER]


async def test_workers_and_officers_may_not_search_or_check_the_journal() -> None:
    body: dict[str, Any] = {"person_snils": ANNA}
    async with journal_service(FakeJournal()) as svc:
        refusals = [
            await svc.command(
                spec, body if spec is JOURNAL_SEARCH else {}, role=role, snils=ANNA, org=ORG
            )
            for spec in (JOURNAL_SEARCH, JOURNAL_VERIFY)
            for role in (Role.WORKER, Role.ORG_OFFICER, Role.MANAGER)
        ]
        anonymous = await svc.command(MY_JOURNAL_LIST, {}, role=None)
    assert {r["error"]["code"] for r in refusals} == {"forbidden"}
    assert anonymous["error"]["code"] == "unauthenticated"


async def test_a_regional_authoritys_member_checks_the_chain() -> None:
    journal = FakeJournal()
    async with journal_service(journal) as svc:
        await svc.publish(AUTHORITY_CHANGED, authority((DESK,), level="regional"))
        for _ in range(3):
            await svc.publish(JOURNALED["registry"], sent())
        reply = await svc.command(JOURNAL_VERIFY, {}, role=Role.REGULATOR, snils=DESK)
    assert reply["result"]["intact"] and reply["result"]["checked"] == 3
    assert reply["result"]["head_hash"] == journal.records[3][0].hash


async def test_the_regulator_role_alone_reads_nothing_of_the_journal() -> None:
    async with journal_service(FakeJournal()) as svc:
        await svc.publish(AUTHORITY_CHANGED, authority((OFFICER,)))  # somebody else's
        search = await svc.command(
            JOURNAL_SEARCH, {"person_snils": ANNA}, role=Role.REGULATOR, snils=DESK
        )
        check = await svc.command(JOURNAL_VERIFY, {}, role=Role.REGULATOR, snils=DESK)
        no_snils = await svc.command(JOURNAL_VERIFY, {}, role=Role.REGULATOR)
    for refused in (search, check, no_snils):
        assert refused["error"]["code"] == "not_an_authority_member", refused
        assert refused["error"]["kind"] == "forbidden"


def registered_in(region: str, oid: str) -> OrganizationRegistered:
    return OrganizationRegistered(
        oid=oid, type="medical", name="ГБУЗ", inn="7707083893", ogrn="1027700132195",
        region=region, request_id="r1",
    )  # fmt: skip


async def test_a_federal_member_searches_everything_a_regional_one_within_their_region() -> None:
    elsewhere = "1.2.643.5.1.13.13.12.2.50.1"
    read_elsewhere = officer_read().model_copy(
        update={"actor": officer_read().actor.model_copy(update={"org": elsewhere})}
    )
    async with journal_service(FakeJournal()) as svc:
        await svc.publish(JOURNALED["registry"], sent(officer_read(), read_elsewhere))
        await svc.publish(ORGANIZATION_REGISTERED, registered_in("77", ORG))
        await svc.publish(ORGANIZATION_REGISTERED, registered_in("50", elsewhere))
        await svc.publish(AUTHORITY_CHANGED, authority((DESK,)))
        await svc.publish(AUTHORITY_CHANGED, authority((OFFICER,), level="regional"))

        async def search(snils: str, body: dict[str, Any]) -> dict[str, Any]:
            return await svc.command(JOURNAL_SEARCH, body, role=Role.REGULATOR, snils=snils)

        federal = await search(DESK, {"person_snils": ANNA})
        regional_person = await search(OFFICER, {"person_snils": ANNA})
        regional_org = await search(OFFICER, {"actor_org": ORG})
        refused = [
            await search(OFFICER, {"actor_org": oid})
            for oid in (elsewhere, "1.2.643.5.1.13.13.12.2.77.404")  # another region's; unknown
        ]

    def orgs(reply: dict[str, Any]) -> list[str]:
        return [r["entry"]["actor"]["org"] for r in reply["result"]["items"]]

    assert sorted(orgs(federal)) == sorted([ORG, elsewhere])
    assert orgs(regional_person) == [ORG] and orgs(regional_org) == [ORG]
    for reply in refused:
        assert reply["error"]["code"] == "outside_your_region", reply
        assert reply["error"]["fields"][0]["field"] == "actor_org"
        assert reply["error"]["details"] == {"region": "77"}


async def test_a_withdrawn_member_is_refused_and_a_late_older_version_changes_nothing() -> None:
    async with journal_service(FakeJournal()) as svc:
        await svc.publish(AUTHORITY_CHANGED, authority((DESK,), version=2))
        await svc.publish(AUTHORITY_CHANGED, authority((), version=3))  # withdrawn
        await svc.publish(AUTHORITY_CHANGED, authority((DESK,), version=2))  # again, late
        reply = await svc.command(JOURNAL_VERIFY, {}, role=Role.REGULATOR, snils=DESK)
    assert reply["error"]["code"] == "not_an_authority_member"


class FailsOnce(FakeJournal):
    """A database that fails once, at the third record."""

    async def append(self, link: Link, *, event_id: str, at: datetime) -> None:
        if link.position == 3 and not getattr(self, "failed", False):
            self.failed = True
            raise ConnectionError("the database went away")
        await super().append(link, event_id=event_id, at=at)


async def test_entries_sent_together_are_a_record_each_in_order_and_a_redelivery_adds_the_rest() -> (
    None
):
    journal = FailsOnce()
    reads = [officer_read(f"egisz.registry.cmd.worker.{n}") for n in ("get", "list", "search")]
    async with journal_service(journal) as svc:
        event_id = await svc.publish(JOURNALED["registry"], sent(*reads))
        assert len(journal.records) == 2  # not acked: JetStream delivers it again
        await svc.publish(JOURNALED["registry"], sent(*reads), event_id=event_id)
    assert [link.entry["command"] for link, _, _ in journal.records.values()] == [
        r.command for r in reads
    ]
    ids = [event for _, event, _ in journal.records.values()]
    assert ids == [f"{event_id}.0", f"{event_id}.1", f"{event_id}.2"]


async def test_an_entry_sent_alone_before_entries_went_together_is_journaled_as_it_was() -> None:
    journal = FakeJournal()
    async with journal_service(journal) as svc:  # a registry not yet upgraded, or its stream
        event_id = await svc.publish(JOURNALED["registry"], officer_read())
    [(link, kept_as, _)] = journal.records.values()
    assert kept_as == event_id and link.entry["persons"][0]["snils"] == ANNA
