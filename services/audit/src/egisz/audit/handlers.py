"""The journal's entry points: the entries each journaled service sends, a person's
«кто смотрел мои данные», the desk's and the regulator's search, the chain's check, and the
register of authorities followed from reporting (who is a regulator)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from egisz.audit import usecases
from egisz.audit.domain.access import Access, what_was_done
from egisz.audit.domain.chain import Link
from egisz.audit.domain.errors import NotAPersonError, SearchTooWideError
from egisz.audit.domain.regulators import Authority
from egisz.audit.repository import AuthorityRepository, OrganizationRegions, Query
from egisz.contracts import audit as wire, registry as registry_wire, reporting as reporting_wire
from egisz.contracts.envelope import Role
from egisz.contracts.events import CloudEvent
from egisz.contracts.subjects.audit_subjects import (
    JOURNAL_SEARCH,
    JOURNAL_VERIFY,
    JOURNALED,
    MY_JOURNAL_LIST,
)
from egisz.contracts.subjects.registry_frmo_subjects import ORGANIZATION_REGISTERED
from egisz.contracts.subjects.reporting_subjects import AUTHORITY_CHANGED
from egisz.kernel.snils import digits_only
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import EventConsumer, Router

# Whoever signs in as a person may read their own part of the journal.
PEOPLE = {Role.WORKER, Role.ORG_OFFICER, Role.MANAGER, Role.REGISTRY_OPERATOR, Role.FAC_OPERATOR}
READERS = {Role.REGISTRY_OPERATOR, Role.REGULATOR}  # the support desk, the regulator


@dataclass(frozen=True)
class Dependencies:
    chain: usecases.Chain
    authorities: AuthorityRepository
    regions: OrganizationRegions


router = Router[Dependencies]()


def _entries_of(service: str) -> EventConsumer[wire.JournalEntries, Dependencies]:
    """The service is the subject's (only it may publish there), not what the entry says. Each
    entry is a record of its own, in the order sent; a message delivered again after some of
    them were kept adds only the rest."""

    async def journal(event: CloudEvent[wire.JournalEntries], deps: Dependencies) -> None:
        entries = event.data.entries
        for n, entry in enumerate(entries):
            await deps.chain.append(
                service,
                entry.model_dump(mode="json"),
                event_id=event.id if len(entries) == 1 else f"{event.id}.{n}",
                at=entry.at,
            )

    journal.__name__ = f"journal_{service}"
    return journal


for _service, _spec in JOURNALED.items():
    router.consumer(_spec, name=f"journal-{_service}")(_entries_of(_service))


@router.consumer(AUTHORITY_CHANGED, name="authorities")
async def follow_authority(
    event: CloudEvent[reporting_wire.AuthorityChanged], deps: Dependencies
) -> None:
    d = event.data
    members = frozenset(digits_only(m.snils) for m in d.members)
    await deps.authorities.keep(
        Authority(d.authority_id, d.level.value, d.region, members, d.version)
    )


@router.consumer(ORGANIZATION_REGISTERED, name="organizations")
async def note_region(
    event: CloudEvent[registry_wire.OrganizationRegistered], deps: Dependencies
) -> None:
    await deps.regions.note(event.data.oid, event.data.region)


def _access(a: Access) -> wire.AccessOfMine:
    actor: dict[str, Any] = a.entry.get("actor", {})
    return wire.AccessOfMine(
        position=a.position,
        at=a.entry["at"],
        what=what_was_done(a.entry["command"]),
        kind=a.entry["kind"],
        parts=[wire.DataPart(p) for p in a.parts],
        by_role=Role(actor["role"]),
        by_name=actor.get("name"),
        by_organization=actor.get("org"),
        by_you=a.by_you,
        command=a.entry["command"],
    )


@router.command(MY_JOURNAL_LIST, roles=PEOPLE)
async def my_journal(
    req: wire.ListMyJournal, ctx: CommandContext, deps: Dependencies
) -> wire.MyJournalPage:
    snils = digits_only(ctx.actor.snils or "")
    if not snils:
        raise NotAPersonError()
    found = await usecases.accesses_of(
        deps.chain.journal, snils, others_only=req.others_only, before=req.before, limit=req.limit
    )
    ctx.disclosed(snils, wire.DataPart.JOURNAL)
    return wire.MyJournalPage(
        items=[_access(a) for a in found],
        next_before=found[-1].position if len(found) == req.limit else None,
    )


def _record(link: Link) -> wire.JournalRecord:
    return wire.JournalRecord(
        position=link.position,
        service=link.service,
        entry=wire.JournalEntry.model_validate(link.entry),
        hash=link.hash,
    )


@router.command(JOURNAL_SEARCH, roles=READERS)
async def search(
    req: wire.SearchJournal, ctx: CommandContext, deps: Dependencies
) -> wire.JournalPage:
    within = (  # the desk searches it all, by its role; a regulator as the register says
        await usecases.regulators_reach(
            deps.authorities, deps.regions, ctx.actor.snils, req.actor_org
        )
        if ctx.actor.role is Role.REGULATOR
        else None
    )
    person, actor = (digits_only(s) if s else None for s in (req.person_snils, req.actor_snils))
    if not (person or actor or req.actor_org):
        raise SearchTooWideError()
    found = await usecases.search(
        deps.chain.journal,
        Query(
            person=person,
            actor=actor,
            organization=req.actor_org,
            command=req.command,
            since=req.since,
            until=req.until,
            before=req.before,
            limit=req.limit,
            within=within,
        ),
    )
    for snils in (person, actor):  # whom the desk looked for: journaled in turn
        ctx.disclosed(snils, wire.DataPart.JOURNAL)
    return wire.JournalPage(
        items=[_record(link) for link in found],
        next_before=found[-1].position if len(found) == req.limit else None,
    )


@router.command(JOURNAL_VERIFY, roles=READERS)
async def verify(
    req: wire.VerifyJournal, ctx: CommandContext, deps: Dependencies
) -> wire.JournalVerification:
    if ctx.actor.role is Role.REGULATOR:
        await usecases.regulator_admitted(deps.authorities, ctx.actor.snils)
    done = await usecases.verify_chain(deps.chain.journal, start=req.from_position, limit=req.limit)
    last = done.check.last
    return wire.JournalVerification(
        intact=done.check.intact,
        checked=done.check.checked,
        from_position=done.start,
        last_position=last.position if last else None,
        broken_at=done.check.broken_at,
        head_hash=last.hash if last else None,
        next_from=done.more_from,
    )
