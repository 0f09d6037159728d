"""Where portfolios are kept: the port, its Mongo adapter, and the in-memory fake."""

from __future__ import annotations

from typing import Protocol

from pymongo import ASCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from egisz.portfolio.domain.model import ApprovalStatus, Portfolio
from egisz.runtime.errors import ConcurrencyError
from egisz.runtime.memory import InMemoryUnitOfWork
from egisz.runtime.mongo import AggregateUnitOfWork, Document, save_versioned
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
    async def for_worker(self, worker_id: str) -> Portfolio | None: ...
    async def for_snils(self, snils: str) -> Portfolio | None: ...


class PortfolioUnitOfWork(ConsumingUnitOfWork, Protocol):
    @property
    def portfolios(self) -> PortfolioRepository: ...


def _to_document(p: Portfolio) -> Document:
    return {
        "_id": p.id,
        "worker_id": p.worker_id,
        "snils": p.snils,
        "created_at": p.created_at,
        "approval_status": p.approval_status.value,
    }


def _from_document(d: Document) -> Portfolio:
    return Portfolio(
        id=d["_id"],
        worker_id=d["worker_id"],
        snils=d["snils"],
        created_at=d["created_at"],
        approval_status=ApprovalStatus(d["approval_status"]),
        version=d["version"],
    )


class MongoPortfolioRepository:
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        self._uow = uow
        self._collection = uow.base.collection(PORTFOLIOS)

    async def add(self, portfolio: Portfolio) -> None:
        try:
            portfolio.version = await save_versioned(
                self._collection,
                _to_document(portfolio),
                portfolio.version,
                session=self._uow.base.session,
            )
        except DuplicateKeyError as exc:
            raise ConcurrencyError() from exc  # another delivery opened it first; retry sees it
        self._uow.track(portfolio)

    async def _find(self, query: Document) -> Portfolio | None:
        doc = await self._collection.find_one(query, session=self._uow.base.session)
        return _from_document(doc) if doc else None

    async def for_worker(self, worker_id: str) -> Portfolio | None:
        return await self._find({"worker_id": worker_id})

    async def for_snils(self, snils: str) -> Portfolio | None:
        return await self._find({"snils": snils})


class MongoPortfolioUnitOfWork(AggregateUnitOfWork):
    portfolios: MongoPortfolioRepository

    def open_repositories(self) -> None:
        self.portfolios = MongoPortfolioRepository(self)


class FakePortfolioRepository:
    def __init__(self, uow: FakePortfolioUnitOfWork) -> None:
        self._uow = uow

    async def add(self, portfolio: Portfolio) -> None:
        if any(p.worker_id == portfolio.worker_id for p in self._uow.store.values()):
            raise ConcurrencyError()
        portfolio.version += 1
        self._uow.track(portfolio)

    async def for_worker(self, worker_id: str) -> Portfolio | None:
        return next((p for p in self._uow.store.values() if p.worker_id == worker_id), None)

    async def for_snils(self, snils: str) -> Portfolio | None:
        return next((p for p in self._uow.store.values() if p.snils == snils), None)


class FakePortfolioUnitOfWork(InMemoryUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.store: dict[str, Portfolio] = {}
        self.portfolios = FakePortfolioRepository(self)

    def store_committed(self, aggregate: Portfolio) -> None:
        self.store[aggregate.id] = aggregate
