"""Which event is being handled, so that the runtime — not each use case — keeps the inbox: the
event's mark is written by the handler's transaction, with the state it changes, and a delivery
of an event already handled changes nothing. Pure: a context variable and its rules."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class Handling:
    """One event in one consumer. `done` once a transaction carrying its mark has committed (or
    the mark was found there already: another delivery handled it)."""

    consumer: str
    event_id: str
    done: bool = False

    @property
    def key(self) -> str:
        return f"{self.consumer}|{self.event_id}"


class SecondTransactionError(RuntimeError):
    """An event's effects are one transaction: a handler that commits twice could lose its second
    half to a crash between them, for the first half's mark would say the event was handled."""


_handling: ContextVar[Handling | None] = ContextVar("egisz_handling", default=None)


def current_handling() -> Handling | None:
    return _handling.get()


@contextmanager
def handling(consumer: str, event_id: str) -> Iterator[Handling]:
    """Inside: every unit of work that commits writes this event's mark with its state."""
    token = _handling.set(Handling(consumer, event_id))
    try:
        yield _handling.get()  # type: ignore[misc]
    finally:
        _handling.reset(token)


def claim(current: Handling) -> None:
    """A transaction is about to carry the event's mark: the first of the event's only."""
    if current.done:
        raise SecondTransactionError(
            f"{current.consumer}: event {current.event_id} committed already in this handling"
        )
