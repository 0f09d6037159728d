"""Outgoing CloudEvents from a contract's data model and what caused them."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from egisz.contracts.events import CloudEvent
from egisz.contracts.subjects import Event
from egisz.runtime.mongo import OutgoingEvent


@dataclass(frozen=True)
class Cause:
    """What caused the events being written: correlation, causation and actor for CloudEvents."""

    correlation_id: str | None = None
    causation_id: str | None = None
    actor: str | None = None

    @classmethod
    def of_event(cls, event: CloudEvent[Any]) -> Cause:
        """Events a consumer writes follow the event that caused them, on behalf of its actor."""
        return cls(event.correlationid, event.id, event.actor)


@functools.cache
def envelope_of(data_type: type[BaseModel]) -> Any:
    """`CloudEvent[data_type]`, built once: pydantic keeps a parametrized model only while
    something holds it, so a fresh `CloudEvent[...]` per event rebuilt the class every time
    (4% of the registry's CPU under load)."""
    return CloudEvent[data_type]  # type: ignore[valid-type]


def outgoing(
    spec: Event[Any], data: BaseModel, *, about: str, cause: Cause, event_id: str | None = None
) -> OutgoingEvent:
    kind: type[BaseModel] = type(data)
    if not issubclass(kind, spec.data):
        raise TypeError(f"{spec.subject} carries {spec.data.__name__}, not {kind.__name__}")
    envelope = envelope_of(kind)(
        id=event_id or uuid.uuid4().hex,
        source=f"/egisz/{spec.service}",
        type=spec.type,
        time=datetime.now(UTC),
        subject=about,
        data=data,
        correlationid=cause.correlation_id,
        causationid=cause.causation_id,
        actor=cause.actor,
    )
    return OutgoingEvent(
        id=envelope.id,
        subject=spec.subject,
        stream=spec.stream,
        body=envelope.model_dump_json(exclude_none=True).encode(),
        correlation_id=cause.correlation_id,
    )


# How one kind of domain event looks on the wire: (the id it is about, its data).
Form = Callable[[Any], tuple[str, BaseModel]]
FormTable = Mapping[type, tuple[Event[Any], Form]]


class EventForms:
    """A service's domain events → outbox entries, by a table of event type → (subject, form).

    One lookup instead of a match arm per event that repeated the same `outgoing(...)` call; an
    event no table knows is a bug (it would be committed and never published), so it raises."""

    def __init__(self, *tables: FormTable) -> None:
        self._forms: dict[type, tuple[Event[Any], Form]] = {}
        for table in tables:
            if clash := self._forms.keys() & table.keys():
                raise ValueError(f"two wire forms for {sorted(t.__name__ for t in clash)}")
            self._forms.update(table)

    def __call__(self, event: object, cause: Cause) -> OutgoingEvent:
        found = self._forms.get(type(event))
        if found is None:
            raise TypeError(f"no wire form for {event!r}")
        spec, form = found
        about, data = form(event)
        return outgoing(spec, data, about=about, cause=cause)
