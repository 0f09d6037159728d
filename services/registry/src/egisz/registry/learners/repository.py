"""Where learners are kept: the port, its Mongo adapter and the in-memory fake the same tests
run."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any, Protocol

from pymongo.errors import BulkWriteError

from egisz.kernel.errors import ConcurrencyError
from egisz.registry.domain.people import Contacts, FullName
from egisz.registry.learners.domain.learner import Learner, LearnerHold, Study, StudyStatus
from egisz.registry.storage import LEARNER_HOLDS, LEARNERS, Queries
from egisz.runtime.aggregates import Codec, MongoAggregates
from egisz.runtime.memory import InMemoryAggregates, InMemoryUnitOfWork
from egisz.runtime.mongo import AggregateUnitOfWork


class LearnerRepository(Protocol):
    async def save(self, learner: Learner) -> None: ...
    async def get_by_snils(self, snils: str) -> Learner | None: ...
    async def get_many_by_snils(self, snils: list[str]) -> list[Learner]: ...
    async def add_many(self, learners: list[Learner]) -> None:
        """Raises `ConcurrencyError` when another import entered one of them first."""
        ...

    async def hold(self, hold: LearnerHold) -> None: ...
    async def holds(self, *, after: str | None, limit: int) -> list[LearnerHold]: ...


def _hold_document(h: LearnerHold) -> dict[str, Any]:
    study = asdict(h.study) | {"status": h.study.status.value}
    for day in ("started_on", "graduated_on"):
        study[day] = study[day].isoformat() if study[day] else None
    return {
        "_id": h.id,
        "row": h.row,
        "snils": h.snils,
        "name": asdict(h.name),
        "birth_date": h.birth_date.isoformat(),
        "study": study,
        "held_at": h.held_at,
        "reason": h.reason,
        "contacts": asdict(h.contacts),
    }


def _hold_of(d: dict[str, Any]) -> LearnerHold:
    study = dict(d["study"])
    for day in ("started_on", "graduated_on"):
        study[day] = date.fromisoformat(study[day]) if study[day] else None
    return LearnerHold(
        id=d["_id"],
        row=d["row"],
        snils=d["snils"],
        name=FullName(**d["name"]),
        birth_date=date.fromisoformat(d["birth_date"]),
        study=Study(**study | {"status": StudyStatus(study["status"])}),
        held_at=d["held_at"],
        reason=d["reason"],
        contacts=Contacts(**d.get("contacts", {})),
    )


LEARNER_CODEC = Codec(Learner, lambda learner: {})


class MongoLearnerRepository(MongoAggregates[Learner]):
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        super().__init__(uow, LEARNERS, LEARNER_CODEC)

    async def get_by_snils(self, snils: str) -> Learner | None:
        return await self._one(Queries.by_snils(snils))

    async def get_many_by_snils(self, snils: list[str]) -> list[Learner]:
        cursor = self._collection.find(Queries.by_many_snils(snils), session=self._session)
        return [self._known(d) async for d in cursor]

    async def add_many(self, learners: list[Learner]) -> None:
        if not learners:
            return
        try:
            await self._collection.insert_many(
                [{**self._codec.document(x), "version": 1} for x in learners],
                session=self._session,
            )
        except BulkWriteError as exc:
            raise ConcurrencyError() from exc
        for learner in learners:
            learner.version = 1
            self._uow.track(learner)

    async def hold(self, hold: LearnerHold) -> None:
        await self._uow.base.collection(LEARNER_HOLDS).insert_one(
            _hold_document(hold), session=self._session
        )

    async def holds(self, *, after: str | None, limit: int) -> list[LearnerHold]:
        found = self._uow.base.collection(LEARNER_HOLDS).find(
            {"_id": {"$gt": after}} if after else {}, session=self._session
        )
        return [_hold_of(d) async for d in found.sort("_id", 1).limit(limit)]


class FakeLearnerRepository(InMemoryAggregates[Learner]):
    def __init__(self, uow: InMemoryUnitOfWork, store: dict[str, Learner]) -> None:
        super().__init__(uow, store)
        self.held: list[LearnerHold] = []

    async def hold(self, hold: LearnerHold) -> None:
        self.held.append(hold)

    async def holds(self, *, after: str | None, limit: int) -> list[LearnerHold]:
        kept = sorted(self.held, key=lambda h: h.id)
        return [h for h in kept if after is None or h.id > after][:limit]

    async def get_by_snils(self, snils: str) -> Learner | None:
        return self._copy(next((x for x in self._committed() if x.snils == snils), None))

    async def get_many_by_snils(self, snils: list[str]) -> list[Learner]:
        return self._page(lambda x: x.snils in snils, None, len(self._store))

    async def add_many(self, learners: list[Learner]) -> None:
        known = {x.snils for x in self._committed()}
        if any(x.snils in known for x in learners):
            raise ConcurrencyError()
        for learner in learners:
            await self.add(learner)
