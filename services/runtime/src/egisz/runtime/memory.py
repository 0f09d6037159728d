"""The in-memory counterpart of `mongo.AggregateUnitOfWork`, for use-case tests. Pure.

It keeps the same promises the Mongo unit of work keeps, so a use case tested on it behaves the
same on Mongo: tracked aggregates and processed-event marks become visible only on `commit()`,
and leaving the block without committing forgets them. A service's fake subclasses it and says in
`store_committed()` where a committed aggregate goes.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Generic, Self, TypeVar

from egisz.runtime.files import FileInfo, Upload
from egisz.runtime.handling import claim, current_handling
from egisz.runtime.ports import Aggregate, NotBegunError

A = TypeVar("A", bound=Aggregate)


class InMemoryUnitOfWork:
    def __init__(self) -> None:
        self.processed: set[tuple[str, str]] = set()
        self.published: list[Any] = []
        self.commits = 0
        self.removed: set[str] = set()  # ids whose committed aggregate is deleted, not stored
        self._marks: list[tuple[str, str]] = []
        self._pending: list[Any] = []
        self._reading_first = False
        self._begun = True

    def reading_first(self) -> Self:
        self._reading_first = True
        return self

    async def begin(self) -> None:
        self._begun = True

    async def __aenter__(self) -> Self:
        self._marks, self._pending = [], []
        self._begun = not self._reading_first
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._marks, self._pending = [], []
        self._reading_first = False

    def track(self, aggregate: Any) -> None:
        self._pending.append(aggregate)

    @property
    def pending(self) -> list[Any]:
        return list(self._pending)

    def store_committed(self, aggregate: Any) -> None:
        raise NotImplementedError

    async def commit(self) -> None:
        if not self._begun:
            raise NotBegunError()
        event = current_handling()
        if event is not None:
            claim(event)
            event.done = True
            if (event.consumer, event.event_id) in self.processed:
                self._marks, self._pending = [], []  # handled by another delivery: rolled back
                return
            self._marks.append((event.consumer, event.event_id))
        for aggregate in self._pending:
            self.store_committed(aggregate)
            events = getattr(aggregate, "events", None)
            if events:
                self.published.extend(events)
                events.clear()
        self.processed.update(self._marks)
        self._marks, self._pending = [], []
        self.commits += 1


class InMemoryAggregates(Generic[A]):
    """Aggregates of one kind in a dict; what `commit()` stores becomes visible."""

    def __init__(self, uow: InMemoryUnitOfWork, store: dict[str, A]) -> None:
        self._uow = uow
        self._store = store

    def _committed(self) -> list[A]:
        return sorted(self._store.values(), key=lambda a: a.id)

    async def add(self, aggregate: A) -> None:
        await self.save(aggregate)

    async def save(self, aggregate: A) -> None:
        aggregate.version += 1
        self._uow.track(aggregate)

    async def get(self, key: str) -> A | None:
        return self._copy(self._store.get(key))

    async def remove(self, aggregate: A) -> None:
        self._uow.removed.add(aggregate.id)
        self._uow.track(aggregate)

    def _copy(self, aggregate: A | None) -> A | None:
        """A loaded aggregate is the caller's own, as it would be from Mongo: changes that are
        not committed do not reach the store."""
        if aggregate is None:
            return None
        loaded = copy.deepcopy(aggregate)
        loaded.events = []
        return loaded

    def _page(self, keep: Callable[[A], bool], after: str | None, limit: int) -> list[A]:
        found = [a for a in self._committed() if keep(a) and a.id > (after or "")]
        return [c for c in (self._copy(a) for a in found[:limit]) if c is not None]


class InMemoryFileStore:
    """`files.FileStore` in memory, for use-case tests."""

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
