"""The reporting service's Mongo state beside its facts: the register of authorities and the
organizations' access holders. The port, its Mongo adapter and the in-memory fake."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from pymongo import ASCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from egisz.kernel.snils import normalize_snils
from egisz.reporting.domain.authorities import Authority
from egisz.reporting.domain.errors import AuthorityExistsError
from egisz.reporting.domain.grants import OrganizationAccess
from egisz.runtime.aggregates import Codec, MongoAggregates
from egisz.runtime.memory import InMemoryAggregates, InMemoryUnitOfWork
from egisz.runtime.mongo import AggregateUnitOfWork
from egisz.runtime.ports import UnitOfWork

AUTHORITIES = "authorities"
ACCESS = "organization_access"

INDEXES = {AUTHORITIES: [IndexModel([("members", ASCENDING)], name="by_member")]}


class AuthorityRepository(Protocol):
    async def add(self, authority: Authority) -> None:
        """Raises `AuthorityExistsError` for an id already registered."""
        ...

    async def save(self, authority: Authority) -> None: ...
    async def get(self, key: str) -> Authority | None: ...
    async def of_member(self, snils: str) -> Authority | None: ...
    async def all(self) -> list[Authority]: ...


class AccessRepository(Protocol):
    async def add(self, access: OrganizationAccess) -> None: ...
    async def save(self, access: OrganizationAccess) -> None: ...
    async def get(self, key: str) -> OrganizationAccess | None: ...


class ReportingUnitOfWork(UnitOfWork, Protocol):
    @property
    def authorities(self) -> AuthorityRepository: ...

    @property
    def access(self) -> AccessRepository: ...


AUTHORITY_CODEC = Codec(Authority, lambda a: {})
ACCESS_CODEC = Codec(OrganizationAccess, lambda a: {})
MOST_AUTHORITIES = 1000  # the Ministry and the regions' authorities: a few hundred at most


class MongoAuthorityRepository(MongoAggregates[Authority]):
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        super().__init__(uow, AUTHORITIES, AUTHORITY_CODEC)

    def _duplicate(self, exc: DuplicateKeyError) -> Exception:
        return AuthorityExistsError()

    async def of_member(self, snils: str) -> Authority | None:
        return await self._one({"members": normalize_snils(snils)})

    async def all(self) -> list[Authority]:
        return await self._page({}, None, MOST_AUTHORITIES)


class MongoAccessRepository(MongoAggregates[OrganizationAccess]):
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        super().__init__(uow, ACCESS, ACCESS_CODEC)


class MongoReportingUnitOfWork(AggregateUnitOfWork):
    authorities: MongoAuthorityRepository
    access: MongoAccessRepository

    def open_repositories(self) -> None:
        self.authorities = MongoAuthorityRepository(self)
        self.access = MongoAccessRepository(self)


class FakeAuthorityRepository(InMemoryAggregates[Authority]):
    async def add(self, authority: Authority) -> None:
        if any(a.id == authority.id for a in self._committed()):
            raise AuthorityExistsError()
        await super().add(authority)

    async def of_member(self, snils: str) -> Authority | None:
        found = (a for a in self._committed() if normalize_snils(snils) in a.members)
        return self._copy(next(found, None))

    async def all(self) -> list[Authority]:
        return self._page(lambda a: True, None, MOST_AUTHORITIES)


class FakeReportingUnitOfWork(InMemoryUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.authority_store: dict[str, Authority] = {}
        self.access_store: dict[str, OrganizationAccess] = {}
        self.authorities = FakeAuthorityRepository(self, self.authority_store)
        self.access = InMemoryAggregates[OrganizationAccess](self, self.access_store)

    def store_committed(self, aggregate: Authority | OrganizationAccess) -> None:
        if isinstance(aggregate, Authority):
            self.authority_store[aggregate.id] = aggregate
        else:
            self.access_store[aggregate.id] = aggregate


if TYPE_CHECKING:  # both adapters fit the port (mypy checks these two lines)
    _mongo: type[ReportingUnitOfWork] = MongoReportingUnitOfWork
    _fake: type[ReportingUnitOfWork] = FakeReportingUnitOfWork
