"""The reporting service's entry points, by what they serve."""

from egisz.reporting.handlers import authorities, events, reports
from egisz.reporting.handlers.dependencies import Dependencies

ROUTERS = (events.router, reports.router, authorities.router)

__all__ = ["ROUTERS", "Dependencies"]
