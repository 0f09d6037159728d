"""The unit-of-work ports every service's own port extends. Pure.

Both `mongo.AggregateUnitOfWork` and `memory.InMemoryUnitOfWork` satisfy them.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Any, Protocol, Self


class UnitOfWork(Protocol):
    """`async with uow:` opens a transaction; `commit()` makes it and its events durable;
    leaving the block without commit discards everything.

    `async with uow.reading_first():` opens it at `await uow.begin()` instead: the reads before
    run outside any transaction, as single reads. For checks no transaction would hold still
    anyway — an access grant, the records that look alike — it keeps the transaction to its
    writes: SecantusDB takes one lock for every statement inside a transaction and walks those
    in progress under it, so reads inside cost every caller (tests/bench/README.md). A commit
    that was not begun raises `NotBegunError`: the writes before it ran outside."""

    def reading_first(self) -> Self: ...
    async def begin(self) -> None: ...
    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None: ...
    async def commit(self) -> None: ...


class NotBegunError(RuntimeError):
    """A unit of work entered `reading_first()` was committed without `begin()` (a use case's
    mistake: raised so that its tests find it)."""

    def __init__(self) -> None:
        super().__init__("commit() without begin() after reading_first(): the writes ran outside")


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
