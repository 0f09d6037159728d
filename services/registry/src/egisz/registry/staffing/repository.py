"""Where staffing tables are kept (one document per organization, `_id` its OID): the port, its
Mongo adapter and the in-memory fake the same tests run."""

from __future__ import annotations

from typing import Protocol

from egisz.registry.staffing.domain.staffing import StaffingTable
from egisz.runtime.aggregates import Codec, MongoAggregates
from egisz.runtime.memory import InMemoryAggregates, InMemoryUnitOfWork
from egisz.runtime.mongo import AggregateUnitOfWork

STAFFING_TABLES = "staffing_tables"
STAFFING_CODEC = Codec(StaffingTable, lambda table: {})


class StaffingRepository(Protocol):
    async def get(self, organization_oid: str) -> StaffingTable | None: ...
    async def add(self, table: StaffingTable) -> None: ...
    async def save(self, table: StaffingTable) -> None: ...


class MongoStaffingRepository(MongoAggregates[StaffingTable]):
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        super().__init__(uow, STAFFING_TABLES, STAFFING_CODEC)


class FakeStaffingRepository(InMemoryAggregates[StaffingTable]):
    def __init__(self, uow: InMemoryUnitOfWork, store: dict[str, StaffingTable]) -> None:
        super().__init__(uow, store)
