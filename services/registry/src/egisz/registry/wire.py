"""The registry's domain events → CloudEvents, whichever context recorded them."""

from __future__ import annotations

from egisz.registry.frmo.wire import access_event, organization_event
from egisz.registry.frmr.wire import worker_event
from egisz.runtime.events import Cause
from egisz.runtime.mongo import OutgoingEvent


def to_wire(event: object, cause: Cause) -> OutgoingEvent:
    """Each context maps its own events; an event none of them knows is a bug, not a skip."""
    for mapping in (worker_event, organization_event, access_event):
        if (outgoing := mapping(event, cause)) is not None:
            return outgoing
    raise TypeError(f"no wire form for {event!r}")
