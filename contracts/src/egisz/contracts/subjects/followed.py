"""Subjects a service follows as a whole (a wildcard), for a projection that reads every event
of another part: not in the subject tables, where each event is named by itself."""

from __future__ import annotations

from egisz.contracts.registry.directory import RecordChanged
from egisz.contracts.subjects.naming import Event

# Every registry event, as the registry's own directory follows them: one durable for all.
REGISTRY_EVENTS: Event[RecordChanged] = Event(
    "egisz.registry.evt.>", RecordChanged, "Any registry event: the record it concerns."
)
