"""The reporting service's entry points, by what they serve."""

from egisz.reporting.handlers import authorities, events, open_data, reports
from egisz.reporting.handlers.dependencies import Dependencies

ROUTERS = (events.router, reports.router, authorities.router, open_data.router)

__all__ = ["ROUTERS", "Dependencies"]
