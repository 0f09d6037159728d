"""Applicants and applications: the ports, their Mongo adapters, and the in-memory fakes."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from pymongo import ASCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from egisz.accreditation.domain.application import Application
from egisz.accreditation.domain.errors import ApplicationAlreadyActiveError
from egisz.accreditation.domain.extract import Extract
from egisz.accreditation.domain.model import Applicant, Learner, PersonalData, Study
from egisz.runtime.aggregates import Codec, MongoAggregates
from egisz.runtime.gridfs import INDEXES as FILE_INDEXES
from egisz.runtime.memory import InMemoryAggregates, InMemoryUnitOfWork
from egisz.runtime.mongo import AggregateUnitOfWork, Document
from egisz.runtime.ports import UnitOfWork

APPLICANTS = "applicants"
LEARNERS = "learners"  # our copy of the register of students and graduates, `_id` the SNILS
APPLICATIONS = "applications"
EXTRACTS = "extracts"
EXTRACTS_BUCKET = "extracts"  # GridFS: the issued PDFs
DOCUMENTS_BUCKET = "documents"  # GridFS: extra PDFs of applications

INDEXES = {
    APPLICANTS: [IndexModel([("snils", ASCENDING)], unique=True, name="snils_unique")],
    APPLICATIONS: [
        # One active application per worker and speciality, even when two arrive at once.
        IndexModel(
            [("snils", ASCENDING), ("speciality_key", ASCENDING)],
            unique=True,
            partialFilterExpression={"active": True},
            name="one_active_per_speciality",
        ),
        IndexModel([("snils", ASCENDING), ("_id", ASCENDING)], name="by_worker"),
        IndexModel([("status", ASCENDING), ("_id", ASCENDING)], name="review_queue"),
    ],
    EXTRACTS: [
        # One extract in progress per application; a new one may be ordered once it is settled.
        IndexModel(
            [("application_id", ASCENDING)],
            unique=True,
            partialFilterExpression={"open": True},
            name="one_open_per_application",
        ),
        IndexModel(
            [("verification_code", ASCENDING)],
            unique=True,
            partialFilterExpression={"status": "issued"},
            name="verification_code_unique",
        ),
        IndexModel([("snils", ASCENDING), ("_id", ASCENDING)], name="by_worker"),
        IndexModel([("status", ASCENDING), ("_id", ASCENDING)], name="queue"),
    ],
    **FILE_INDEXES,
}


def speciality_key(speciality: str) -> str:
    return " ".join(speciality.split()).casefold()


APPLICATION_CODEC = Codec(
    Application,
    lambda a: {
        "created_at": a.created_at,
        "speciality_key": speciality_key(a.speciality),
        "active": a.active,
    },
)


EXTRACT_CODEC = Codec(
    Extract,
    lambda e: {
        "application_id": e.record.application_id,
        "open": e.open,
        "verification_code": e.document.verification_code if e.document else None,
    },
)


class ExtractRepository(Protocol):
    async def add(self, extract: Extract) -> None: ...
    async def save(self, extract: Extract) -> None: ...
    async def get(self, key: str) -> Extract | None: ...
    async def open_for(self, application_id: str) -> Extract | None: ...
    async def by_code(self, verification_code: str) -> Extract | None: ...
    async def of_worker(self, snils: str, after: str | None, limit: int) -> list[Extract]: ...
    async def in_status(self, status: str, after: str | None, limit: int) -> list[Extract]: ...


class MongoExtractRepository(MongoAggregates[Extract]):
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        super().__init__(uow, EXTRACTS, EXTRACT_CODEC)

    async def open_for(self, application_id: str) -> Extract | None:
        return await self._one({"application_id": application_id, "open": True})

    async def by_code(self, verification_code: str) -> Extract | None:
        return await self._one({"verification_code": verification_code, "status": "issued"})

    async def of_worker(self, snils: str, after: str | None, limit: int) -> list[Extract]:
        return await self._page({"snils": snils}, after, limit)

    async def in_status(self, status: str, after: str | None, limit: int) -> list[Extract]:
        return await self._page({"status": status}, after, limit)


class FakeExtractRepository(InMemoryAggregates[Extract]):
    async def open_for(self, application_id: str) -> Extract | None:
        found = self._page(lambda e: e.record.application_id == application_id and e.open, None, 1)
        return found[0] if found else None

    async def by_code(self, verification_code: str) -> Extract | None:
        found = self._page(
            lambda e: e.document is not None and e.document.verification_code == verification_code,
            None,
            1,
        )
        return found[0] if found else None

    async def of_worker(self, snils: str, after: str | None, limit: int) -> list[Extract]:
        return self._page(lambda e: e.snils == snils, after, limit)

    async def in_status(self, status: str, after: str | None, limit: int) -> list[Extract]:
        return self._page(lambda e: e.status.value == status, after, limit)


class ApplicationRepository(Protocol):
    async def add(self, application: Application) -> None: ...
    async def save(self, application: Application) -> None: ...
    async def get(self, key: str) -> Application | None: ...
    async def active_for(self, snils: str, speciality: str) -> Application | None: ...
    async def of_worker(self, snils: str, after: str | None, limit: int) -> list[Application]: ...
    async def in_status(self, status: str, after: str | None, limit: int) -> list[Application]: ...


class MongoApplicationRepository(MongoAggregates[Application]):
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        super().__init__(uow, APPLICATIONS, APPLICATION_CODEC)

    def _duplicate(self, exc: DuplicateKeyError) -> Exception:
        return ApplicationAlreadyActiveError()

    async def active_for(self, snils: str, speciality: str) -> Application | None:
        query: dict[str, Any] = {
            "snils": snils,
            "speciality_key": speciality_key(speciality),
            "active": True,
        }
        return await self._one(query)

    async def of_worker(self, snils: str, after: str | None, limit: int) -> list[Application]:
        return await self._page({"snils": snils}, after, limit)

    async def in_status(self, status: str, after: str | None, limit: int) -> list[Application]:
        return await self._page({"status": status}, after, limit)


class FakeApplicationRepository(InMemoryAggregates[Application]):
    async def active_for(self, snils: str, speciality: str) -> Application | None:
        key = speciality_key(speciality)
        found = self._page(
            lambda a: a.snils == snils and speciality_key(a.speciality) == key and a.active,
            None,
            1,
        )
        return found[0] if found else None

    async def of_worker(self, snils: str, after: str | None, limit: int) -> list[Application]:
        return self._page(lambda a: a.snils == snils, after, limit)

    async def in_status(self, status: str, after: str | None, limit: int) -> list[Application]:
        return self._page(lambda a: a.status.value == status, after, limit)


class AccreditationUnitOfWork(UnitOfWork, Protocol):
    @property
    def applications(self) -> ApplicationRepository: ...

    @property
    def extracts(self) -> ExtractRepository: ...

    async def save_applicant(self, applicant: Applicant) -> None: ...
    async def drop_applicant(self, worker_id: str) -> None: ...
    async def applicant(
        self, *, worker_id: str | None = None, snils: str | None = None
    ) -> Applicant | None: ...

    async def save_learner(self, learner: Learner) -> None:
        """Keeps the highest record version: an older copy arriving late changes nothing."""
        ...

    async def learner(self, snils: str) -> Learner | None: ...


class MongoAccreditationUnitOfWork(AggregateUnitOfWork):
    applications: MongoApplicationRepository
    extracts: MongoExtractRepository

    def open_repositories(self) -> None:
        self.extracts = MongoExtractRepository(self)
        self._applicants = self.base.collection(APPLICANTS)
        self._learners = self.base.collection(LEARNERS)
        self.applications = MongoApplicationRepository(self)

    async def save_applicant(self, applicant: Applicant) -> None:
        p = applicant.personal
        personal = asdict(p) | {"birth_date": p.birth_date.isoformat()} if p else None
        await self._applicants.replace_one(
            {"_id": applicant.worker_id},
            {
                "snils": applicant.snils,
                "known_since": applicant.known_since,
                "personal": personal,
                "record_version": applicant.record_version,
                "pending_passes": applicant.pending_passes,
            },
            upsert=True,
            session=self.base.session,
        )

    async def drop_applicant(self, worker_id: str) -> None:
        await self._applicants.delete_one({"_id": worker_id}, session=self.base.session)

    async def applicant(
        self, *, worker_id: str | None = None, snils: str | None = None
    ) -> Applicant | None:
        query: Document = {"_id": worker_id} if worker_id else {"snils": snils}
        d = await self._applicants.find_one(query, session=self.base.session)
        if d is None:
            return None
        personal = d.get("personal")
        return Applicant(
            d["_id"],
            d["snils"],
            d["known_since"],
            PersonalData(**personal | {"birth_date": date.fromisoformat(personal["birth_date"])})
            if personal
            else None,
            d.get("record_version", 0),
            list(d.get("pending_passes", [])),
        )

    async def save_learner(self, learner: Learner) -> None:
        known = await self.learner(learner.snils)
        if known is not None and known.record_version > learner.record_version:
            return
        await self._learners.replace_one(
            {"_id": learner.snils},
            _learner_document(learner),
            upsert=True,
            session=self.base.session,
        )

    async def learner(self, snils: str) -> Learner | None:
        d = await self._learners.find_one({"_id": snils}, session=self.base.session)
        return _learner_of(snils, d) if d else None


def _learner_document(learner: Learner) -> Document:
    p = learner.personal
    return {
        "personal": asdict(p) | {"birth_date": p.birth_date.isoformat()},
        "studies": [
            asdict(s) | {"graduated_on": s.graduated_on.isoformat() if s.graduated_on else None}
            for s in learner.studies
        ],
        "record_version": learner.record_version,
    }


def _learner_of(snils: str, d: Document) -> Learner:
    personal = d["personal"] | {"birth_date": date.fromisoformat(d["personal"]["birth_date"])}
    studies = tuple(
        Study(
            **s
            | {"graduated_on": date.fromisoformat(s["graduated_on"]) if s["graduated_on"] else None}
        )
        for s in d["studies"]
    )
    return Learner(snils, PersonalData(**personal), studies, d["record_version"])


class FakeAccreditationUnitOfWork(InMemoryUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.applicants: dict[str, Applicant] = {}
        self.learners: dict[str, Learner] = {}
        self.applications_store: dict[str, Application] = {}
        self.applications = FakeApplicationRepository(self, self.applications_store)
        self.extracts_store: dict[str, Extract] = {}
        self.extracts = FakeExtractRepository(self, self.extracts_store)

    def store_committed(self, aggregate: Applicant | Application | Extract) -> None:
        if isinstance(aggregate, Application):
            self.applications_store[aggregate.id] = aggregate
        elif isinstance(aggregate, Extract):
            self.extracts_store[aggregate.id] = aggregate
        else:
            self.applicants[aggregate.worker_id] = aggregate

    async def save_applicant(self, applicant: Applicant) -> None:
        self.track(applicant)

    async def drop_applicant(self, worker_id: str) -> None:
        self.applicants.pop(worker_id, None)

    async def applicant(
        self, *, worker_id: str | None = None, snils: str | None = None
    ) -> Applicant | None:
        return next(
            (
                a
                for a in self.applicants.values()
                if (worker_id and a.worker_id == worker_id) or (snils and a.snils == snils)
            ),
            None,
        )

    async def save_learner(self, learner: Learner) -> None:
        known = self.learners.get(learner.snils)
        if known is None or known.record_version <= learner.record_version:
            self.learners[learner.snils] = learner

    async def learner(self, snils: str) -> Learner | None:
        return self.learners.get(snils)


if TYPE_CHECKING:  # both adapters fit the port (mypy checks these two lines)
    _mongo: type[AccreditationUnitOfWork] = MongoAccreditationUnitOfWork
    _fake: type[AccreditationUnitOfWork] = FakeAccreditationUnitOfWork
