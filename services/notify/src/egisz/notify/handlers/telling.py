"""What every event consumer of notify does with what it heard: the notices, contacts, job and
reminders an event brings, written in the one transaction the runtime marks as that event's."""

from __future__ import annotations

from typing import Any

from egisz.contracts.events import CloudEvent
from egisz.notify import usecases
from egisz.notify.domain import reminders
from egisz.notify.domain.model import Message
from egisz.notify.handlers.dependencies import Dependencies


async def tell(
    event: CloudEvent[Any],
    deps: Dependencies,
    *messages: Message,
    contacts: usecases.Contacts | None = None,
    job: usecases.JobChange | None = None,
    plan: reminders.Plan | None = None,
) -> None:
    await usecases.notify(
        deps.units(event),
        deps.templates,
        source_event_id=event.id,
        messages=list(messages),
        contacts=contacts,
        channels=deps.channels,
        job=job,
        plan=plan,
    )


async def plan(event: CloudEvent[Any], deps: Dependencies, planned: reminders.Plan) -> None:
    await usecases.plan_reminders(deps.units(event), planned)


async def remember(event: CloudEvent[Any], deps: Dependencies, contacts: usecases.Contacts) -> None:
    await usecases.remember_contacts(deps.units(event), contacts=contacts)
