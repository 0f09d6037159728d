"""Where worker records and correction requests are kept: the ports, their Mongo adapters, and
the in-memory fakes run by the same tests.

Every query a user makes has an index in `INDEXES` behind it; `tests/test_indexes.py` proves it
with `explain`.
"""

from __future__ import annotations

from typing import Any, Protocol

from pymongo import ASCENDING, IndexModel, ReturnDocument
from pymongo.errors import BulkWriteError, DuplicateKeyError, PyMongoError

from egisz.registry.domain.access import AccessRequest, AccessRequestStatus
from egisz.registry.domain.correction import CorrectionRequest, CorrectionStatus
from egisz.registry.domain.errors import (
    CertificateAlreadyRecordedError,
    EmailTakenError,
    OrganizationAlreadyRegisteredError,
    WorkerAlreadyRegisteredError,
)
from egisz.registry.domain.model import FullName, PersonalData, Worker, name_key, person_key
from egisz.registry.domain.organization import (
    Organization,
    RegistrationRequest,
    RequestStatus,
    ResponsibleEmployee,
)
from egisz.runtime.aggregates import Codec, MongoAggregates
from egisz.runtime.errors import ConcurrencyError
from egisz.runtime.files import INDEXES as FILE_INDEXES
from egisz.runtime.memory import InMemoryAggregates, InMemoryUnitOfWork
from egisz.runtime.mongo import AggregateUnitOfWork, Document, violated_index
from egisz.runtime.ports import ConsumingUnitOfWork

WORKERS = "workers"
CORRECTIONS = "corrections"
REQUESTS = "registration_requests"
SCANS_BUCKET = "scans"  # GridFS: scans.files, scans.chunks
ORGANIZATIONS = "organizations"
ACCESS_GRANTS = "access_grants"  # one per person and e-mail: the organizations they act for
ACCESS_REQUESTS = "access_requests"
CERTIFICATE_UNIQUE = "certificate_unique"
COUNTERS = "counters"

INDEXES = {
    WORKERS: [
        IndexModel([("snils", ASCENDING)], unique=True, name="snils_unique"),
        IndexModel([("person_key", ASCENDING)], name="person_key"),
        IndexModel([("organizations", ASCENDING), ("_id", ASCENDING)], name="staff_pages"),
        IndexModel([("name_key", ASCENDING), ("_id", ASCENDING)], name="public_name_search"),
        # Absent (not empty) when a worker has no certificates, so the unique index skips them.
        IndexModel(
            [("certificate_keys", ASCENDING)], unique=True, sparse=True, name=CERTIFICATE_UNIQUE
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
        # One open request per INN, even when two arrive at once.
        IndexModel(
            [("inn", ASCENDING)],
            unique=True,
            partialFilterExpression={"open": True},
            name="one_open_request_per_inn",
        ),
    ],
    ORGANIZATIONS: [IndexModel([("requisites.inn", ASCENDING)], unique=True, name="inn_unique")],
    ACCESS_GRANTS: [
        IndexModel([("email", ASCENDING)], unique=True, name="email_unique"),
        IndexModel([("snils", ASCENDING), ("organizations", ASCENDING)], name="grant_of"),
        IndexModel([("organizations", ASCENDING)], name="holders"),
    ],
    ACCESS_REQUESTS: [IndexModel([("status", ASCENDING), ("_id", ASCENDING)], name="queue")],
    **FILE_INDEXES,
}


def _worker_duplicate(exc: PyMongoError) -> Exception:
    """A unique index of `workers` refused a write: which rule it was, by the index's name."""
    if violated_index(exc) == CERTIFICATE_UNIQUE:
        return CertificateAlreadyRecordedError()
    return WorkerAlreadyRegisteredError()


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
    def grant_of(snils: str, oid: str) -> dict[str, Any]:
        return {"snils": snils, "organizations": oid}

    @staticmethod
    def holders(oid: str) -> dict[str, Any]:
        return {"organizations": oid}

    @staticmethod
    def access_queue(status: str | None) -> dict[str, Any]:
        return {"status": status} if status else {}

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
    async def has_access(self, oid: str, snils: str) -> bool: ...
    async def revoke_access(self, oid: str, snils: str) -> list[str]: ...
    async def access_holders(self, oid: str) -> list[ResponsibleEmployee]: ...


class AccessRequestRepository(Protocol):
    async def add(self, request: AccessRequest) -> None: ...
    async def save(self, request: AccessRequest) -> None: ...
    async def get(self, request_id: str) -> AccessRequest | None: ...
    async def page(
        self, status: AccessRequestStatus | None, after: str | None, limit: int
    ) -> list[AccessRequest]: ...


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

    @property
    def access_requests(self) -> AccessRequestRepository: ...


# --- Mongo ----------------------------------------------------------------------------------
_OPEN = {s.value for s in RequestStatus} - {RequestStatus.APPROVED, RequestStatus.REJECTED}


def _worker_fields(w: Worker) -> Document:
    derived: Document = {
        "registered_at": w.registered_at,
        "person_key": person_key(w.personal),
        "name_key": name_key(w.name.last, w.name.first),
        "organizations": w.organizations,
    }
    if w.certificates:  # absent, not empty: the sparse unique index skips the record
        derived["certificate_keys"] = [c.key for c in w.certificates]
    return derived


WORKER_CODEC = Codec(Worker, _worker_fields)
CORRECTION_CODEC = Codec(CorrectionRequest, lambda c: {"created_at": c.created_at})
REQUEST_CODEC = Codec(
    RegistrationRequest,
    lambda r: {
        "created_at": r.created_at,
        "inn": r.application.requisites.inn,
        "open": r.status.value in _OPEN,
    },
)
ORGANIZATION_CODEC = Codec(Organization, lambda o: {"registered_at": o.registered_at})
ACCESS_REQUEST_CODEC = Codec(AccessRequest, lambda r: {"status": r.status.value})


class MongoWorkerRepository(MongoAggregates[Worker]):
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        super().__init__(uow, WORKERS, WORKER_CODEC)

    def _duplicate(self, exc: DuplicateKeyError) -> Exception:
        return _worker_duplicate(exc)

    async def remove(self, worker: Worker) -> None:
        result = await self._collection.delete_one(
            {"_id": worker.id, "version": worker.version}, session=self._session
        )
        if result.deleted_count == 0:
            raise ConcurrencyError()
        self._uow.track(worker)

    async def get_by_snils(self, snils: str) -> Worker | None:
        return await self._one(Queries.by_snils(snils))

    async def get_many_by_snils(self, snils: list[str]) -> list[Worker]:
        cursor = self._collection.find(Queries.by_many_snils(snils), session=self._session)
        return [self._codec.aggregate(d) async for d in cursor]

    async def add_many(self, workers: list[Worker]) -> None:
        if not workers:
            return
        try:
            await self._collection.insert_many(
                [{**self._codec.document(w), "version": 1} for w in workers],
                session=self._session,
            )
        except BulkWriteError as exc:
            raise _worker_duplicate(exc) from exc
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

    async def staff_page(self, org: str, after: str | None, limit: int) -> list[Worker]:
        return await self._page(Queries.staff(org), after, limit)

    async def by_name(self, last: str, first: str, middle: str | None, limit: int) -> list[Worker]:
        found = await self._page(Queries.by_name(last, first), None, limit * 4)
        return [w for w in found if _middle_matches(w, middle)][:limit]


def _middle_matches(w: Worker, middle: str | None) -> bool:
    return middle is None or name_key(w.name.middle or "", "") == name_key(middle, "")


class MongoCorrectionRepository(MongoAggregates[CorrectionRequest]):
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        super().__init__(uow, CORRECTIONS, CORRECTION_CODEC)

    async def page(
        self,
        *,
        organization_oid: str | None,
        worker_id: str | None,
        status: CorrectionStatus | None,
        after: str | None,
        limit: int,
    ) -> list[CorrectionRequest]:
        return await self._page(
            Queries.corrections(organization_oid, worker_id, status), after, limit
        )


class MongoRequestRepository(MongoAggregates[RegistrationRequest]):
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        super().__init__(uow, REQUESTS, REQUEST_CODEC)

    def _duplicate(self, exc: DuplicateKeyError) -> Exception:
        return OrganizationAlreadyRegisteredError()

    async def open_with_inn(self, inn: str) -> RegistrationRequest | None:
        return await self._one(Queries.open_request(inn))

    async def page(
        self, status: RequestStatus | None, after: str | None, limit: int
    ) -> list[RegistrationRequest]:
        return await self._page(Queries.request_queue(status), after, limit)


class MongoOrganizationRepository(MongoAggregates[Organization]):
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        super().__init__(uow, ORGANIZATIONS, ORGANIZATION_CODEC)
        self._grants = uow.base.collection(ACCESS_GRANTS)
        self._counters = uow.base.collection(COUNTERS)

    def _duplicate(self, exc: DuplicateKeyError) -> Exception:
        return OrganizationAlreadyRegisteredError()

    async def get_by_inn(self, inn: str) -> Organization | None:
        return await self._one(Queries.organization_by_inn(inn))

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

    async def has_access(self, oid: str, snils: str) -> bool:
        found = await self._grants.find_one(
            Queries.grant_of(snils, oid), {"_id": 1}, session=self._session
        )
        return found is not None

    async def revoke_access(self, oid: str, snils: str) -> list[str]:
        """Take the organization from the person's grants; the e-mails they held it under."""
        held = await self._grants.find(
            Queries.grant_of(snils, oid), session=self._session
        ).to_list()
        if held:
            await self._grants.update_many(
                Queries.grant_of(snils, oid),
                {"$pull": {"organizations": oid}},
                session=self._session,
            )
        return [d["email"] for d in held]

    async def access_holders(self, oid: str) -> list[ResponsibleEmployee]:
        docs = await self._grants.find(Queries.holders(oid), session=self._session).to_list()
        return [
            ResponsibleEmployee(FullName(*d["name"]), d["snils"], d["email"])
            for d in sorted(docs, key=lambda d: (d["name"], d["email"]))
        ]


class MongoAccessRequestRepository(MongoAggregates[AccessRequest]):
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        super().__init__(uow, ACCESS_REQUESTS, ACCESS_REQUEST_CODEC)

    async def page(
        self, status: AccessRequestStatus | None, after: str | None, limit: int
    ) -> list[AccessRequest]:
        return await self._page(
            Queries.access_queue(status.value if status else None), after, limit
        )


class MongoRegistryUnitOfWork(AggregateUnitOfWork):
    """Workers, corrections, FRMO requests and organizations, and their events in the outbox:
    one transaction."""

    workers: MongoWorkerRepository
    corrections: MongoCorrectionRepository
    requests: MongoRequestRepository
    organizations: MongoOrganizationRepository
    access_requests: MongoAccessRequestRepository

    def open_repositories(self) -> None:
        self.access_requests = MongoAccessRequestRepository(self)
        self.workers = MongoWorkerRepository(self)
        self.corrections = MongoCorrectionRepository(self)
        self.requests = MongoRequestRepository(self)
        self.organizations = MongoOrganizationRepository(self)


# --- in-memory fake -------------------------------------------------------------------------
class FakeWorkerRepository(InMemoryAggregates[Worker]):
    async def add(self, worker: Worker) -> None:
        if any(w.snils == worker.snils for w in self._committed()):
            raise WorkerAlreadyRegisteredError()
        await self.save(worker)

    async def save(self, worker: Worker) -> None:
        keys = {c.key for c in worker.certificates}
        others = (w for w in self._committed() if w.id != worker.id)
        if any(keys & {c.key for c in w.certificates} for w in others):
            raise CertificateAlreadyRecordedError()
        await super().save(worker)

    async def get_by_snils(self, snils: str) -> Worker | None:
        return self._copy(next((w for w in self._committed() if w.snils == snils), None))

    async def get_many_by_snils(self, snils: list[str]) -> list[Worker]:
        return self._page(lambda w: w.snils in snils, None, len(self._store))

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
        return self._page(lambda w: org in w.organizations, after, limit)

    async def by_name(self, last: str, first: str, middle: str | None, limit: int) -> list[Worker]:
        key = name_key(last, first)
        return self._page(
            lambda w: name_key(w.name.last, w.name.first) == key and _middle_matches(w, middle),
            None,
            limit,
        )


class FakeCorrectionRepository(InMemoryAggregates[CorrectionRequest]):
    async def page(
        self,
        *,
        organization_oid: str | None,
        worker_id: str | None,
        status: CorrectionStatus | None,
        after: str | None,
        limit: int,
    ) -> list[CorrectionRequest]:
        return self._page(
            lambda c: (
                organization_oid in (None, c.organization_oid)
                and worker_id in (None, c.worker_id)
                and status in (None, c.status)
            ),
            after,
            limit,
        )


class FakeRequestRepository(InMemoryAggregates[RegistrationRequest]):
    async def open_with_inn(self, inn: str) -> RegistrationRequest | None:
        found = self._page(
            lambda r: r.application.requisites.inn == inn and r.status.value in _OPEN, None, 1
        )
        return found[0] if found else None

    async def page(
        self, status: RequestStatus | None, after: str | None, limit: int
    ) -> list[RegistrationRequest]:
        return self._page(lambda r: status in (None, r.status), after, limit)


class FakeOrganizationRepository(InMemoryAggregates[Organization]):
    def __init__(self, uow: FakeRegistryUnitOfWork, store: dict[str, Organization]) -> None:
        super().__init__(uow, store)
        self.counters: dict[str, int] = {}
        self.grants: dict[str, str] = {}
        self.access: dict[tuple[str, str], dict[str, ResponsibleEmployee]] = {}

    async def add(self, organization: Organization) -> None:
        if await self.get_by_inn(organization.requisites.inn):
            raise OrganizationAlreadyRegisteredError()
        await self.save(organization)

    async def get_by_inn(self, inn: str) -> Organization | None:
        found = self._page(lambda o: o.requisites.inn == inn, None, 1)
        return found[0] if found else None

    async def next_number(self, region: str) -> int:
        self.counters[region] = self.counters.get(region, 0) + 1
        return self.counters[region]

    async def email_holder(self, email: str) -> str | None:
        return self.grants.get(email)

    async def grant_access(self, oid: str, employees: list[ResponsibleEmployee]) -> None:
        for e in employees:
            if self.grants.setdefault(e.email, e.snils) != e.snils:
                raise EmailTakenError()
            self.access.setdefault((oid, e.snils), {})[e.email] = e

    async def has_access(self, oid: str, snils: str) -> bool:
        return bool(self.access.get((oid, snils)))

    async def revoke_access(self, oid: str, snils: str) -> list[str]:
        return list(self.access.pop((oid, snils), {}))

    async def access_holders(self, oid: str) -> list[ResponsibleEmployee]:
        return [
            e for (o, _), held in sorted(self.access.items()) if o == oid for e in held.values()
        ]


class FakeAccessRequestRepository(InMemoryAggregates[AccessRequest]):
    async def page(
        self, status: AccessRequestStatus | None, after: str | None, limit: int
    ) -> list[AccessRequest]:
        return self._page(lambda r: status in (None, r.status), after, limit)


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

    def store_committed(self, aggregate: Any) -> None:
        stores: dict[type, dict[str, Any]] = {
            Worker: self.store,
            CorrectionRequest: self.corrections_store,
            RegistrationRequest: self.requests_store,
            Organization: self.organizations_store,
            AccessRequest: self.access_requests_store,
        }
        store = stores[type(aggregate)]
        if aggregate.id in self.removed:
            store.pop(aggregate.id, None)
        else:
            store[aggregate.id] = aggregate
