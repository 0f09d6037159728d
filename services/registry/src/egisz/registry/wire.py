"""The registry's domain events → CloudEvents, whichever context recorded them."""

from __future__ import annotations

from egisz.registry.frmo.wire import ORGANIZATION_EVENTS
from egisz.registry.frmr.wire import WORKER_EVENTS
from egisz.registry.learners.wire import LEARNER_EVENTS
from egisz.registry.nsi.wire import DICTIONARY_EVENTS
from egisz.registry.staffing.wire import STAFFING_EVENTS
from egisz.registry.support.wire import TICKET_EVENTS
from egisz.runtime.events import EventForms

to_wire = EventForms(
    WORKER_EVENTS,
    ORGANIZATION_EVENTS,
    LEARNER_EVENTS,
    DICTIONARY_EVENTS,
    STAFFING_EVENTS,
    TICKET_EVENTS,
)
"""Each context maps its own events; an event neither knows is a bug, not a skip."""
