"""Where learners are kept: the port, its Mongo adapter and the in-memory fake the same tests
run."""

from __future__ import annotations

from typing import Protocol

from pymongo.errors import BulkWriteError

from egisz.registry.domain.learner import Learner
from egisz.registry.storage import LEARNERS, Queries
from egisz.runtime.aggregates import Codec, MongoAggregates
from egisz.runtime.errors import ConcurrencyError
from egisz.runtime.memory import InMemoryAggregates
from egisz.runtime.mongo import AggregateUnitOfWork


class LearnerRepository(Protocol):
    async def save(self, learner: Learner) -> None: ...
    async def get_by_snils(self, snils: str) -> Learner | None: ...
    async def get_many_by_snils(self, snils: list[str]) -> list[Learner]: ...
    async def add_many(self, learners: list[Learner]) -> None:
        """Raises `ConcurrencyError` when another import entered one of them first."""
        ...


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


class FakeLearnerRepository(InMemoryAggregates[Learner]):
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
