"""Reminders: plans replaced per subject, due ones sent once each, after their check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import (
    ConcurrencyError,
    RemoteRefusalError,
    RemoteUnavailableError,
)
from egisz.notify.domain.model import (
    Channel,
    Message,
)
from egisz.notify.domain.reminders import (
    EMPLOYERS,
    Check,
    Plan,
    Reminder,
    ReminderStatus,
    next_review,
)
from egisz.runtime.logging import get_logger

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.notify.gateways import HoursGateway
    from egisz.notify.repository import NotifyUnitOfWork
    from egisz.notify.templates import Templates


from egisz.notify.usecases.messages import _deliver, _to_employers, replan

log = get_logger("egisz.notify")


# --- reminders ------------------------------------------------------------------------------
async def plan_reminders(uow: NotifyUnitOfWork, plan: Plan) -> None:
    """An event that plans reminders and tells no one: its plan, in a transaction of its own."""
    async with uow:
        await replan(uow, plan)
        await uow.commit()


async def send_due_reminders(
    new_uow: Callable[[], NotifyUnitOfWork],
    templates: Templates,
    hours: HoursGateway | None,
    *,
    today: date,
    channels: frozenset[Channel] = frozenset(),
    batch: int = 100,
    clock: Clock = utcnow,
) -> int:
    """Send every reminder due by `today`, each once: it is marked sent in the transaction that
    puts its notification in the inbox, and a replica that raced another loses on the version."""
    sent, after = 0, None
    while True:
        async with new_uow() as uow:
            page = await uow.reminders.due(today, after, batch)
        for reminder in page:
            decided = await _decide(reminder, hours)
            if decided is None:
                continue  # the check could not be made now: the next run asks again
            status, found = decided
            try:
                async with new_uow() as uow:
                    fresh = await uow.reminders.get(reminder.id)
                    if fresh is None or fresh.status is not ReminderStatus.SCHEDULED:
                        continue
                    fresh.settle(status)
                    fresh.values.update(found)
                    await uow.reminders.save(fresh)
                    follow = next_review(fresh, today)
                    if follow is not None and await uow.reminders.get(follow.id) is None:
                        await uow.reminders.add(follow)
                    if status is ReminderStatus.SENT:
                        for message in await _to_employers(uow, [_message(fresh)]):
                            await _deliver(
                                uow,
                                templates,
                                message,
                                source_event_id=f"reminder:{fresh.id}",
                                channels=channels,
                                clock=clock,
                            )
                    await uow.commit()
            except ConcurrencyError:
                continue  # another replica settled it
            sent += status is ReminderStatus.SENT
        if len(page) < batch:
            return sent
        after = page[-1].id


def _message(reminder: Reminder) -> Message:
    """To its mailbox, or to whoever employs the person when it is due."""
    to = reminder.recipient_id
    if to.startswith(EMPLOYERS):
        return Message(
            reminder.kind, dict(reminder.values), employers_of=to.removeprefix(EMPLOYERS)
        )
    return Message(reminder.kind, dict(reminder.values), recipient_id=to)


async def _decide(
    reminder: Reminder, hours: HoursGateway | None
) -> tuple[ReminderStatus, dict[str, str]] | None:
    """Whether a due reminder goes (with what its check found), is skipped, or waits (None)."""
    if reminder.check is not Check.EDUCATION_HOURS:
        return ReminderStatus.SENT, {}
    if hours is None:
        return None
    try:
        short = await hours.shortfall(reminder.values["worker_id"], reminder.values["speciality"])
    except (RemoteUnavailableError, RemoteRefusalError) as exc:
        log.warning("hours check postponed", reminder_id=reminder.id, reason=str(exc))
        return None
    if short is None:
        return ReminderStatus.SKIPPED, {}
    return ReminderStatus.SENT, {"detail": short}
