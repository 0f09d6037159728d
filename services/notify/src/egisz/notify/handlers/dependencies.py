"""What notify's entry points need, built by `app.py`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from egisz.notify.channels import Sender
from egisz.notify.domain.model import (
    Channel,
)
from egisz.notify.gateways import HoursGateway
from egisz.notify.repository import DeliveryQueue, NotifyUnitOfWork
from egisz.notify.templates import Templates
from egisz.runtime.routing import UnitOfWorkFactory


@dataclass(frozen=True)
class Dependencies:
    """What `app.py` builds for the entry points. The gateway and the queue are factories: the
    connections they use exist only once the runtime has started."""

    units: UnitOfWorkFactory[NotifyUnitOfWork]
    templates: Templates
    senders: Mapping[Channel, Sender]
    hours: Callable[[], HoursGateway]
    queue: Callable[[], DeliveryQueue]
    approval_reminder_days: list[int]  # after the request, while a head has not answered
    not_delivered_reminder_days: list[int]  # after «Не доставлено», while it stays so
    delivery_retry_delays_seconds: list[float]
    delivery_lease_seconds: float

    @property
    def channels(self) -> frozenset[Channel]:
        return frozenset(self.senders)
