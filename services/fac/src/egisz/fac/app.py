"""Composition root of the accreditation center's stand-in."""

from __future__ import annotations

from egisz.fac import handlers
from egisz.fac.repository import INDEXES
from egisz.fac.settings import FacSettings
from egisz.runtime.app import ServiceRuntime


def build(settings: FacSettings | None = None) -> ServiceRuntime:
    runtime = ServiceRuntime(settings or FacSettings(), indexes=INDEXES)
    handlers.register(runtime)
    return runtime
