"""The in-memory counterpart of `mongo.AggregateUnitOfWork`, for use-case tests. Pure.

It keeps the same promises the Mongo unit of work keeps, so a use case tested on it behaves the
same on Mongo: tracked aggregates and processed-event marks become visible only on `commit()`,
and leaving the block without committing forgets them. A service's fake subclasses it and says in
`store_committed()` where a committed aggregate goes.
"""

from __future__ import annotations

from typing import Any, Self


class InMemoryUnitOfWork:
    def __init__(self) -> None:
        self.processed: set[tuple[str, str]] = set()
        self.published: list[Any] = []
        self.commits = 0
        self._marks: list[tuple[str, str]] = []
        self._pending: list[Any] = []

    async def __aenter__(self) -> Self:
        self._marks, self._pending = [], []
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._marks, self._pending = [], []

    def track(self, aggregate: Any) -> None:
        self._pending.append(aggregate)

    @property
    def pending(self) -> list[Any]:
        return list(self._pending)

    async def already_processed(self, consumer: str, event_id: str) -> bool:
        return (consumer, event_id) in self.processed

    def mark_processed(self, consumer: str, event_id: str) -> None:
        self._marks.append((consumer, event_id))

    def store_committed(self, aggregate: Any) -> None:
        raise NotImplementedError

    async def commit(self) -> None:
        for aggregate in self._pending:
            self.store_committed(aggregate)
            events = getattr(aggregate, "events", None)
            if events:
                self.published.extend(events)
                events.clear()
        self.processed.update(self._marks)
        self._marks, self._pending = [], []
        self.commits += 1
