"""What the entry points need, built by `app.py`, and their units of work."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from egisz.notify.channels import Sender
from egisz.notify.domain.model import (
    Channel,
)
from egisz.notify.gateways import HoursGateway
from egisz.notify.repository import DeliveryQueue, MongoNotifyUnitOfWork
from egisz.notify.templates import Templates
from egisz.notify.wire import to_wire
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.events import Cause


@dataclass(frozen=True)
class Dependencies:
    """What `app.py` builds for the entry points. The gateway and the queue are factories: the
    connections they use exist only once the runtime has started."""

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


class UnitsOfWork(Protocol):
    def __call__(self, cause: Cause | None = None) -> MongoNotifyUnitOfWork: ...


def units_of_work(rt: ServiceRuntime) -> UnitsOfWork:
    def uow(cause: Cause | None = None) -> MongoNotifyUnitOfWork:
        cause = cause or Cause()
        return MongoNotifyUnitOfWork(rt.unit_of_work(), lambda ev: to_wire(ev, cause))

    return uow
