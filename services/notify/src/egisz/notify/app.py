"""Composition root of the notify service."""

from __future__ import annotations

from egisz.notify import handlers
from egisz.notify.repository import INDEXES
from egisz.notify.settings import NotifySettings
from egisz.notify.templates import Templates
from egisz.runtime.app import ServiceRuntime


def build(settings: NotifySettings | None = None) -> ServiceRuntime:
    settings = settings or NotifySettings()
    runtime = ServiceRuntime(settings, indexes=INDEXES)
    handlers.register(runtime, settings, Templates(settings.language))
    return runtime
