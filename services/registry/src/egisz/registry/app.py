"""Composition root of the registry service."""

from __future__ import annotations

from egisz.registry import handlers
from egisz.registry.repository import INDEXES
from egisz.registry.settings import RegistrySettings
from egisz.runtime.app import ServiceRuntime


def build(settings: RegistrySettings | None = None) -> ServiceRuntime:
    runtime = ServiceRuntime(settings or RegistrySettings(), indexes=INDEXES)
    handlers.register(runtime)
    return runtime
