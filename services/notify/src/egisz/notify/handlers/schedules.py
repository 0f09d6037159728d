"""The two schedules' entry points: due deliveries and due reminders."""

from __future__ import annotations

from egisz.kernel.clock import utcnow
from egisz.notify import usecases
from egisz.notify.handlers.dependencies import Dependencies
from egisz.runtime.logging import get_logger

log = get_logger("egisz.notify")


async def dispatch(deps: Dependencies) -> None:
    """The delivery schedule's entry point: send the e-mails and SMS that are due."""
    await usecases.dispatch(
        deps.units,
        deps.queue(),
        dict(deps.senders),
        delays=deps.delivery_retry_delays_seconds,
        lease_seconds=deps.delivery_lease_seconds,
    )


async def send_reminders(deps: Dependencies) -> None:
    """The reminder schedule's entry point: send what is due today."""
    sent = await usecases.send_due_reminders(
        deps.units, deps.templates, deps.hours(), today=utcnow().date(), channels=deps.channels
    )
    if sent:
        log.info("reminders sent", sent=sent)
