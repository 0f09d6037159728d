"""Tickets: the port, its Mongo adapter (numbers from the registry's `counters`, in the
ticket's own transaction) and the in-memory fake."""

from __future__ import annotations

from typing import Protocol

from pymongo import ReturnDocument

from egisz.registry.storage import COUNTERS, TICKETS, Queries
from egisz.registry.support.domain.ticket import Ticket, TicketStatus
from egisz.runtime.aggregates import Codec, MongoAggregates
from egisz.runtime.memory import InMemoryAggregates, InMemoryUnitOfWork
from egisz.runtime.mongo import AggregateUnitOfWork


class TicketRepository(Protocol):
    async def add(self, ticket: Ticket) -> None: ...
    async def save(self, ticket: Ticket) -> None: ...
    async def get(self, key: str) -> Ticket | None: ...
    async def next_number(self, year: int) -> int: ...
    async def of_author(self, sub: str, *, after: str | None, limit: int) -> list[Ticket]: ...
    async def open_of_author(self, sub: str) -> int: ...
    async def queue(
        self, *, status: str | None, kind: str | None, after: str | None, limit: int
    ) -> list[Ticket]: ...


OPEN_STATUSES = [s.value for s in TicketStatus if not s.closed]
TICKET_CODEC = Codec(Ticket, lambda t: {"author_sub": t.author.sub})


class MongoTicketRepository(MongoAggregates[Ticket]):
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        super().__init__(uow, TICKETS, TICKET_CODEC)
        self._counters = uow.base.collection(COUNTERS)

    async def next_number(self, year: int) -> int:
        doc = await self._counters.find_one_and_update(
            {"_id": f"ticket|{year}"},
            {"$inc": {"value": 1}},
            upsert=True,
            return_document=ReturnDocument.AFTER,
            session=self._session,
        )
        assert doc is not None  # upserted
        return int(doc["value"])

    async def of_author(self, sub: str, *, after: str | None, limit: int) -> list[Ticket]:
        return await self._page(Queries.tickets_of(sub), after, limit)

    async def open_of_author(self, sub: str) -> int:
        return int(
            await self._collection.count_documents(
                Queries.open_tickets_of(sub, OPEN_STATUSES), session=self._session
            )
        )

    async def queue(
        self, *, status: str | None, kind: str | None, after: str | None, limit: int
    ) -> list[Ticket]:
        return await self._page(Queries.ticket_queue(status, kind), after, limit)


class FakeTicketRepository(InMemoryAggregates[Ticket]):
    def __init__(self, uow: InMemoryUnitOfWork, store: dict[str, Ticket]) -> None:
        super().__init__(uow, store)
        self.counters: dict[int, int] = {}

    async def next_number(self, year: int) -> int:
        self.counters[year] = self.counters.get(year, 0) + 1
        return self.counters[year]

    async def of_author(self, sub: str, *, after: str | None, limit: int) -> list[Ticket]:
        return self._page(lambda t: t.author.sub == sub, after, limit)

    async def open_of_author(self, sub: str) -> int:
        return sum(1 for t in self._committed() if t.author.sub == sub and not t.status.closed)

    async def queue(
        self, *, status: str | None, kind: str | None, after: str | None, limit: int
    ) -> list[Ticket]:
        return self._page(
            lambda t: status in (None, t.status.value) and kind in (None, t.kind.value),
            after,
            limit,
        )
