"""E-mail and SMS: due deliveries sent, several at a time, each attempt's outcome kept."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from egisz.kernel.clock import Clock, utcnow
from egisz.notify.channels import DeliveryError, Sender
from egisz.notify.domain.model import (
    Channel,
    Delivery,
    DeliveryStatus,
)
from egisz.runtime.logging import get_logger

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.notify.repository import DeliveryQueue, NotifyUnitOfWork

log = get_logger("egisz.notify")


# --- sending by e-mail and SMS --------------------------------------------------------------
async def dispatch(
    new_uow: Callable[[], NotifyUnitOfWork],
    queue: DeliveryQueue,
    senders: dict[Channel, Sender],
    *,
    delays: list[float],
    lease_seconds: float,
    batch: int = 50,
    concurrency: int = 8,
    record_seconds: float = 120.0,
    clock: Clock = utcnow,
) -> int:
    """Send the deliveries that are due, several at a time; each attempt's outcome is saved with
    its event. A delivery leased here is not sent by another replica until the lease runs out."""
    claimed = await queue.claim(clock(), lease_seconds, batch)
    slots = asyncio.Semaphore(concurrency)

    async def attempt(delivery: Delivery) -> None:
        async with slots:
            error: DeliveryError | None = None
            try:
                sender = senders.get(delivery.channel)
                if sender is None:
                    raise DeliveryError(
                        f"{delivery.channel.value} is not configured", permanent=True
                    )
                await sender.send(
                    delivery.address, delivery.subject, delivery.text, key=delivery.id
                )
            except DeliveryError as exc:
                error = exc
            await _until_recorded(
                lambda: _settle(new_uow, delivery.id, error, delays=delays, clock=clock),
                record_seconds,
            )

    await asyncio.gather(*(attempt(d) for d in claimed))
    return len(claimed)


async def _until_recorded(record: Callable[[], Awaitable[None]], budget: float) -> None:
    """The message has gone (or failed): its outcome must be written, or the lease runs out and it
    is sent again. Whatever stops the write (the database away, a conflict) is waited out."""
    loop = asyncio.get_running_loop()
    deadline, pause = loop.time() + budget, 0.05
    while True:
        try:
            await record()
            return
        except Exception as exc:
            if loop.time() + pause > deadline:
                raise
            log.warning("delivery outcome not recorded yet", error=repr(exc), retry_in_s=pause)
        await asyncio.sleep(pause)
        pause = min(pause * 2, 2.0)


async def _settle(
    new_uow: Callable[[], NotifyUnitOfWork],
    delivery_id: str,
    error: DeliveryError | None,
    *,
    delays: list[float],
    clock: Clock,
) -> None:
    async with new_uow() as uow:
        delivery = await uow.deliveries.get(delivery_id)
        if delivery is None or delivery.status is not DeliveryStatus.PENDING:
            return
        if error is None:
            delivery.sent(clock())
        else:
            delivery.not_sent(error.reason, now=clock(), delays=delays, permanent=error.permanent)
        await uow.deliveries.save(delivery)
        await uow.commit()
    if error is not None:
        log.warning(
            "delivery not sent",
            delivery_id=delivery_id,
            channel=delivery.channel.value,
            attempt=delivery.attempts,
            status=delivery.status.value,
            reason=error.reason,
        )
