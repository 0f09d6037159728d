"""Applicants: the port, its Mongo adapter, and the in-memory fake."""

from __future__ import annotations

from typing import Protocol

from pymongo import ASCENDING, IndexModel

from egisz.accreditation.domain.model import Applicant
from egisz.runtime.memory import InMemoryUnitOfWork
from egisz.runtime.mongo import AggregateUnitOfWork, Document
from egisz.runtime.ports import ConsumingUnitOfWork

APPLICANTS = "applicants"

INDEXES = {APPLICANTS: [IndexModel([("snils", ASCENDING)], unique=True, name="snils_unique")]}


class AccreditationUnitOfWork(ConsumingUnitOfWork, Protocol):
    async def save_applicant(self, applicant: Applicant) -> None: ...
    async def applicant(
        self, *, worker_id: str | None = None, snils: str | None = None
    ) -> Applicant | None: ...


class MongoAccreditationUnitOfWork(AggregateUnitOfWork):
    def open_repositories(self) -> None:
        self._applicants = self.base.collection(APPLICANTS)

    async def save_applicant(self, applicant: Applicant) -> None:
        await self._applicants.update_one(
            {"_id": applicant.worker_id},
            {
                "$set": {"snils": applicant.snils},
                "$setOnInsert": {"known_since": applicant.known_since},
            },
            upsert=True,
            session=self.base.session,
        )

    async def applicant(
        self, *, worker_id: str | None = None, snils: str | None = None
    ) -> Applicant | None:
        query: Document = {"_id": worker_id} if worker_id else {"snils": snils}
        d = await self._applicants.find_one(query, session=self.base.session)
        return Applicant(d["_id"], d["snils"], d["known_since"]) if d else None


class FakeAccreditationUnitOfWork(InMemoryUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.applicants: dict[str, Applicant] = {}

    def store_committed(self, aggregate: Applicant) -> None:
        self.applicants.setdefault(aggregate.worker_id, aggregate)

    async def save_applicant(self, applicant: Applicant) -> None:
        self.track(applicant)

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
