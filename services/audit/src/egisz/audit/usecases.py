"""What the journal does: append an entry to the chain, answer a person, the desk's and the
regulators' search, and check the chain."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from egisz.audit.domain.access import Access
from egisz.audit.domain.chain import GENESIS, ChainCheck, Link, next_link, verify
from egisz.audit.domain.regulators import admit_organization, admit_regulator, search_region
from egisz.audit.repository import (
    AlreadyJournaledError,
    AuthorityRepository,
    JournalRepository,
    OrganizationRegions,
    PositionTakenError,
    Query,
)
from egisz.kernel.snils import digits_only


class Chain:
    """The one writer of the chain in this process: appends one at a time from the head it
    holds; a second replica's append at the same position makes it read the head again."""

    def __init__(self, journal: JournalRepository) -> None:
        self.journal = journal
        self._lock = asyncio.Lock()
        self._head: Link | None = None
        self._head_read = False

    async def append(
        self, service: str, entry: dict[str, Any], *, event_id: str, at: datetime
    ) -> Link | None:
        """The new record; None when this entry was journaled before (a redelivery)."""
        async with self._lock:
            for _ in range(20):
                if not self._head_read:
                    self._head, self._head_read = await self.journal.head(), True
                link = next_link(self._head, service, entry)
                try:
                    await self.journal.append(link, event_id=event_id, at=at)
                except AlreadyJournaledError:
                    return None
                except PositionTakenError:
                    self._head_read = False
                    continue
                except BaseException:
                    self._head_read = False  # unknown whether it was written: read it back
                    raise
                self._head = link
                return link
        raise PositionTakenError()

    async def head(self) -> Link | None:
        async with self._lock:
            if not self._head_read:
                self._head, self._head_read = await self.journal.head(), True
            return self._head


async def accesses_of(
    journal: JournalRepository, snils: str, *, others_only: bool, before: int | None, limit: int
) -> list[Access]:
    found = await journal.find(
        Query(person=snils, not_by=snils if others_only else None, before=before, limit=limit)
    )
    return [Access(link.position, link.entry, snils) for link in found]


async def search(journal: JournalRepository, query: Query) -> list[Link]:
    return await journal.find(query)


async def regulator_admitted(authorities: AuthorityRepository, snils: str | None) -> None:
    """A regulator reads the journal only as a member of an authority in the register."""
    admit_regulator(await authorities.of_member(digits_only(snils or "")))


async def regulators_reach(
    authorities: AuthorityRepository,
    regions: OrganizationRegions,
    snils: str | None,
    organization: str | None,
) -> frozenset[str] | None:
    """The organizations whose people's records a regulator's search may return: None for the
    whole journal (a federal authority's member, or the one organization named, in the
    member's region); a region's member, those FRMO registered in that region."""
    region = search_region(await authorities.of_member(digits_only(snils or "")))
    if region is None:
        return None
    if organization is not None:
        admit_organization(region, await regions.region_of(organization))
        return None
    return frozenset(await regions.organizations_in(region))


@dataclass(frozen=True)
class Verification:
    start: int
    check: ChainCheck
    more_from: int | None


async def verify_chain(journal: JournalRepository, *, start: int, limit: int) -> Verification:
    """Recompute `limit` records from `start` (or from where retention left the chain); a
    record missing before `start` is a break."""
    pruned = await journal.pruned()
    previous: str | None
    if pruned is not None and start <= pruned[0] + 1:
        start, previous = pruned[0] + 1, pruned[1]
    else:
        previous = GENESIS if start == 1 else await journal.hash_at(start - 1)
    if previous is None:
        return Verification(start, ChainCheck(0, None, start - 1), None)
    links = await journal.run(start, limit)
    check = verify(links, start=start, previous=previous)
    full = len(links) == limit and check.intact
    return Verification(start, check, start + limit if full else None)


async def prune_journal(
    journal: JournalRepository, *, now: datetime, retention_days: float, batch: int = 1000
) -> int:
    """Remove what retention no longer keeps, oldest first, `batch` records a round."""
    removed, cutoff = 0, now - timedelta(days=retention_days)
    while (done := await journal.prune(cutoff, batch)) > 0:
        removed += done
        if done < batch:
            break
    return removed
