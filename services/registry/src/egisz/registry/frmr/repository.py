"""Where worker records and correction requests are kept: the ports, their Mongo adapters and
the in-memory fakes the same tests run."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Protocol

from pymongo.errors import BulkWriteError, DuplicateKeyError, PyMongoError

from egisz.kernel.errors import ConcurrencyError
from egisz.registry.domain.people import FullName, name_key
from egisz.registry.frmr.domain.correction import CorrectionRequest, CorrectionStatus
from egisz.registry.frmr.domain.errors import (
    CertificateAlreadyRecordedError,
    WorkerAlreadyRegisteredError,
)
from egisz.registry.frmr.domain.model import Worker
from egisz.registry.frmr.domain.parts import ReviewStatus
from egisz.registry.frmr.domain.staff_search import (
    NO_CODES,
    StaffCodes,
    position_keys,
    speciality_codes,
)
from egisz.registry.storage import (
    CERTIFICATE_UNIQUE,
    CORRECTIONS,
    WORKERS,
    Queries,
)
from egisz.runtime.aggregates import Codec, MongoAggregates
from egisz.runtime.memory import InMemoryAggregates
from egisz.runtime.mongo import AggregateUnitOfWork, Document, violated_index

if TYPE_CHECKING:
    pass


def _worker_duplicate(exc: PyMongoError) -> Exception:
    """A unique index of `workers` refused a write: which rule it was, by the index's name."""
    if violated_index(exc) == CERTIFICATE_UNIQUE:
        return CertificateAlreadyRecordedError()
    return WorkerAlreadyRegisteredError()


class WorkerRepository(Protocol):
    async def add(self, worker: Worker) -> None: ...
    async def save(self, worker: Worker) -> None: ...
    async def remove(self, worker: Worker) -> None: ...
    async def get(self, worker_id: str) -> Worker | None: ...
    async def get_by_snils(self, snils: str) -> Worker | None: ...
    async def get_many_by_snils(self, snils: list[str]) -> list[Worker]: ...
    async def add_many(self, workers: list[Worker]) -> None: ...
    async def names_born_on(self, days: list[date]) -> dict[date, list[tuple[str, FullName]]]:
        """The names of the records of people born on each of these days (likely duplicates
        are among them: `domain/likeness.py`)."""
        ...

    async def certificate_holder(self, key: str) -> str | None: ...
    async def staff_page(
        self, org: str, after: str | None, limit: int, codes: StaffCodes = NO_CODES
    ) -> list[Worker]:
        """An organization's records, narrowed to a position's or a speciality's code."""
        ...

    async def in_review(
        self, registered_by_org: str | None, after: str | None, limit: int
    ) -> list[Worker]: ...
    async def uncoded(self, after: str | None, limit: int) -> list[Worker]: ...
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


def _worker_fields(w: Worker) -> Document:
    derived: Document = {
        "registered_at": w.registered_at,
        "name_key": name_key(w.name.last, w.name.first),
        "organizations": w.organizations,
    }
    if codes := position_keys(w):  # absent, not empty: the staff's search by code skips them
        derived["position_keys"] = codes
    if codes := speciality_codes(w):
        derived["speciality_codes"] = codes
    if w.uncoded_fields:  # only records that wait for a code: the support desk's queue
        derived["uncoded"] = True
    if w.certificates:  # absent, not empty: the sparse unique index skips the record
        derived["certificate_keys"] = [c.key for c in w.certificates]
    return derived


WORKER_CODEC = Codec(Worker, _worker_fields)
CORRECTION_CODEC = Codec(CorrectionRequest, lambda c: {"created_at": c.created_at})


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
        self._seen.pop(worker.id, None)
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

    async def names_born_on(self, days: list[date]) -> dict[date, list[tuple[str, FullName]]]:
        found: dict[date, list[tuple[str, FullName]]] = {}
        projection = {"_id": 1, "personal.name": 1, "personal.birth_date": 1}
        cursor = self._collection.find(Queries.born_on(days), projection, session=self._session)
        async for d in cursor:
            day = date.fromisoformat(d["personal"]["birth_date"])
            name = d["personal"]["name"]
            person = FullName(name["last"], name["first"], name.get("middle"))
            found.setdefault(day, []).append((d["_id"], person))
        return found

    async def certificate_holder(self, key: str) -> str | None:
        doc = await self._collection.find_one(
            Queries.certificate(key), {"_id": 1}, session=self._session
        )
        return doc["_id"] if doc else None

    async def staff_page(
        self, org: str, after: str | None, limit: int, codes: StaffCodes = NO_CODES
    ) -> list[Worker]:
        return await self._page(
            Queries.staff(org, codes.position_code, codes.speciality_code), after, limit
        )

    async def in_review(
        self, registered_by_org: str | None, after: str | None, limit: int
    ) -> list[Worker]:
        return await self._page(Queries.in_review(registered_by_org), after, limit)

    async def uncoded(self, after: str | None, limit: int) -> list[Worker]:
        return await self._page(Queries.uncoded(), after, limit)

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

    async def names_born_on(self, days: list[date]) -> dict[date, list[tuple[str, FullName]]]:
        found: dict[date, list[tuple[str, FullName]]] = {}
        for w in self._committed():
            if w.personal.birth_date in days:
                found.setdefault(w.personal.birth_date, []).append((w.id, w.name))
        return found

    async def certificate_holder(self, key: str) -> str | None:
        return next(
            (w.id for w in self._committed() if key in {c.key for c in w.certificates}), None
        )

    async def staff_page(
        self, org: str, after: str | None, limit: int, codes: StaffCodes = NO_CODES
    ) -> list[Worker]:
        return self._page(lambda w: codes.hold_for(w, org), after, limit)

    async def uncoded(self, after: str | None, limit: int) -> list[Worker]:
        return self._page(lambda w: bool(w.uncoded_fields), after, limit)

    async def in_review(
        self, registered_by_org: str | None, after: str | None, limit: int
    ) -> list[Worker]:
        return self._page(
            lambda w: (
                w.review is ReviewStatus.IN_REVIEW
                and registered_by_org in (None, w.registered_by_org)
            ),
            after,
            limit,
        )

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
