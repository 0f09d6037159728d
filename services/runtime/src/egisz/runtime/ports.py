"""The unit-of-work ports every service's own port extends. Pure.

Both `mongo.AggregateUnitOfWork` and `memory.InMemoryUnitOfWork` satisfy them.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Any, Protocol, Self


class UnitOfWork(Protocol):
    """`async with uow:` opens a transaction; `commit()` makes it and its events durable;
    leaving the block without commit discards everything."""

    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None: ...
    async def commit(self) -> None: ...


class Aggregate(Protocol):
    """A dataclass with an identity, a version for optimistic concurrency, and the events it
    recorded since it was loaded."""

    version: int
    events: Any

    @property
    def id(self) -> str: ...


class Identified(Protocol):
    @property
    def id(self) -> str: ...


def next_cursor(page: Sequence[Identified], limit: int) -> str | None:
    """Keyset paging by id: a full page may have more after it, starting after its last id."""
    return page[-1].id if page and len(page) == limit else None
