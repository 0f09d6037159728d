"""Where portfolios are kept: the port, its Mongo adapter, and the in-memory fake."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from pymongo import ASCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from egisz.kernel.errors import ConcurrencyError
from egisz.portfolio.domain.approval import ApprovalStatus, HeadKey
from egisz.portfolio.domain.experience import KnownOrganization
from egisz.portfolio.domain.model import Portfolio
from egisz.portfolio.domain.names import person_key
from egisz.portfolio.domain.snapshot import Snapshot
from egisz.runtime.aggregates import Codec, MongoAggregates
from egisz.runtime.gridfs import INDEXES as FILE_INDEXES
from egisz.runtime.memory import InMemoryAggregates, InMemoryUnitOfWork
from egisz.runtime.mongo import AggregateUnitOfWork
from egisz.runtime.ports import UnitOfWork

PORTFOLIOS = "portfolios"
HEAD_KEYS = "head_keys"
SNAPSHOTS = "snapshots"
ORGANIZATIONS = "organizations"  # FRMO names projected from the registry's events
DOCUMENTS_BUCKET = "documents"  # GridFS: documents.files, documents.chunks

INDEXES = {
    PORTFOLIOS: [
        IndexModel([("worker_id", ASCENDING)], unique=True, name="one_per_worker"),
        IndexModel([("snils", ASCENDING)], name="snils"),
        IndexModel(
            [("pending_for", ASCENDING), ("_id", ASCENDING)],
            sparse=True,
            name="pending_for_head",
        ),
        IndexModel(
            [("paper_awaits", ASCENDING), ("_id", ASCENDING)], sparse=True, name="paper_awaits"
        ),
    ],
    SNAPSHOTS: [
        IndexModel([("portfolio_id", ASCENDING), ("number", ASCENDING)], name="by_portfolio")
    ],
    **FILE_INDEXES,
}


class PortfolioRepository(Protocol):
    async def add(self, portfolio: Portfolio) -> None: ...
    async def save(self, portfolio: Portfolio) -> None: ...
    async def for_worker(self, worker_id: str) -> Portfolio | None: ...
    async def for_snils(self, snils: str) -> Portfolio | None: ...
    async def get(self, key: str) -> Portfolio | None: ...
    async def pending_for(
        self, organization_oid: str, head_name: str, after: str | None, limit: int
    ) -> list[Portfolio]: ...
    async def paper_awaiting(
        self, organization_oid: str, after: str | None, limit: int
    ) -> list[Portfolio]: ...


class HeadKeyRepository(Protocol):
    async def add(self, key: HeadKey) -> None: ...
    async def save(self, key: HeadKey) -> None: ...
    async def get(self, key: str) -> HeadKey | None: ...


class OrganizationDirectory(Protocol):
    async def add(self, organization: KnownOrganization) -> None: ...
    async def save(self, organization: KnownOrganization) -> None: ...
    async def get(self, key: str) -> KnownOrganization | None: ...
    async def names(self, oids: set[str]) -> dict[str, str]: ...


class SnapshotRepository(Protocol):
    async def add(self, snapshot: Snapshot) -> None: ...
    async def get(self, key: str) -> Snapshot | None: ...


class PortfolioUnitOfWork(UnitOfWork, Protocol):
    @property
    def portfolios(self) -> PortfolioRepository: ...

    @property
    def snapshots(self) -> SnapshotRepository: ...

    @property
    def organizations(self) -> OrganizationDirectory: ...

    @property
    def head_keys(self) -> HeadKeyRepository: ...


def pending_key(organization_oid: str, head_name: str) -> str:
    """Where a pending report waits: the organization and the head's name as matched."""
    return f"{organization_oid}|{person_key(head_name)}"


class Queries:
    @staticmethod
    def for_worker(worker_id: str) -> dict[str, Any]:
        return {"worker_id": worker_id}

    @staticmethod
    def for_snils(snils: str) -> dict[str, Any]:
        return {"snils": snils}

    @staticmethod
    def pending_for(organization_oid: str, head_name: str) -> dict[str, Any]:
        return {"pending_for": pending_key(organization_oid, head_name)}


def _portfolio_fields(p: Portfolio) -> dict[str, Any]:
    derived: dict[str, Any] = {"created_at": p.created_at}
    r, d = p.approval_request, p.approval_decision
    unconfirmed = p.approval_status is ApprovalStatus.APPROVED and d and d.paper_confirmed is False
    if r is not None and (p.approval_status is ApprovalStatus.PENDING or unconfirmed):
        derived["pending_for"] = pending_key(r.organization_oid, r.head_name)
    if r is not None and unconfirmed:  # an officer of the organization may confirm it too
        derived["paper_awaits"] = r.organization_oid
    return derived


PORTFOLIO_CODEC = Codec(Portfolio, _portfolio_fields)
HEAD_KEY_CODEC = Codec(HeadKey, lambda k: {"registered_at": k.registered_at})
SNAPSHOT_CODEC = Codec(Snapshot, lambda s: {"created_at": s.created_at})
ORGANIZATION_CODEC = Codec(KnownOrganization, lambda o: {})


class MongoOrganizationDirectory(MongoAggregates[KnownOrganization]):
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        super().__init__(uow, ORGANIZATIONS, ORGANIZATION_CODEC)

    async def names(self, oids: set[str]) -> dict[str, str]:
        cursor = self._collection.find({"_id": {"$in": sorted(oids)}}, session=self._session)
        return {d["_id"]: d["name"] async for d in cursor}


class MongoPortfolioRepository(MongoAggregates[Portfolio]):
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        super().__init__(uow, PORTFOLIOS, PORTFOLIO_CODEC)

    def _duplicate(self, exc: DuplicateKeyError) -> Exception:
        return ConcurrencyError()  # another delivery opened it first; the retry sees it

    async def for_worker(self, worker_id: str) -> Portfolio | None:
        return await self._one(Queries.for_worker(worker_id))

    async def for_snils(self, snils: str) -> Portfolio | None:
        return await self._one(Queries.for_snils(snils))

    async def pending_for(
        self, organization_oid: str, head_name: str, after: str | None, limit: int
    ) -> list[Portfolio]:
        return await self._page(Queries.pending_for(organization_oid, head_name), after, limit)

    async def paper_awaiting(
        self, organization_oid: str, after: str | None, limit: int
    ) -> list[Portfolio]:
        return await self._page({"paper_awaits": organization_oid}, after, limit)


class MongoHeadKeyRepository(MongoAggregates[HeadKey]):
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        super().__init__(uow, HEAD_KEYS, HEAD_KEY_CODEC)


class MongoPortfolioUnitOfWork(AggregateUnitOfWork):
    portfolios: MongoPortfolioRepository
    head_keys: MongoHeadKeyRepository
    snapshots: MongoAggregates[Snapshot]
    organizations: MongoOrganizationDirectory

    def open_repositories(self) -> None:
        self.organizations = MongoOrganizationDirectory(self)
        self.portfolios = MongoPortfolioRepository(self)
        self.head_keys = MongoHeadKeyRepository(self)
        self.snapshots = MongoAggregates(self, SNAPSHOTS, SNAPSHOT_CODEC)


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

    async def pending_for(
        self, organization_oid: str, head_name: str, after: str | None, limit: int
    ) -> list[Portfolio]:
        return self._page(lambda p: p.awaits_head(organization_oid, head_name), after, limit)

    async def paper_awaiting(
        self, organization_oid: str, after: str | None, limit: int
    ) -> list[Portfolio]:
        def awaits(p: Portfolio) -> bool:
            r, d = p.approval_request, p.approval_decision
            paper = d is not None and d.paper_confirmed is False
            return paper and r is not None and r.organization_oid == organization_oid

        return self._page(awaits, after, limit)


class FakeOrganizationDirectory(InMemoryAggregates[KnownOrganization]):
    async def names(self, oids: set[str]) -> dict[str, str]:
        return {o.id: o.name for o in self._committed() if o.id in oids}


class FakePortfolioUnitOfWork(InMemoryUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.store: dict[str, Portfolio] = {}
        self.keys_store: dict[str, HeadKey] = {}
        self.snapshots_store: dict[str, Snapshot] = {}
        self.portfolios = FakePortfolioRepository(self, self.store)
        self.head_keys = InMemoryAggregates(self, self.keys_store)
        self.snapshots = InMemoryAggregates(self, self.snapshots_store)
        self.organizations_store: dict[str, KnownOrganization] = {}
        self.organizations = FakeOrganizationDirectory(self, self.organizations_store)

    def store_committed(
        self, aggregate: Portfolio | HeadKey | Snapshot | KnownOrganization
    ) -> None:
        if isinstance(aggregate, KnownOrganization):
            self.organizations_store[aggregate.id] = aggregate
        elif isinstance(aggregate, Snapshot):
            self.snapshots_store[aggregate.id] = aggregate
        elif isinstance(aggregate, HeadKey):
            self.keys_store[aggregate.id] = aggregate
        else:
            self.store[aggregate.id] = aggregate


if TYPE_CHECKING:  # both adapters fit the port (mypy checks these two lines)
    _mongo: type[PortfolioUnitOfWork] = MongoPortfolioUnitOfWork
    _fake: type[PortfolioUnitOfWork] = FakePortfolioUnitOfWork
