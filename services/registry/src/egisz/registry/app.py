"""Composition root of the registry service."""

from __future__ import annotations

from egisz.registry import handlers
from egisz.registry.frmo.handlers import register_access, register_frmo
from egisz.registry.repository import INDEXES
from egisz.registry.settings import RegistrySettings
from egisz.runtime.app import ServiceRuntime


def build(settings: RegistrySettings | None = None) -> ServiceRuntime:
    settings = settings or RegistrySettings()
    runtime = ServiceRuntime(settings, indexes=INDEXES)
    handlers.register(runtime)
    register_frmo(runtime, settings, handlers.to_wire, handlers.caller)
    register_access(runtime, handlers.to_wire, handlers.caller)
    return runtime
