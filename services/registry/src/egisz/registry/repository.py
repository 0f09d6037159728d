"""Where worker records and correction requests are kept: the ports, their Mongo adapters, and
the in-memory fakes run by the same tests.

Every query a user makes has an index in `INDEXES` behind it; `tests/test_indexes.py` proves it
with `explain`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Protocol

from gridfs import AsyncGridFSBucket
from pydantic import TypeAdapter
from pymongo import ASCENDING, IndexModel, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from egisz.registry.domain.correction import CorrectionRequest, CorrectionStatus
from egisz.registry.domain.errors import (
    CertificateAlreadyRecordedError,
    EmailTakenError,
    OrganizationAlreadyRegisteredError,
    WorkerAlreadyRegisteredError,
)
from egisz.registry.domain.model import PersonalData, Worker, name_key, person_key
from egisz.registry.domain.organization import (
    Organization,
    RegistrationRequest,
    RequestStatus,
    ResponsibleEmployee,
)
from egisz.runtime.clock import utcnow
from egisz.runtime.errors import ConcurrencyError
from egisz.runtime.memory import InMemoryUnitOfWork
from egisz.runtime.mongo import AggregateUnitOfWork, Document, save_versioned
from egisz.runtime.ports import ConsumingUnitOfWork

WORKERS = "workers"
CORRECTIONS = "corrections"
REQUESTS = "registration_requests"
ORGANIZATIONS = "organizations"
ACCESS_GRANTS = "access_grants"
COUNTERS = "counters"

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
    REQUESTS: [
        IndexModel([("status", ASCENDING), ("_id", ASCENDING)], name="queue"),
        IndexModel([("inn", ASCENDING), ("open", ASCENDING)], name="open_by_inn"),
    ],
    ORGANIZATIONS: [IndexModel([("requisites.inn", ASCENDING)], unique=True, name="inn_unique")],
    ACCESS_GRANTS: [IndexModel([("email", ASCENDING)], unique=True, name="email_unique")],
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
    def open_request(inn: str) -> dict[str, Any]:
        return {"inn": inn, "open": True}

    @staticmethod
    def request_queue(status: RequestStatus | None) -> dict[str, Any]:
        return {"status": status.value} if status else {}

    @staticmethod
    def organization_by_inn(inn: str) -> dict[str, Any]:
        return {"requisites.inn": inn}

    @staticmethod
    def grant_by_email(email: str) -> dict[str, Any]:
        return {"email": email}

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


class RequestRepository(Protocol):
    async def add(self, request: RegistrationRequest) -> None: ...
    async def save(self, request: RegistrationRequest) -> None: ...
    async def get(self, request_id: str) -> RegistrationRequest | None: ...
    async def open_with_inn(self, inn: str) -> RegistrationRequest | None: ...
    async def page(
        self, status: RequestStatus | None, after: str | None, limit: int
    ) -> list[RegistrationRequest]: ...


class OrganizationRepository(Protocol):
    async def add(self, organization: Organization) -> None: ...
    async def save(self, organization: Organization) -> None: ...
    async def get(self, oid: str) -> Organization | None: ...
    async def get_by_inn(self, inn: str) -> Organization | None: ...
    async def next_number(self, region: str) -> int: ...
    async def email_holder(self, email: str) -> str | None: ...
    async def grant_access(self, oid: str, employees: list[ResponsibleEmployee]) -> None: ...


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

    @property
    def requests(self) -> RequestRepository: ...

    @property
    def organizations(self) -> OrganizationRepository: ...


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


_REQUEST = TypeAdapter(RegistrationRequest)
_ORGANIZATION = TypeAdapter(Organization)
_OPEN = {s.value for s in RequestStatus} - {RequestStatus.APPROVED, RequestStatus.REJECTED}


def request_document(r: RegistrationRequest) -> Document:
    return {
        "_id": r.id,
        **_REQUEST.dump_python(r, mode="json", exclude=_NOT_STORED),
        "created_at": r.created_at,
        "inn": r.application.requisites.inn,
        "open": r.status.value in _OPEN,
    }


def request_from_document(d: Document) -> RegistrationRequest:
    fields = {k: v for k, v in d.items() if k in RegistrationRequest.__dataclass_fields__}
    return _REQUEST.validate_python({**fields, "id": d["_id"], "version": d["version"]})


def organization_document(o: Organization) -> Document:
    return {
        "_id": o.oid,
        **_ORGANIZATION.dump_python(o, mode="json", exclude={"events", "version"}),
        "registered_at": o.registered_at,
    }


def organization_from_document(d: Document) -> Organization:
    fields = {k: v for k, v in d.items() if k in Organization.__dataclass_fields__}
    return _ORGANIZATION.validate_python({**fields, "version": d["version"]})


class MongoRequestRepository:
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        self._uow = uow
        self._session = uow.base.session
        self._collection = uow.base.collection(REQUESTS)

    async def add(self, request: RegistrationRequest) -> None:
        await self._save(request, 0)

    async def save(self, request: RegistrationRequest) -> None:
        await self._save(request, request.version)

    async def _save(self, request: RegistrationRequest, expected: int) -> None:
        request.version = await save_versioned(
            self._collection, request_document(request), expected, session=self._session
        )
        self._uow.track(request)

    async def get(self, request_id: str) -> RegistrationRequest | None:
        doc = await self._collection.find_one({"_id": request_id}, session=self._session)
        return request_from_document(doc) if doc else None

    async def open_with_inn(self, inn: str) -> RegistrationRequest | None:
        doc = await self._collection.find_one(Queries.open_request(inn), session=self._session)
        return request_from_document(doc) if doc else None

    async def page(
        self, status: RequestStatus | None, after: str | None, limit: int
    ) -> list[RegistrationRequest]:
        query = after_id(Queries.request_queue(status), after)
        cursor = self._collection.find(query, session=self._session).sort("_id", 1).limit(limit)
        return [request_from_document(d) async for d in cursor]


class MongoOrganizationRepository:
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        self._uow = uow
        self._session = uow.base.session
        self._collection = uow.base.collection(ORGANIZATIONS)
        self._grants = uow.base.collection(ACCESS_GRANTS)
        self._counters = uow.base.collection(COUNTERS)

    async def add(self, organization: Organization) -> None:
        await self._save(organization, 0)

    async def save(self, organization: Organization) -> None:
        await self._save(organization, organization.version)

    async def _save(self, organization: Organization, expected: int) -> None:
        try:
            organization.version = await save_versioned(
                self._collection,
                organization_document(organization),
                expected,
                session=self._session,
            )
        except DuplicateKeyError as exc:
            raise OrganizationAlreadyRegisteredError() from exc
        self._uow.track(organization)

    async def get(self, oid: str) -> Organization | None:
        doc = await self._collection.find_one({"_id": oid}, session=self._session)
        return organization_from_document(doc) if doc else None

    async def get_by_inn(self, inn: str) -> Organization | None:
        doc = await self._collection.find_one(
            Queries.organization_by_inn(inn), session=self._session
        )
        return organization_from_document(doc) if doc else None

    async def next_number(self, region: str) -> int:
        doc = await self._counters.find_one_and_update(
            {"_id": f"organization_oid|{region}"},
            {"$inc": {"value": 1}},
            upsert=True,
            return_document=ReturnDocument.AFTER,
            session=self._session,
        )
        assert doc is not None  # upserted
        return int(doc["value"])

    async def email_holder(self, email: str) -> str | None:
        doc = await self._grants.find_one(Queries.grant_by_email(email), session=self._session)
        return doc["snils"] if doc else None

    async def grant_access(self, oid: str, employees: list[ResponsibleEmployee]) -> None:
        for e in employees:
            try:
                await self._grants.update_one(
                    Queries.grant_by_email(e.email),
                    {
                        "$setOnInsert": {"snils": e.snils, "_id": f"{e.snils}|{e.email}"},
                        "$addToSet": {"organizations": oid},
                        "$set": {"name": [e.name.last, e.name.first, e.name.middle]},
                    },
                    upsert=True,
                    session=self._session,
                )
            except DuplicateKeyError as exc:
                raise EmailTakenError() from exc


class MongoRegistryUnitOfWork(AggregateUnitOfWork):
    """Workers, corrections, FRMO requests and organizations, and their events in the outbox:
    one transaction."""

    workers: MongoWorkerRepository
    corrections: MongoCorrectionRepository
    requests: MongoRequestRepository
    organizations: MongoOrganizationRepository

    def open_repositories(self) -> None:
        self.workers = MongoWorkerRepository(self)
        self.corrections = MongoCorrectionRepository(self)
        self.requests = MongoRequestRepository(self)
        self.organizations = MongoOrganizationRepository(self)


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


class FakeRequestRepository:
    def __init__(self, uow: FakeRegistryUnitOfWork) -> None:
        self._uow = uow

    async def add(self, request: RegistrationRequest) -> None:
        await self.save(request)

    async def save(self, request: RegistrationRequest) -> None:
        request.version += 1
        self._uow.track(request)

    async def get(self, request_id: str) -> RegistrationRequest | None:
        return self._uow.requests_store.get(request_id)

    async def open_with_inn(self, inn: str) -> RegistrationRequest | None:
        return next(
            (
                r
                for r in self._uow.requests_store.values()
                if r.application.requisites.inn == inn and r.status.value in _OPEN
            ),
            None,
        )

    async def page(
        self, status: RequestStatus | None, after: str | None, limit: int
    ) -> list[RegistrationRequest]:
        found = [
            r
            for r in sorted(self._uow.requests_store.values(), key=lambda r: r.id)
            if status in (None, r.status) and r.id > (after or "")
        ]
        return found[:limit]


class FakeOrganizationRepository:
    def __init__(self, uow: FakeRegistryUnitOfWork) -> None:
        self._uow = uow
        self.counters: dict[str, int] = {}
        self.grants: dict[str, str] = {}

    async def add(self, organization: Organization) -> None:
        if await self.get_by_inn(organization.requisites.inn):
            raise OrganizationAlreadyRegisteredError()
        await self.save(organization)

    async def save(self, organization: Organization) -> None:
        organization.version += 1
        self._uow.track(organization)

    async def get(self, oid: str) -> Organization | None:
        return self._uow.organizations_store.get(oid)

    async def get_by_inn(self, inn: str) -> Organization | None:
        return next(
            (o for o in self._uow.organizations_store.values() if o.requisites.inn == inn), None
        )

    async def next_number(self, region: str) -> int:
        self.counters[region] = self.counters.get(region, 0) + 1
        return self.counters[region]

    async def email_holder(self, email: str) -> str | None:
        return self.grants.get(email)

    async def grant_access(self, oid: str, employees: list[ResponsibleEmployee]) -> None:
        for e in employees:
            if self.grants.setdefault(e.email, e.snils) != e.snils:
                raise EmailTakenError()


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
        self.requests_store: dict[str, RegistrationRequest] = {}
        self.organizations_store: dict[str, Organization] = {}
        self.removed: set[str] = set()
        self.workers = FakeWorkerRepository(self)
        self.corrections = FakeCorrectionRepository(self)
        self.requests = FakeRequestRepository(self)
        self.organizations = FakeOrganizationRepository(self)

    def store_committed(self, aggregate: Any) -> None:
        if isinstance(aggregate, CorrectionRequest):
            self.corrections_store[aggregate.id] = aggregate
        elif isinstance(aggregate, RegistrationRequest):
            self.requests_store[aggregate.id] = aggregate
        elif isinstance(aggregate, Organization):
            self.organizations_store[aggregate.oid] = aggregate
        elif aggregate.id in self.removed:
            self.store.pop(aggregate.id, None)
        else:
            self.store[aggregate.id] = aggregate


# --- stored files (scans) -------------------------------------------------------------------
UPLOADS = "uploads"
UPLOAD_PARTS = "upload_parts"
SCANS_BUCKET = "scans"
INDEXES[UPLOAD_PARTS] = [IndexModel([("upload_id", ASCENDING), ("part", ASCENDING)], name="parts")]


@dataclass(frozen=True)
class FileInfo:
    file_id: str
    owner: str
    filename: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Upload:
    upload_id: str
    owner: str
    filename: str
    next_part: int
    received: int


class FileStore(Protocol):
    """Files kept beside the records: uploads arrive in parts, then become one stored file."""

    async def upload(self, upload_id: str) -> Upload | None: ...
    async def add_part(self, upload: Upload, data: bytes) -> Upload: ...
    async def parts(self, upload_id: str) -> bytes: ...
    async def store(self, info: FileInfo, content: bytes) -> None: ...
    async def discard(self, upload_id: str) -> None: ...
    async def info(self, file_id: str) -> FileInfo | None: ...
    async def read(self, file_id: str, offset: int, size: int) -> bytes: ...


class GridFsFileStore:
    """Parts in a collection while an upload is open; finished files in a GridFS bucket."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._uploads = db[UPLOADS]
        self._parts = db[UPLOAD_PARTS]
        self._bucket = AsyncGridFSBucket(db, bucket_name=SCANS_BUCKET)
        self._files = db[f"{SCANS_BUCKET}.files"]

    async def upload(self, upload_id: str) -> Upload | None:
        doc = await self._uploads.find_one({"_id": upload_id})
        if doc is None:
            return None
        return Upload(upload_id, doc["owner"], doc["filename"], doc["next_part"], doc["received"])

    async def add_part(self, upload: Upload, data: bytes) -> Upload:
        part = upload.next_part
        # Idempotent per part: a resent part overwrites itself; the counter moves only once.
        await self._parts.replace_one(
            {"_id": f"{upload.upload_id}|{part}"},
            {"upload_id": upload.upload_id, "part": part, "data": data},
            upsert=True,
        )
        result = await self._uploads.find_one_and_update(
            {"_id": upload.upload_id, "next_part": part},
            {
                "$set": {"owner": upload.owner, "filename": upload.filename, "at": utcnow()},
                "$inc": {"next_part": 1, "received": len(data)},
            },
            upsert=part == 0,
            return_document=ReturnDocument.AFTER,
        )
        if result is None:
            raise ConcurrencyError()
        return Upload(
            upload.upload_id, upload.owner, upload.filename, result["next_part"], result["received"]
        )

    async def parts(self, upload_id: str) -> bytes:
        cursor = self._parts.find({"upload_id": upload_id}).sort("part", 1)
        return b"".join([bytes(d["data"]) async for d in cursor])

    async def store(self, info: FileInfo, content: bytes) -> None:
        if await self._files.find_one({"_id": info.file_id}) is not None:
            return  # stored by an earlier attempt
        await self._bucket.upload_from_stream_with_id(
            info.file_id,
            info.filename,
            content,
            metadata={
                "owner": info.owner,
                "content_type": info.content_type,
                "sha256": info.sha256,
            },
        )

    async def discard(self, upload_id: str) -> None:
        await self._parts.delete_many({"upload_id": upload_id})
        await self._uploads.delete_one({"_id": upload_id})

    async def info(self, file_id: str) -> FileInfo | None:
        doc = await self._files.find_one({"_id": file_id})
        if doc is None:
            return None
        meta = doc.get("metadata") or {}
        return FileInfo(
            file_id,
            meta.get("owner", ""),
            doc["filename"],
            meta.get("content_type", ""),
            int(doc["length"]),
            meta.get("sha256", ""),
        )

    async def read(self, file_id: str, offset: int, size: int) -> bytes:
        stream = await self._bucket.open_download_stream(file_id)
        try:
            await stream.seek(offset)
            return await stream.read(size)
        finally:
            await stream.close()


class FakeFileStore:
    def __init__(self) -> None:
        self.uploads: dict[str, Upload] = {}
        self.chunks: dict[str, list[bytes]] = {}
        self.files: dict[str, tuple[FileInfo, bytes]] = {}

    async def upload(self, upload_id: str) -> Upload | None:
        return self.uploads.get(upload_id)

    async def add_part(self, upload: Upload, data: bytes) -> Upload:
        self.chunks.setdefault(upload.upload_id, []).append(data)
        moved = replace(
            upload, next_part=upload.next_part + 1, received=upload.received + len(data)
        )
        self.uploads[upload.upload_id] = moved
        return moved

    async def parts(self, upload_id: str) -> bytes:
        return b"".join(self.chunks.get(upload_id, []))

    async def store(self, info: FileInfo, content: bytes) -> None:
        self.files.setdefault(info.file_id, (info, content))

    async def discard(self, upload_id: str) -> None:
        self.uploads.pop(upload_id, None)
        self.chunks.pop(upload_id, None)

    async def info(self, file_id: str) -> FileInfo | None:
        found = self.files.get(file_id)
        return found[0] if found else None

    async def read(self, file_id: str, offset: int, size: int) -> bytes:
        return self.files[file_id][1][offset : offset + size]
