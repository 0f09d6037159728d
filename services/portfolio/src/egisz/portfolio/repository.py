"""Where portfolios are kept: the port, its Mongo adapter, and the in-memory fake."""

from __future__ import annotations

from typing import Any, Protocol

from pymongo import ASCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from egisz.portfolio.domain.model import Portfolio
from egisz.runtime.aggregates import Codec, MongoAggregates
from egisz.runtime.errors import ConcurrencyError
from egisz.runtime.memory import InMemoryAggregates, InMemoryUnitOfWork
from egisz.runtime.mongo import AggregateUnitOfWork
from egisz.runtime.ports import ConsumingUnitOfWork

PORTFOLIOS = "portfolios"

INDEXES = {
    PORTFOLIOS: [
        IndexModel([("worker_id", ASCENDING)], unique=True, name="one_per_worker"),
        IndexModel([("snils", ASCENDING)], name="snils"),
    ],
}


class PortfolioRepository(Protocol):
    async def add(self, portfolio: Portfolio) -> None: ...
    async def save(self, portfolio: Portfolio) -> None: ...
    async def for_worker(self, worker_id: str) -> Portfolio | None: ...
    async def for_snils(self, snils: str) -> Portfolio | None: ...


class PortfolioUnitOfWork(ConsumingUnitOfWork, Protocol):
    @property
    def portfolios(self) -> PortfolioRepository: ...


class Queries:
    @staticmethod
    def for_worker(worker_id: str) -> dict[str, Any]:
        return {"worker_id": worker_id}

    @staticmethod
    def for_snils(snils: str) -> dict[str, Any]:
        return {"snils": snils}


PORTFOLIO_CODEC = Codec(Portfolio, lambda p: {"created_at": p.created_at})


class MongoPortfolioRepository(MongoAggregates[Portfolio]):
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        super().__init__(uow, PORTFOLIOS, PORTFOLIO_CODEC)

    def _duplicate(self, exc: DuplicateKeyError) -> Exception:
        return ConcurrencyError()  # another delivery opened it first; the retry sees it

    async def for_worker(self, worker_id: str) -> Portfolio | None:
        return await self._one(Queries.for_worker(worker_id))

    async def for_snils(self, snils: str) -> Portfolio | None:
        return await self._one(Queries.for_snils(snils))


class MongoPortfolioUnitOfWork(AggregateUnitOfWork):
    portfolios: MongoPortfolioRepository

    def open_repositories(self) -> None:
        self.portfolios = MongoPortfolioRepository(self)


class FakePortfolioRepository(InMemoryAggregates[Portfolio]):
    async def add(self, portfolio: Portfolio) -> None:
        if any(p.worker_id == portfolio.worker_id for p in self._committed()):
            raise ConcurrencyError()
        await self.save(portfolio)

    async def for_worker(self, worker_id: str) -> Portfolio | None:
        found = self._page(lambda p: p.worker_id == worker_id, None, 1)
        return found[0] if found else None

    async def for_snils(self, snils: str) -> Portfolio | None:
        found = self._page(lambda p: p.snils == snils, None, 1)
        return found[0] if found else None


class FakePortfolioUnitOfWork(InMemoryUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.store: dict[str, Portfolio] = {}
        self.portfolios = FakePortfolioRepository(self, self.store)

    def store_committed(self, aggregate: Portfolio) -> None:
        self.store[aggregate.id] = aggregate
