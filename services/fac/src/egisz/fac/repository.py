"""The center's journal of packages: the port, its Mongo adapter and the in-memory fake."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from pymongo import ASCENDING, IndexModel, ReturnDocument
from pymongo.errors import DuplicateKeyError

from egisz.fac.domain.model import ReceivedPackage
from egisz.kernel.errors import ConcurrencyError
from egisz.runtime.aggregates import Codec, MongoAggregates
from egisz.runtime.memory import InMemoryAggregates, InMemoryUnitOfWork
from egisz.runtime.mongo import AggregateUnitOfWork
from egisz.runtime.ports import UnitOfWork

PACKAGES = "packages"  # `_id` is the intake number: the journal pages in the order of arrival
COUNTERS = "counters"  # one per year: the last intake number given

INDEXES = {
    PACKAGES: [
        IndexModel([("application_id", ASCENDING)], unique=True, name="one_per_application")
    ],
}


class PackageRepository(Protocol):
    async def add(self, package: ReceivedPackage) -> None:
        """Raises `ConcurrencyError` when the same application was taken in meanwhile."""
        ...

    async def of_application(self, application_id: str) -> ReceivedPackage | None: ...
    async def journal(self, after: str | None, limit: int) -> list[ReceivedPackage]: ...


class CenterUnitOfWork(UnitOfWork, Protocol):
    @property
    def packages(self) -> PackageRepository: ...

    async def next_sequence(self, year: int) -> int: ...


PACKAGE_CODEC = Codec(ReceivedPackage, lambda p: {})


class MongoPackageRepository(MongoAggregates[ReceivedPackage]):
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        super().__init__(uow, PACKAGES, PACKAGE_CODEC)

    def _duplicate(self, exc: DuplicateKeyError) -> Exception:
        return ConcurrencyError()

    async def of_application(self, application_id: str) -> ReceivedPackage | None:
        return await self._one({"application_id": application_id})

    async def journal(self, after: str | None, limit: int) -> list[ReceivedPackage]:
        return await self._page({}, after, limit)


class MongoCenterUnitOfWork(AggregateUnitOfWork):
    packages: MongoPackageRepository

    def open_repositories(self) -> None:
        self.packages = MongoPackageRepository(self)
        self._counters = self.base.collection(COUNTERS)

    async def next_sequence(self, year: int) -> int:
        counter: dict[str, Any] | None = await self._counters.find_one_and_update(
            {"_id": f"intake-{year}"},
            {"$inc": {"last": 1}},
            upsert=True,
            return_document=ReturnDocument.AFTER,
            session=self.base.session,
        )
        assert counter is not None
        return int(counter["last"])


class FakePackageRepository(InMemoryAggregates[ReceivedPackage]):
    async def add(self, package: ReceivedPackage) -> None:
        if any(p.application_id == package.application_id for p in self._committed()):
            raise ConcurrencyError()
        await super().add(package)

    async def of_application(self, application_id: str) -> ReceivedPackage | None:
        found = (p for p in self._committed() if p.application_id == application_id)
        return self._copy(next(found, None))

    async def journal(self, after: str | None, limit: int) -> list[ReceivedPackage]:
        return self._page(lambda p: True, after, limit)


class FakeCenterUnitOfWork(InMemoryUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.store: dict[str, ReceivedPackage] = {}
        self.packages = FakePackageRepository(self, self.store)
        self.counters: dict[int, int] = {}

    def store_committed(self, aggregate: ReceivedPackage) -> None:
        self.store[aggregate.id] = aggregate

    async def next_sequence(self, year: int) -> int:
        self.counters[year] = self.counters.get(year, 0) + 1
        return self.counters[year]


if TYPE_CHECKING:  # both adapters fit the port (mypy checks these two lines)
    _mongo: type[CenterUnitOfWork] = MongoCenterUnitOfWork
    _fake: type[CenterUnitOfWork] = FakeCenterUnitOfWork
