"""Notify entry points: contract in → use case → reply / events out. `app.py` builds what they
need (`Dependencies`) and runs the two schedules (`dispatch`, `send_reminders`)."""

from __future__ import annotations

from egisz.notify.handlers import events, inbox
from egisz.notify.handlers.dependencies import Dependencies, UnitsOfWork, units_of_work
from egisz.notify.handlers.schedules import dispatch, send_reminders
from egisz.runtime.app import ServiceRuntime

__all__ = ["Dependencies", "UnitsOfWork", "dispatch", "register", "send_reminders", "units_of_work"]


def register(rt: ServiceRuntime, deps: Dependencies) -> None:
    uow = units_of_work(rt)
    events.register(rt, deps, uow)
    inbox.register(rt, uow)
