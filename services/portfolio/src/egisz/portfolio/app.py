"""Composition root of the portfolio service."""

from __future__ import annotations

from egisz.portfolio import handlers
from egisz.portfolio.repository import INDEXES
from egisz.portfolio.settings import PortfolioSettings
from egisz.runtime.app import ServiceRuntime


def build(settings: PortfolioSettings | None = None) -> ServiceRuntime:
    settings = settings or PortfolioSettings()
    runtime = ServiceRuntime(settings, indexes=INDEXES)
    handlers.register(runtime, settings)
    return runtime
