"""Where worker records and correction requests are kept: the ports, their Mongo adapters, and
the in-memory fakes run by the same tests.

Every query a user makes has an index in `INDEXES` behind it; `tests/test_indexes.py` proves it
with `explain`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Protocol

from pydantic import TypeAdapter
from pymongo import ASCENDING, IndexModel
from pymongo.errors import BulkWriteError, DuplicateKeyError

from egisz.registry.domain.correction import CorrectionRequest, CorrectionStatus
from egisz.registry.domain.errors import (
    CertificateAlreadyRecordedError,
    WorkerAlreadyRegisteredError,
)
from egisz.registry.domain.model import PersonalData, Worker, name_key, person_key
from egisz.runtime.errors import ConcurrencyError
from egisz.runtime.memory import InMemoryUnitOfWork
from egisz.runtime.mongo import AggregateUnitOfWork, Document, save_versioned
from egisz.runtime.ports import ConsumingUnitOfWork

WORKERS = "workers"
CORRECTIONS = "corrections"

INDEXES = {
    WORKERS: [
        IndexModel([("snils", ASCENDING)], unique=True, name="snils_unique"),
        IndexModel([("person_key", ASCENDING)], name="person_key"),
        IndexModel([("organizations", ASCENDING), ("_id", ASCENDING)], name="staff_pages"),
        IndexModel([("name_key", ASCENDING), ("_id", ASCENDING)], name="public_name_search"),
        # Absent (not empty) when a worker has no certificates, so the unique index skips them.
        IndexModel(
            [("certificate_keys", ASCENDING)], unique=True, sparse=True, name="certificate_unique"
        ),
    ],
    CORRECTIONS: [
        IndexModel(
            [("organization_oid", ASCENDING), ("status", ASCENDING), ("_id", ASCENDING)],
            name="by_organization",
        ),
        IndexModel([("worker_id", ASCENDING), ("_id", ASCENDING)], name="by_worker"),
    ],
}


class Queries:
    """Every filter the Mongo adapters send, so `tests/test_indexes.py` can `explain` each one."""

    @staticmethod
    def by_snils(snils: str) -> dict[str, Any]:
        return {"snils": snils}

    @staticmethod
    def by_person(personal: PersonalData) -> dict[str, Any]:
        return {"person_key": person_key(personal)}

    @staticmethod
    def by_many_snils(snils: list[str]) -> dict[str, Any]:
        return {"snils": {"$in": snils}}

    @staticmethod
    def by_person_keys(keys: list[str]) -> dict[str, Any]:
        return {"person_key": {"$in": keys}}

    @staticmethod
    def certificate(key: str) -> dict[str, Any]:
        return {"certificate_keys": key}

    @staticmethod
    def staff(org: str) -> dict[str, Any]:
        return {"organizations": org}

    @staticmethod
    def by_name(last: str, first: str) -> dict[str, Any]:
        return {"name_key": name_key(last, first)}

    @staticmethod
    def corrections(
        organization_oid: str | None, worker_id: str | None, status: CorrectionStatus | None
    ) -> dict[str, Any]:
        query: dict[str, Any] = {}
        if organization_oid is not None:
            query["organization_oid"] = organization_oid
        if worker_id is not None:
            query["worker_id"] = worker_id
        if status is not None:
            query["status"] = status.value
        return query


def after_id(query: dict[str, Any], after: str | None) -> dict[str, Any]:
    """Keyset paging: pages sorted by `_id`, the next one starts after the last id seen."""
    return {**query, "_id": {"$gt": after}} if after else query


class WorkerRepository(Protocol):
    async def add(self, worker: Worker) -> None: ...
    async def save(self, worker: Worker) -> None: ...
    async def remove(self, worker: Worker) -> None: ...
    async def get(self, worker_id: str) -> Worker | None: ...
    async def get_by_snils(self, snils: str) -> Worker | None: ...
    async def get_many_by_snils(self, snils: list[str]) -> list[Worker]: ...
    async def add_many(self, workers: list[Worker]) -> None: ...
    async def ids_of_person(self, personal: PersonalData) -> list[str]: ...
    async def ids_by_person_keys(self, keys: list[str]) -> dict[str, list[str]]: ...
    async def certificate_holder(self, key: str) -> str | None: ...
    async def staff_page(self, org: str, after: str | None, limit: int) -> list[Worker]: ...
    async def by_name(
        self, last: str, first: str, middle: str | None, limit: int
    ) -> list[Worker]: ...


class CorrectionRepository(Protocol):
    async def add(self, request: CorrectionRequest) -> None: ...
    async def save(self, request: CorrectionRequest) -> None: ...
    async def get(self, correction_id: str) -> CorrectionRequest | None: ...
    async def page(
        self,
        *,
        organization_oid: str | None,
        worker_id: str | None,
        status: CorrectionStatus | None,
        after: str | None,
        limit: int,
    ) -> list[CorrectionRequest]: ...


class RegistryUnitOfWork(ConsumingUnitOfWork, Protocol):
    @property
    def workers(self) -> WorkerRepository: ...

    @property
    def corrections(self) -> CorrectionRepository: ...


# --- Mongo ----------------------------------------------------------------------------------
_WORKER = TypeAdapter(Worker)
_CORRECTION = TypeAdapter(CorrectionRequest)
_NOT_STORED = {"events", "version", "id"}


def worker_document(w: Worker) -> Document:
    doc: Document = {
        "_id": w.id,
        **_WORKER.dump_python(w, mode="json", exclude=_NOT_STORED),
        "registered_at": w.registered_at,
        "person_key": person_key(w.personal),
        "name_key": name_key(w.name.last, w.name.first),
        "organizations": w.organizations,
    }
    if w.certificates:
        doc["certificate_keys"] = [c.key for c in w.certificates]
    return doc


def worker_from_document(d: Document) -> Worker:
    fields = {k: v for k, v in d.items() if k in Worker.__dataclass_fields__}
    return _WORKER.validate_python({**fields, "id": d["_id"], "version": d["version"]})


def correction_document(c: CorrectionRequest) -> Document:
    return {
        "_id": c.id,
        **_CORRECTION.dump_python(c, mode="python", exclude=_NOT_STORED),
        "status": c.status.value,
    }


def correction_from_document(d: Document) -> CorrectionRequest:
    fields = {k: v for k, v in d.items() if k in CorrectionRequest.__dataclass_fields__}
    return _CORRECTION.validate_python({**fields, "id": d["_id"], "version": d["version"]})


class MongoWorkerRepository:
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        self._uow = uow
        self._session = uow.base.session
        self._collection = uow.base.collection(WORKERS)

    async def _save(self, worker: Worker, expected: int) -> None:
        try:
            worker.version = await save_versioned(
                self._collection, worker_document(worker), expected, session=self._session
            )
        except DuplicateKeyError as exc:
            if "certificate" in str(exc):
                raise CertificateAlreadyRecordedError() from exc
            raise WorkerAlreadyRegisteredError() from exc
        self._uow.track(worker)

    async def add(self, worker: Worker) -> None:
        await self._save(worker, 0)

    async def save(self, worker: Worker) -> None:
        await self._save(worker, worker.version)

    async def remove(self, worker: Worker) -> None:
        result = await self._collection.delete_one(
            {"_id": worker.id, "version": worker.version}, session=self._session
        )
        if result.deleted_count == 0:
            raise ConcurrencyError()
        self._uow.track(worker)

    async def _find(self, query: dict[str, Any]) -> Worker | None:
        doc = await self._collection.find_one(query, session=self._session)
        return worker_from_document(doc) if doc else None

    async def get(self, worker_id: str) -> Worker | None:
        return await self._find({"_id": worker_id})

    async def get_by_snils(self, snils: str) -> Worker | None:
        return await self._find(Queries.by_snils(snils))

    async def get_many_by_snils(self, snils: list[str]) -> list[Worker]:
        cursor = self._collection.find(Queries.by_many_snils(snils), session=self._session)
        return [worker_from_document(d) async for d in cursor]

    async def add_many(self, workers: list[Worker]) -> None:
        if not workers:
            return
        try:
            await self._collection.insert_many(
                [{**worker_document(w), "version": 1} for w in workers], session=self._session
            )
        except BulkWriteError as exc:
            if "certificate" in str(exc.details):
                raise CertificateAlreadyRecordedError() from exc
            raise WorkerAlreadyRegisteredError() from exc
        for w in workers:
            w.version = 1
            self._uow.track(w)

    async def ids_of_person(self, personal: PersonalData) -> list[str]:
        cursor = self._collection.find(
            Queries.by_person(personal), {"_id": 1}, session=self._session
        )
        return [d["_id"] async for d in cursor]

    async def ids_by_person_keys(self, keys: list[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        cursor = self._collection.find(
            Queries.by_person_keys(keys), {"_id": 1, "person_key": 1}, session=self._session
        )
        async for d in cursor:
            found.setdefault(d["person_key"], []).append(d["_id"])
        return found

    async def certificate_holder(self, key: str) -> str | None:
        doc = await self._collection.find_one(
            Queries.certificate(key), {"_id": 1}, session=self._session
        )
        return doc["_id"] if doc else None

    async def _list(self, query: dict[str, Any], after: str | None, limit: int) -> list[Worker]:
        cursor = (
            self._collection.find(after_id(query, after), session=self._session)
            .sort("_id", 1)
            .limit(limit)
        )
        return [worker_from_document(d) async for d in cursor]

    async def staff_page(self, org: str, after: str | None, limit: int) -> list[Worker]:
        return await self._list(Queries.staff(org), after, limit)

    async def by_name(self, last: str, first: str, middle: str | None, limit: int) -> list[Worker]:
        found = await self._list(Queries.by_name(last, first), None, limit * 4)
        return [w for w in found if _middle_matches(w, middle)][:limit]


def _middle_matches(w: Worker, middle: str | None) -> bool:
    return middle is None or name_key(w.name.middle or "", "") == name_key(middle, "")


class MongoCorrectionRepository:
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        self._uow = uow
        self._session = uow.base.session
        self._collection = uow.base.collection(CORRECTIONS)

    async def add(self, request: CorrectionRequest) -> None:
        request.version = await save_versioned(
            self._collection, correction_document(request), 0, session=self._session
        )
        self._uow.track(request)

    async def save(self, request: CorrectionRequest) -> None:
        request.version = await save_versioned(
            self._collection, correction_document(request), request.version, session=self._session
        )
        self._uow.track(request)

    async def get(self, correction_id: str) -> CorrectionRequest | None:
        doc = await self._collection.find_one({"_id": correction_id}, session=self._session)
        return correction_from_document(doc) if doc else None

    async def page(
        self,
        *,
        organization_oid: str | None,
        worker_id: str | None,
        status: CorrectionStatus | None,
        after: str | None,
        limit: int,
    ) -> list[CorrectionRequest]:
        query = after_id(Queries.corrections(organization_oid, worker_id, status), after)
        cursor = self._collection.find(query, session=self._session).sort("_id", 1).limit(limit)
        return [correction_from_document(d) async for d in cursor]


class MongoRegistryUnitOfWork(AggregateUnitOfWork):
    """Workers, correction requests and their events in the outbox, one transaction."""

    workers: MongoWorkerRepository
    corrections: MongoCorrectionRepository

    def open_repositories(self) -> None:
        self.workers = MongoWorkerRepository(self)
        self.corrections = MongoCorrectionRepository(self)


# --- in-memory fake -------------------------------------------------------------------------
class FakeWorkerRepository:
    def __init__(self, uow: FakeRegistryUnitOfWork) -> None:
        self._uow = uow

    def _committed(self) -> list[Worker]:
        return sorted(self._uow.store.values(), key=lambda w: w.id)

    async def add(self, worker: Worker) -> None:
        if any(w.snils == worker.snils for w in self._committed()):
            raise WorkerAlreadyRegisteredError()
        await self.save(worker)

    async def save(self, worker: Worker) -> None:
        keys = {c.key for c in worker.certificates}
        if any(
            keys & {c.key for c in w.certificates} for w in self._committed() if w.id != worker.id
        ):
            raise CertificateAlreadyRecordedError()
        worker.version += 1
        self._uow.track(worker)

    async def remove(self, worker: Worker) -> None:
        self._uow.removed.add(worker.id)
        self._uow.track(worker)

    async def get(self, worker_id: str) -> Worker | None:
        return _copy(self._uow.store.get(worker_id))

    async def get_by_snils(self, snils: str) -> Worker | None:
        return _copy(next((w for w in self._committed() if w.snils == snils), None))

    async def get_many_by_snils(self, snils: list[str]) -> list[Worker]:
        return [_copy(w) for w in self._committed() if w.snils in snils]  # type: ignore[misc]

    async def add_many(self, workers: list[Worker]) -> None:
        for worker in workers:
            await self.add(worker)

    async def ids_of_person(self, personal: PersonalData) -> list[str]:
        return [w.id for w in self._committed() if person_key(w.personal) == person_key(personal)]

    async def ids_by_person_keys(self, keys: list[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for w in self._committed():
            if (key := person_key(w.personal)) in keys:
                found.setdefault(key, []).append(w.id)
        return found

    async def certificate_holder(self, key: str) -> str | None:
        return next(
            (w.id for w in self._committed() if key in {c.key for c in w.certificates}), None
        )

    async def staff_page(self, org: str, after: str | None, limit: int) -> list[Worker]:
        found = [w for w in self._committed() if org in w.organizations and w.id > (after or "")]
        return [_copy(w) for w in found[:limit]]  # type: ignore[misc]

    async def by_name(self, last: str, first: str, middle: str | None, limit: int) -> list[Worker]:
        key = name_key(last, first)
        found = [
            w
            for w in self._committed()
            if name_key(w.name.last, w.name.first) == key and _middle_matches(w, middle)
        ]
        return found[:limit]


class FakeCorrectionRepository:
    def __init__(self, uow: FakeRegistryUnitOfWork) -> None:
        self._uow = uow

    async def add(self, request: CorrectionRequest) -> None:
        await self.save(request)

    async def save(self, request: CorrectionRequest) -> None:
        request.version += 1
        self._uow.track(request)

    async def get(self, correction_id: str) -> CorrectionRequest | None:
        return self._uow.corrections_store.get(correction_id)

    async def page(
        self,
        *,
        organization_oid: str | None,
        worker_id: str | None,
        status: CorrectionStatus | None,
        after: str | None,
        limit: int,
    ) -> list[CorrectionRequest]:
        found = [
            c
            for c in sorted(self._uow.corrections_store.values(), key=lambda c: c.id)
            if organization_oid in (None, c.organization_oid)
            and worker_id in (None, c.worker_id)
            and status in (None, c.status)
            and c.id > (after or "")
        ]
        return found[:limit]


def _copy(worker: Worker | None) -> Worker | None:
    """A loaded aggregate is the caller's own, as it would be from Mongo."""
    if worker is None:
        return None
    return replace(
        worker,
        education=list(worker.education),
        certificates=list(worker.certificates),
        accreditations=list(worker.accreditations),
        categories=list(worker.categories),
        employments=list(worker.employments),
        events=[],
    )


class FakeRegistryUnitOfWork(InMemoryUnitOfWork):
    """Keeps committed records and published domain events in memory."""

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[str, Worker] = {}
        self.corrections_store: dict[str, CorrectionRequest] = {}
        self.removed: set[str] = set()
        self.workers = FakeWorkerRepository(self)
        self.corrections = FakeCorrectionRepository(self)

    def store_committed(self, aggregate: Worker | CorrectionRequest) -> None:
        if isinstance(aggregate, CorrectionRequest):
            self.corrections_store[aggregate.id] = aggregate
        elif aggregate.id in self.removed:
            self.store.pop(aggregate.id, None)
        else:
            self.store[aggregate.id] = aggregate
