"""Where workers are kept: the port, its Mongo adapter, and the in-memory fake."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from pymongo import ASCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from egisz.registry.domain.errors import WorkerAlreadyRegisteredError
from egisz.registry.domain.model import FullName, Snils, Worker
from egisz.runtime.memory import InMemoryUnitOfWork
from egisz.runtime.mongo import AggregateUnitOfWork, Document, save_versioned
from egisz.runtime.ports import UnitOfWork

WORKERS = "workers"

INDEXES = {
    WORKERS: [IndexModel([("snils", ASCENDING)], unique=True, name="snils_unique")],
}


class WorkerRepository(Protocol):
    async def add(self, worker: Worker) -> None: ...
    async def get(self, worker_id: str) -> Worker | None: ...
    async def get_by_snils(self, snils: str) -> Worker | None: ...


class RegistryUnitOfWork(UnitOfWork, Protocol):
    @property
    def workers(self) -> WorkerRepository: ...


# --- Mongo ----------------------------------------------------------------------------------
def _to_document(w: Worker) -> Document:
    return {
        "_id": w.id,
        "snils": w.snils.digits,
        "last_name": w.name.last,
        "first_name": w.name.first,
        "middle_name": w.name.middle,
        "birth_date": w.birth_date.isoformat(),
        "registered_at": w.registered_at,
        "registered_by_org": w.registered_by_org,
    }


def _from_document(d: Document) -> Worker:
    return Worker(
        id=d["_id"],
        snils=Snils(d["snils"]),
        name=FullName(d["last_name"], d["first_name"], d.get("middle_name")),
        birth_date=date.fromisoformat(d["birth_date"]),
        registered_at=d["registered_at"],
        registered_by_org=d.get("registered_by_org"),
        version=d["version"],
    )


class MongoWorkerRepository:
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        self._uow = uow
        self._collection = uow.base.collection(WORKERS)

    async def add(self, worker: Worker) -> None:
        try:
            worker.version = await save_versioned(
                self._collection,
                _to_document(worker),
                worker.version,
                session=self._uow.base.session,
            )
        except DuplicateKeyError as exc:
            raise WorkerAlreadyRegisteredError() from exc
        self._uow.track(worker)

    async def _find(self, query: dict[str, Any]) -> Worker | None:
        doc = await self._collection.find_one(query, session=self._uow.base.session)
        return _from_document(doc) if doc else None

    async def get(self, worker_id: str) -> Worker | None:
        return await self._find({"_id": worker_id})

    async def get_by_snils(self, snils: str) -> Worker | None:
        return await self._find({"snils": snils})


class MongoRegistryUnitOfWork(AggregateUnitOfWork):
    """Workers, their events in the outbox, one transaction."""

    workers: MongoWorkerRepository

    def open_repositories(self) -> None:
        self.workers = MongoWorkerRepository(self)


# --- in-memory fake -------------------------------------------------------------------------
class FakeWorkerRepository:
    def __init__(self, uow: FakeRegistryUnitOfWork) -> None:
        self._uow = uow

    async def add(self, worker: Worker) -> None:
        if any(w.snils == worker.snils for w in self._uow.store.values()):
            raise WorkerAlreadyRegisteredError()
        worker.version += 1
        self._uow.track(worker)

    async def get(self, worker_id: str) -> Worker | None:
        return self._uow.store.get(worker_id)

    async def get_by_snils(self, snils: str) -> Worker | None:
        return next((w for w in self._uow.store.values() if w.snils.digits == snils), None)


class FakeRegistryUnitOfWork(InMemoryUnitOfWork):
    """Keeps committed workers and published domain events in memory."""

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[str, Worker] = {}
        self.workers = FakeWorkerRepository(self)

    def store_committed(self, aggregate: Worker) -> None:
        self.store[aggregate.id] = aggregate
