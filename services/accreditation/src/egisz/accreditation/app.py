"""Composition root of the accreditation service."""

from __future__ import annotations

from egisz.accreditation import handlers
from egisz.accreditation.repository import INDEXES
from egisz.accreditation.settings import AccreditationSettings
from egisz.runtime.app import ServiceRuntime


def build(settings: AccreditationSettings | None = None) -> ServiceRuntime:
    settings = settings or AccreditationSettings()
    runtime = ServiceRuntime(settings, indexes=INDEXES)
    handlers.register(runtime, settings)
    return runtime
