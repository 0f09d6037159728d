"""Notify's entry points: the events of the registers, the portfolio and accreditation turned into
notices, the inbox and preferences, and the two schedules (`dispatch`, `send_reminders`) that
`app.py` runs."""

from egisz.notify.handlers import accreditation_events, inbox, portfolio_events, registry_events
from egisz.notify.handlers.dependencies import Dependencies
from egisz.notify.handlers.schedules import dispatch, send_reminders

ROUTERS = (
    registry_events.router,
    portfolio_events.router,
    accreditation_events.router,
    inbox.router,
)

__all__ = ["ROUTERS", "Dependencies", "dispatch", "send_reminders"]
