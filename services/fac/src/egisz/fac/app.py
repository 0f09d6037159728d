"""Composition root of the accreditation center's stand-in."""

from __future__ import annotations

from egisz.fac import handlers
from egisz.fac.repository import INDEXES, MongoCenterUnitOfWork
from egisz.fac.settings import FacSettings
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.events import Cause
from egisz.runtime.mongo import OutgoingEvent


def no_events(event: object, cause: Cause) -> OutgoingEvent:
    raise TypeError(f"the center publishes no events: {event!r}")


def build(settings: FacSettings | None = None) -> ServiceRuntime:
    runtime = ServiceRuntime(settings or FacSettings(), indexes=INDEXES)
    units = runtime.units(MongoCenterUnitOfWork, no_events)
    runtime.include(handlers.router, handlers.Dependencies(units))
    return runtime
