"""Outgoing CloudEvents from a contract's data model and what caused them."""

from __future__ import annotations

import uuid
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


def outgoing(
    spec: Event, data: BaseModel, *, about: str, cause: Cause, event_id: str | None = None
) -> OutgoingEvent:
    if not isinstance(data, spec.data):
        raise TypeError(f"{spec.subject} carries {spec.data.__name__}, not {type(data).__name__}")
    envelope_type: Any = CloudEvent[type(data)]  # type: ignore[misc]
    envelope = envelope_type(
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
