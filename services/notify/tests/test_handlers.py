"""Notify's entry points on the in-memory broker: an event heard once becomes the person's notice,
which only they read — the runtime's whole path over the fake unit of work, no server."""

from __future__ import annotations

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.contracts.registry import WorkerRegistered
from egisz.notify import handlers
from egisz.notify.gateways import HoursGateway
from egisz.notify.repository import FakeDeliveryQueue, FakeNotifyUnitOfWork
from egisz.notify.settings import NotifySettings
from egisz.notify.templates import Templates
from egisz.testsupport.inmemory import InMemoryService

SNILS = "11223344595"


def notify_service(uow: FakeNotifyUnitOfWork) -> InMemoryService:
    settings = NotifySettings()

    def no_hours() -> HoursGateway:
        raise AssertionError("no reminder is sent in these tests")

    deps = handlers.Dependencies(
        units=lambda origin=None: uow,
        templates=Templates(settings.language),
        senders={},
        hours=no_hours,
        queue=lambda: FakeDeliveryQueue(uow),
        approval_reminder_days=settings.approval_reminder_days,
        not_delivered_reminder_days=settings.not_delivered_reminder_days,
        delivery_retry_delays_seconds=settings.delivery_retry_delays_seconds,
        delivery_lease_seconds=settings.delivery_lease_seconds,
    )
    return InMemoryService(settings, handlers.ROUTERS, deps, inbox_of=uow)


def registered() -> WorkerRegistered:
    return WorkerRegistered(
        worker_id="w1",
        snils=SNILS,
        record_version=1,
        last_name="Петрова",
        first_name="Анна",
        middle_name="Сергеевна",
        birth_date="1985-04-12",  # type: ignore[arg-type]
        email="petrova@example.org",
    )


async def test_the_cabinet_notice_comes_once_and_only_its_person_reads_it() -> None:
    uow = FakeNotifyUnitOfWork()
    async with notify_service(uow) as svc:
        event_id = await svc.publish(subjects.WORKER_REGISTERED, registered())
        await svc.publish(subjects.WORKER_REGISTERED, registered(), event_id=event_id)
        own = await svc.command(subjects.INBOX_LIST, {}, role=Role.WORKER, snils=SNILS)
        other = await svc.command(subjects.INBOX_LIST, {}, role=Role.WORKER, snils="12345678964")
    assert own["ok"], own
    assert [n["title"] for n in own["result"]["items"]] == ["Личный кабинет создан"]
    assert own["result"]["unread_count"] == 1
    assert other["result"]["items"] == []
