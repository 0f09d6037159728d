"""FRMO's stored text given its code (issue 31's migration, beside FRMR's `frmr/uncoded.py`): a
subdivision's kind, a bed profile, an equipment kind written as text are mapped to their book by
name where exactly one entry has it; the rest wait in the support desk's queue with the book's
nearest names until the desk gives a code. Each coding is a change of the record its event tells."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import DomainError
from egisz.registry.domain.coding import CodeBook, Coded
from egisz.registry.domain.errors import NotQueuedError, OrganizationNotFoundError
from egisz.registry.frmo.domain.organization import Organization
from egisz.registry.frmo.domain.uncoded import UncodedItem, give_code, uncoded_items

if TYPE_CHECKING:  # the port only: no driver is imported at run time
    from collections.abc import Callable

    from egisz.registry.repository import RegistryUnitOfWork

CANDIDATES = 5


@dataclass(frozen=True)
class Mapped:
    coded: int
    left: int
    next_cursor: str | None


@dataclass(frozen=True)
class Queued:
    organization: Organization
    waiting: UncodedItem
    candidates: list[Coded]


async def map_by_name(
    new_uow: Callable[[], RegistryUnitOfWork],
    codes: CodeBook,
    *,
    after: str | None,
    limit: int,
    clock: Clock = utcnow,
) -> Mapped:
    """One page of queued organizations, each in its own transaction."""
    today = clock().date()
    async with (uow := new_uow()):
        page = await uow.organizations.uncoded(after, limit)
    coded = left = 0
    for queued in page:
        async with (uow := new_uow()):
            organization = await uow.organizations.get(queued.oid)
            if organization is None:
                continue
            done = 0
            for item in uncoded_items(organization, today):
                found = await codes.by_name(item.book, item.text, on=item.on)
                if found is None:  # no name matches: the desk's to code
                    left += 1
                    continue
                try:
                    give_code(organization, item, found, today=today)
                    done += 1
                except DomainError:  # the record no longer passes today's rules: the desk's
                    left += 1
            if done:
                await uow.organizations.save(organization)
                await uow.commit()
            coded += done
    return Mapped(coded, left, page[-1].oid if len(page) == limit else None)


async def queue(
    uow: RegistryUnitOfWork,
    codes: CodeBook,
    *,
    after: str | None,
    limit: int,
    today: Clock = utcnow,
) -> tuple[list[Queued], str | None]:
    async with uow:
        page = await uow.organizations.uncoded(after, limit)
    day = today().date()
    found = [
        Queued(o, item, await codes.near(item.book, item.text, on=item.on, limit=CANDIDATES))
        for o in page
        for item in uncoded_items(o, day)
    ]
    return found, page[-1].oid if len(page) == limit else None


async def resolve(
    uow: RegistryUnitOfWork,
    codes: CodeBook,
    *,
    organization_oid: str,
    kind: str,
    entry_id: str,
    code: str,
    clock: Clock = utcnow,
) -> tuple[UncodedItem, Coded]:
    """The support desk codes one queued field of an organization."""
    today = clock().date()
    async with uow:
        organization = await uow.organizations.get(organization_oid)
        if organization is None:
            raise OrganizationNotFoundError()
        items = uncoded_items(organization, today)
        waiting = next((i for i in items if (i.kind, i.entry_id) == (kind, entry_id)), None)
        if waiting is None:
            raise NotQueuedError.at("entry_id", "not_queued")
        found = await codes.code(waiting.book, code, field="code", on=waiting.on)
        give_code(organization, waiting, found, today=today)
        await uow.organizations.save(organization)
        await uow.commit()
    return waiting, found
