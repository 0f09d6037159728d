"""E-mail and SMS with fakes: a delivery per address the preferences allow, retried with backoff
while the server fails, sent once, failed with the reason when retrying is futile or runs out;
each attempt's outcome an event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from egisz.notify import usecases
from egisz.notify.channels import DeliveryError, Sender
from egisz.notify.domain.model import (
    Channel,
    DeliveryAttempted,
    DeliveryStatus,
    Message,
    NotificationKind,
    person,
)
from egisz.notify.repository import FakeDeliveryQueue, FakeNotifyUnitOfWork
from egisz.notify.templates import Templates
from egisz.runtime.handling import handling

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
ANNA = person("11223344595")
BOTH = frozenset({Channel.EMAIL, Channel.SMS})
DELAYS = [10.0, 60.0]


class Server:
    """Fails the next `failures` sends (permanently if told), then takes every message."""

    def __init__(self, failures: int = 0, *, permanent: bool = False) -> None:
        self.failures, self.permanent = failures, permanent
        self.received: list[tuple[str, str, str]] = []
        self.keys: list[str] = []

    async def send(self, address: str, subject: str, text: str, *, key: str) -> None:
        self.keys.append(key)
        if self.failures:
            self.failures -= 1
            raise DeliveryError("451 try later", permanent=self.permanent)
        self.received.append((address, subject, text))


async def anna_told(uow: FakeNotifyUnitOfWork, *, email: bool = True, sms: bool = True) -> None:
    with handling("worker-registered", "contacts"):
        await usecases.remember_contacts(
            uow,
            contacts=usecases.Contacts(ANNA, 1, "Анна", ["anna@example.org"], "9161234567"),
        )
    await usecases.set_preferences(uow, mailbox_id=ANNA, email=email, sms=sms, language=None)
    message = Message(
        NotificationKind.APPLICATION_STATUS,
        {"speciality": "терапия", "status": "passed", "status_title": "Пройдена", "reason": None},
        recipient_id=ANNA,
    )
    with handling("c", "e1"):
        await usecases.notify(
            uow,
            Templates(),
            source_event_id="e1",
            messages=[message],
            channels=BOTH,
            clock=lambda: T0,
        )


async def run(uow: FakeNotifyUnitOfWork, senders: dict[Channel, Sender], at: datetime) -> int:
    return await usecases.dispatch(
        lambda: uow,
        FakeDeliveryQueue(uow),
        senders,
        delays=DELAYS,
        lease_seconds=30,
        clock=lambda: at,
    )


def outcomes(uow: FakeNotifyUnitOfWork) -> list[tuple[str, str, int]]:
    return [
        (e.channel.value, e.outcome, e.attempt)
        for e in uow.published
        if isinstance(e, DeliveryAttempted)
    ]


async def test_a_failing_smtp_server_gets_the_mail_once_it_recovers() -> None:
    uow, mail, sms = FakeNotifyUnitOfWork(), Server(failures=1), Server()
    await anna_told(uow)
    await run(uow, {Channel.EMAIL: mail, Channel.SMS: sms}, T0)
    assert (mail.received, len(sms.received)) == ([], 1)
    assert await run(uow, {Channel.EMAIL: mail, Channel.SMS: sms}, T0 + timedelta(seconds=5)) == 0
    await run(uow, {Channel.EMAIL: mail, Channel.SMS: sms}, T0 + timedelta(seconds=11))
    await run(uow, {Channel.EMAIL: mail, Channel.SMS: sms}, T0 + timedelta(hours=1))
    [(address, subject, _)] = mail.received
    assert (address, subject) == ("anna@example.org", "Заявление на аккредитацию: Пройдена")
    [first, second] = mail.keys  # the failed attempt and the sent one: one message, one key
    assert first == second != sms.keys[0]
    assert sorted(outcomes(uow)) == [
        ("email", "retrying", 1),
        ("email", "sent", 2),
        ("sms", "sent", 1),
    ]


async def test_retries_run_out_or_a_refused_address_fails_with_the_reason() -> None:
    uow, mail, sms = FakeNotifyUnitOfWork(), Server(failures=9), Server(failures=1, permanent=True)
    await anna_told(uow)
    for seconds in (0, 11, 72, 200):
        await run(uow, {Channel.EMAIL: mail, Channel.SMS: sms}, T0 + timedelta(seconds=seconds))
    statuses = {
        d.channel: (d.status, d.attempts, d.last_error) for d in uow.delivery_store.values()
    }
    assert statuses == {
        Channel.EMAIL: (DeliveryStatus.FAILED, 3, "451 try later"),
        Channel.SMS: (DeliveryStatus.FAILED, 1, "451 try later"),
    }


async def test_preferences_are_honoured_and_the_inbox_is_always_on() -> None:
    uow = FakeNotifyUnitOfWork()
    await anna_told(uow, email=False, sms=True)
    assert [d.channel for d in uow.delivery_store.values()] == [Channel.SMS]
    assert len(uow.notifications) == 1
