"""The registry's unit of work: every context's repositories and their events in one transaction
— the port, the Mongo adapter and the in-memory fake. The layout (collections, indexes,
queries) is in `storage.py`; each context's repositories in its own `repository.py`.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from egisz.registry.directory.repository import (
    DirectoryData,
    DirectoryStore,
    FakeDirectoryStore,
    MongoDirectoryStore,
)
from egisz.registry.domain.identity_check import IdentityMiss
from egisz.registry.frmo.domain.access import AccessRequest
from egisz.registry.frmo.domain.organization import Organization, RegistrationRequest
from egisz.registry.frmo.repository import (
    AccessRequestRepository,
    FakeAccessRequestRepository,
    FakeOrganizationRepository,
    FakeRequestRepository,
    FakeTrustedCaStore,
    MongoAccessRequestRepository,
    MongoOrganizationRepository,
    MongoRequestRepository,
    MongoTrustedCaStore,
    OrganizationRepository,
    RequestRepository,
    TrustedCaStore,
)
from egisz.registry.frmr.domain.correction import CorrectionRequest
from egisz.registry.frmr.domain.model import Worker
from egisz.registry.frmr.repository import (
    CorrectionRepository,
    FakeCorrectionRepository,
    FakeWorkerRepository,
    MongoCorrectionRepository,
    MongoWorkerRepository,
    WorkerRepository,
)
from egisz.registry.learners.domain.learner import Learner
from egisz.registry.learners.repository import (
    FakeLearnerRepository,
    LearnerRepository,
    MongoLearnerRepository,
)
from egisz.registry.nsi.domain.dictionary import Dictionary
from egisz.registry.nsi.repository import (
    DictionaryRepository,
    EntryStore,
    FakeDictionaryRepository,
    FakeEntryStore,
    MongoDictionaryRepository,
    MongoEntryStore,
)
from egisz.registry.staffing.domain.staffing import StaffingTable
from egisz.registry.staffing.repository import (
    FakeStaffingRepository,
    MongoStaffingRepository,
    StaffingRepository,
)
from egisz.registry.storage import IDENTITY_MISSES, Queries
from egisz.registry.support.domain.ticket import Ticket
from egisz.registry.support.repository import (
    FakeTicketRepository,
    MongoTicketRepository,
    TicketRepository,
)
from egisz.runtime.memory import InMemoryUnitOfWork
from egisz.runtime.mongo import AggregateUnitOfWork
from egisz.runtime.ports import UnitOfWork


class IdentityMissJournal(Protocol):
    """`domain.identity_check`: the misses of each caller. A miss is kept whatever becomes of
    the command that made it (its transaction is rolled back when the command is refused)."""

    async def misses_since(self, caller: str, since: datetime) -> int: ...
    async def record(self, miss: IdentityMiss) -> None: ...


class MongoIdentityMissJournal:
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        self._collection = uow.base.collection(IDENTITY_MISSES)

    async def misses_since(self, caller: str, since: datetime) -> int:
        return await self._collection.count_documents(Queries.misses_of(caller, since))

    async def record(self, miss: IdentityMiss) -> None:
        # Deliberately outside the command's transaction (no session): the refusal rolls that
        # back, and a miss that vanished with it would let guessing go on for free.
        await self._collection.insert_one(asdict(miss))


class FakeIdentityMissJournal:
    def __init__(self) -> None:
        self.misses: list[IdentityMiss] = []

    async def misses_since(self, caller: str, since: datetime) -> int:
        return sum(1 for m in self.misses if m.caller == caller and m.at >= since)

    async def record(self, miss: IdentityMiss) -> None:
        self.misses.append(miss)


class RegistryUnitOfWork(UnitOfWork, Protocol):
    @property
    def workers(self) -> WorkerRepository: ...

    @property
    def corrections(self) -> CorrectionRepository: ...

    @property
    def requests(self) -> RequestRepository: ...

    @property
    def organizations(self) -> OrganizationRepository: ...

    @property
    def access_requests(self) -> AccessRequestRepository: ...

    @property
    def learners(self) -> LearnerRepository: ...

    @property
    def tickets(self) -> TicketRepository: ...

    @property
    def identity_misses(self) -> IdentityMissJournal: ...

    @property
    def dictionaries(self) -> DictionaryRepository: ...

    @property
    def dictionary_entries(self) -> EntryStore: ...

    @property
    def staffing(self) -> StaffingRepository: ...

    @property
    def directory(self) -> DirectoryStore: ...

    @property
    def trusted_cas(self) -> TrustedCaStore: ...


class MongoRegistryUnitOfWork(AggregateUnitOfWork):
    """Workers, corrections, FRMO requests, organizations, learners and tickets, and their events
    in the outbox: one transaction."""

    workers: MongoWorkerRepository
    corrections: MongoCorrectionRepository
    requests: MongoRequestRepository
    organizations: MongoOrganizationRepository
    access_requests: MongoAccessRequestRepository
    learners: MongoLearnerRepository
    tickets: MongoTicketRepository
    identity_misses: MongoIdentityMissJournal
    dictionaries: MongoDictionaryRepository
    dictionary_entries: MongoEntryStore
    staffing: MongoStaffingRepository
    directory: MongoDirectoryStore
    trusted_cas: MongoTrustedCaStore

    def open_repositories(self) -> None:
        self.trusted_cas = MongoTrustedCaStore(self)
        self.directory = MongoDirectoryStore(self)
        self.staffing = MongoStaffingRepository(self)
        self.dictionaries = MongoDictionaryRepository(self)
        self.dictionary_entries = MongoEntryStore(self)
        self.identity_misses = MongoIdentityMissJournal(self)
        self.access_requests = MongoAccessRequestRepository(self)
        self.workers = MongoWorkerRepository(self)
        self.corrections = MongoCorrectionRepository(self)
        self.requests = MongoRequestRepository(self)
        self.organizations = MongoOrganizationRepository(self)
        self.learners = MongoLearnerRepository(self)
        self.tickets = MongoTicketRepository(self)


class FakeRegistryUnitOfWork(InMemoryUnitOfWork):
    """Keeps committed records and published domain events in memory."""

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[str, Worker] = {}
        self.corrections_store: dict[str, CorrectionRequest] = {}
        self.requests_store: dict[str, RegistrationRequest] = {}
        self.organizations_store: dict[str, Organization] = {}
        self.access_requests_store: dict[str, AccessRequest] = {}
        self.access_requests = FakeAccessRequestRepository(self, self.access_requests_store)
        self.workers = FakeWorkerRepository(self, self.store)
        self.corrections = FakeCorrectionRepository(self, self.corrections_store)
        self.requests = FakeRequestRepository(self, self.requests_store)
        self.organizations = FakeOrganizationRepository(self, self.organizations_store)
        self.learners_store: dict[str, Learner] = {}
        self.learners = FakeLearnerRepository(self, self.learners_store)
        self.tickets_store: dict[str, Ticket] = {}
        self.tickets = FakeTicketRepository(self, self.tickets_store)
        self.identity_misses = FakeIdentityMissJournal()
        self.dictionaries_store: dict[str, Dictionary] = {}
        self.dictionaries = FakeDictionaryRepository(self, self.dictionaries_store)
        self.dictionary_entries = FakeEntryStore()
        self.staffing_store: dict[str, StaffingTable] = {}
        self.staffing = FakeStaffingRepository(self, self.staffing_store)
        self.directory_data = DirectoryData()
        self.directory = FakeDirectoryStore(self.directory_data)
        self.trusted_cas = FakeTrustedCaStore()

    def store_committed(self, aggregate: Any) -> None:
        stores: dict[type, dict[str, Any]] = {
            Worker: self.store,
            CorrectionRequest: self.corrections_store,
            RegistrationRequest: self.requests_store,
            Organization: self.organizations_store,
            AccessRequest: self.access_requests_store,
            Learner: self.learners_store,
            Ticket: self.tickets_store,
            Dictionary: self.dictionaries_store,
            StaffingTable: self.staffing_store,
        }
        store = stores[type(aggregate)]
        if aggregate.id in self.removed:
            store.pop(aggregate.id, None)
        else:
            store[aggregate.id] = aggregate


if TYPE_CHECKING:  # both adapters fit the port (mypy checks these two lines)
    _mongo: type[RegistryUnitOfWork] = MongoRegistryUnitOfWork
    _fake: type[RegistryUnitOfWork] = FakeRegistryUnitOfWork
