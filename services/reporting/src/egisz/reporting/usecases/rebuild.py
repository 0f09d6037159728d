"""Rebuilding the facts from the registers' stream: replay it from its start into a fresh store
while live events reach both, then switch to the fresh one. One at a time; its progress — the
stream's sequence read, of how many — is kept in a file beside the facts, so a restart says
that a rebuild was interrupted instead of forgetting it."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from egisz.reporting.domain.errors import RebuildRunningError
from egisz.reporting.facts_store import Facts, FactsStore
from egisz.reporting.intake import facts_of_stored
from egisz.runtime.logging import get_logger

log = get_logger("egisz.reporting.rebuild")


@dataclass(frozen=True)
class Page:
    events: list[dict[str, Any]]
    next_sequence: int
    has_more: bool


@dataclass(frozen=True)
class Progress:
    rebuild_id: str | None = None
    state: str = "none"  # running, done, failed, interrupted
    started_at: str | None = None
    finished_at: str | None = None
    events_applied: int = 0
    first_sequence: int = 0
    stream_sequence: int = 0
    stream_last: int = 0
    error: str | None = None

    @property
    def percent(self) -> float:
        span = self.stream_last - self.first_sequence
        if self.state == "done" or span <= 0:
            return 100.0 if self.state == "done" else 0.0
        return round(100 * (self.stream_sequence - self.first_sequence) / span, 1)


class Stream:
    """The registers' stream as the rebuild reads it (`app.py` gives the NATS one)."""

    def __init__(
        self,
        bounds: Callable[[], Awaitable[tuple[int, int]]],
        page: Callable[[int, int], Awaitable[Page]],
    ) -> None:
        self.bounds = bounds  # (first, last) sequences now
        self.page = page  # events after a sequence, at most so many


class Rebuild:
    def __init__(self, facts: Facts, stream: Stream, *, batch: int = 1000) -> None:
        self._facts = facts
        self._stream = stream
        self._batch = batch
        self._journal = Path(facts.path + ".rebuild.json") if facts.on_disk else None
        self._progress = self._remembered()
        self._task: asyncio.Task[None] | None = None

    def _remembered(self) -> Progress:
        if self._journal is None or not self._journal.exists():
            return Progress()
        said = Progress(**json.loads(self._journal.read_text()))
        return replace(said, state="interrupted") if said.state == "running" else said

    def _note(self, progress: Progress) -> None:
        self._progress = progress
        if self._journal is not None:
            self._journal.write_text(json.dumps(asdict(progress)))

    @property
    def progress(self) -> Progress:
        return self._progress

    async def start(self) -> Progress:
        if self._task is not None and not self._task.done():
            raise RebuildRunningError()
        fresh = await asyncio.to_thread(self._facts.fresh_store)
        self._facts.shadow = fresh  # first: every event published from now reaches it live
        first, last = await self._stream.bounds()
        now = datetime.now(UTC).isoformat()
        self._note(Progress(now, "running", now, None, 0, first - 1, first - 1, last))
        self._task = asyncio.create_task(self._run(fresh), name="reporting-rebuild")
        return self._progress

    async def _run(self, fresh: FactsStore) -> None:
        p = self._progress
        try:
            at, applied = p.first_sequence, 0
            while at < p.stream_last:
                page = await self._stream.page(at, self._batch)
                facts = [f for event in page.events for f in facts_of_stored(event)]
                await asyncio.to_thread(self._facts.replay_into, fresh, facts)
                applied += len(page.events)
                at = max(page.next_sequence, at) if page.events else p.stream_last
                self._note(replace(self._progress, stream_sequence=at, events_applied=applied))
                if not page.has_more:
                    break
            await asyncio.to_thread(self._facts.switch_to, fresh)
            done = datetime.now(UTC).isoformat()
            self._note(replace(self._progress, state="done", finished_at=done))
            log.info("facts rebuilt", events=applied, through_sequence=at)
        except Exception as exc:
            self._facts.drop_shadow()
            failed = datetime.now(UTC).isoformat()
            self._note(replace(self._progress, state="failed", finished_at=failed, error=str(exc)))
            log.error("rebuild failed", error=repr(exc))

    async def wait(self) -> Progress:
        if self._task is not None:
            await asyncio.shield(self._task)
        return self._progress
