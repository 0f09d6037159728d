"""Reminders on real NATS and MongoDB with a controllable day: planned from the events, each step
sent once even by two runners at the same moment and never again after a restart; the hours
reminder asks the real portfolio service; a settled subject cancels the rest."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from egisz.contracts import (
    accreditation as accreditation_wire,
    portfolio as portfolio_wire,
    registry as registry_wire,
    subjects,
)
from egisz.contracts.envelope import Role
from egisz.notify import usecases
from egisz.notify.domain.model import Channel
from egisz.notify.gateways import NatsHoursGateway
from egisz.notify.repository import NOTIFICATIONS, REMINDERS, MongoNotifyUnitOfWork
from egisz.notify.templates import Templates
from egisz.notify.wire import to_wire
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.auth import issue_token
from egisz.runtime.events import Cause
from egisz.testsupport.harness import As, Caller, eventually, publish_event

from .conftest import MailServer
from .test_notify_flow import bell, fresh_snils, head_in_frmo

pytestmark = pytest.mark.integration

templates = Templates()
CHANNELS = frozenset({Channel.EMAIL, Channel.SMS})


def runner(notify: ServiceRuntime, token: str) -> tuple[object, NatsHoursGateway]:
    def uow() -> MongoNotifyUnitOfWork:
        return MongoNotifyUnitOfWork(notify.unit_of_work(), lambda e: to_wire(e, Cause()))

    return uow, NatsHoursGateway(notify.broker.connection, token=token, timeout=5)


REVIEW = "Проверьте свои данные в ФРМР"


async def not_review(me: Caller) -> int:
    """Her notices but the six-monthly «review your data» ones."""
    items = (await me(subjects.INBOX_LIST.subject, {"limit": 100}))["result"]["items"]
    return sum(1 for i in items if i["title"] != REVIEW)


async def test_accreditation_reminders_fire_on_their_steps_once_across_runners_and_restarts(
    notify: ServiceRuntime,
    portfolio: ServiceRuntime,
    as_: As,
    mail_server: MailServer,
    dev_keys: tuple,  # type: ignore[type-arg]
) -> None:
    worker_id, snils = uuid.uuid4().hex, fresh_snils()
    address = f"{uuid.uuid4().hex[:8]}@example.org"
    registered = registry_wire.WorkerRegistered(
        worker_id=worker_id,
        snils=snils,
        record_version=1,
        last_name="Напоминаемая",
        first_name="Ольга",
        birth_date=date(1980, 1, 2),
        email=address,
    )
    await publish_event(notify, subjects.WORKER_REGISTERED, registered)
    me = as_.worker(snils)
    await eventually(lambda: me(subjects.READINESS_GET.subject, {}), lambda r: r["ok"])
    await eventually(lambda: bell(me), lambda n: n == 1)  # «Личный кабинет создан» is in
    employer = f"1.2.643.5.1.13.13.12.2.53.{uuid.uuid4().int % 10**6}"
    job = registry_wire.EmploymentRecord(
        employment_id=uuid.uuid4().hex,
        organization_oid=employer,
        position="Врач-терапевт",
        rate=1,  # type: ignore[arg-type]
        kind="main",
        start_date=date(2020, 1, 1),
    )
    started = registry_wire.EmploymentStarted(
        worker_id=worker_id, snils=snils, record_version=2, employment=job
    )
    await publish_event(notify, subjects.EMPLOYMENT_STARTED, started)
    await eventually(lambda: bell(me), lambda n: n == 2)  # «В ФРМР добавлено место работы»
    passed = accreditation_wire.AccreditationPassed(
        application_id=uuid.uuid4().hex,
        worker_id=worker_id,
        snils=snils,
        kind="periodic",
        speciality="терапия",
        passed_on=date(2026, 11, 20),
        valid_until=date(2031, 11, 20),
        protocol_number="П-1",
    )
    await publish_event(notify, subjects.ACCREDITATION_PASSED, passed)
    planned = await eventually(
        lambda: notify.mongo[REMINDERS].count_documents(
            {"recipient_id": f"person:{snils}", "kind": {"$ne": "data_review_due"}}
        ),
        lambda n: n == 10,
    )
    assert planned == 10  # 7 expiry steps + 3 hours checks in the last year

    token = issue_token(dev_keys[0].read_text(), role=Role.SERVICE, sub="service:notify")
    new_uow, hours = runner(notify, token)

    async def run(day: date) -> int:
        return await usecases.send_due_reminders(
            new_uow,  # type: ignore[arg-type]
            templates,
            hours,
            today=day,
            channels=CHANNELS,
        )

    # Counted in her inbox: the runs also send other tests' reminders that are due.
    # Her six-monthly «review your data» reminders fall due too: counted apart (`not_review`).
    await run(date(2030, 11, 19))
    assert await not_review(me) == 2  # only the cabinet and the job
    await asyncio.gather(run(date(2030, 11, 20)), run(date(2030, 11, 20)))
    assert (
        await not_review(me) == 4
    )  # the 12-month expiry and hours reminders, once between two runners
    await run(date(2030, 11, 20))
    assert await not_review(me) == 4  # a restart finds them sent
    items = (await me(subjects.INBOX_LIST.subject, {}))["result"]["items"]
    titles = sorted(i["title"] for i in items if i["title"] != REVIEW)
    assert titles == [
        "Аккредитация истекает 20.11.2031",
        "В ФРМР добавлено место работы: Врач-терапевт",
        "Личный кабинет создан",
        "Не хватает часов непрерывного образования",
    ]
    hours_body = next(i["body"] for i in items if i["title"].startswith("Не хватает"))
    assert "Недостаточно часов непрерывного образования" in hours_body  # the portfolio's words
    mails = await eventually(
        lambda: _mails(mail_server, address),
        lambda m: len([x for x in m if str(x["Subject"]) != REVIEW]) == 4,
        timeout=20,
    )
    assert sorted(str(m["Subject"]) for m in mails if str(m["Subject"]) != REVIEW) == titles

    await run(date(2031, 11, 21))  # a late runner: every step left (6 + 2), each once
    await run(date(2031, 11, 21))
    assert await not_review(me) == 12
    told = await notify.mongo[NOTIFICATIONS].find({"recipient_id": f"org:{employer}"}).to_list()
    assert [n["title"] for n in told] == ["Напоминаемая Ольга: аккредитация истекает 20.11.2031"], (
        "six months before, the organization she works for hears it once"
    )


async def test_an_approval_waiting_reminder_goes_to_the_head_until_the_decision(
    notify: ServiceRuntime,
    as_: As,
    dev_keys: tuple,  # type: ignore[type-arg]
) -> None:
    worker_id, snils = uuid.uuid4().hex, fresh_snils()
    await publish_event(
        notify,
        subjects.WORKER_REGISTERED,
        registry_wire.WorkerRegistered(
            worker_id=worker_id,
            snils=snils,
            last_name="Ждущая",
            first_name="Вера",
            birth_date=date(1990, 5, 5),
        ),
    )
    await eventually(lambda: bell(as_.worker(snils)), lambda n: n == 1)
    org, head_name, portfolio_id = (
        "1.2.643.5.1.13.13.12.2.77.902",
        "Главная Ирина Ивановна",
        uuid.uuid4().hex,
    )
    await publish_event(
        notify,
        subjects.APPROVAL_REQUESTED,
        portfolio_wire.ApprovalRequested(
            portfolio_id=portfolio_id,
            worker_id=worker_id,
            organization_oid=org,
            head_name=head_name,
            report_version=1,
            requested_at=datetime.now(UTC),
        ),
    )
    await head_in_frmo(notify, org, head_name)
    head = as_.manager(org, head_name)
    await eventually(lambda: bell(head), lambda n: n >= 1)
    token = issue_token(dev_keys[0].read_text(), role=Role.SERVICE, sub="service:notify")
    new_uow, hours = runner(notify, token)

    async def run(day: date) -> int:
        return await usecases.send_due_reminders(new_uow, templates, hours, today=day)  # type: ignore[arg-type]

    today = datetime.now(UTC).date()
    await run(today + timedelta(days=3))
    waiting = [
        i
        for i in (await head(subjects.INBOX_LIST.subject, {}))["result"]["items"]
        if i["kind"] == "approval_waiting"
    ]
    assert [w["title"] for w in waiting] == ["Отчёт ждёт согласования 3 дн."]
    await publish_event(
        notify,
        subjects.APPROVAL_DECIDED,
        portfolio_wire.ApprovalDecided(
            portfolio_id=portfolio_id,
            worker_id=worker_id,
            status="approved",
            method="signature",
            decided_at=datetime.now(UTC),
        ),
    )
    await eventually(
        lambda: notify.mongo[REMINDERS].find_one({"_id": f"approval:{portfolio_id}:7d"}),
        lambda r: r is not None and r["status"] == "cancelled",
    )
    await run(today + timedelta(days=30))
    kinds = [i["kind"] for i in (await head(subjects.INBOX_LIST.subject, {}))["result"]["items"]]
    assert kinds.count("approval_waiting") == 1


async def _mails(server: MailServer, address: str) -> list:  # type: ignore[type-arg]
    return server.to(address)


async def test_a_heads_signing_key_is_announced_before_it_runs_out_and_a_new_key_replaces_it(
    notify: ServiceRuntime,
    as_: As,
    dev_keys: tuple,  # type: ignore[type-arg]
) -> None:
    org = f"1.2.643.5.1.13.13.12.2.77.{uuid.uuid4().int % 10**6}"
    head_name = "Ключевой Пётр Ильич"
    await head_in_frmo(notify, org, head_name)
    today = datetime.now(UTC).date()

    async def registered(valid_until: date) -> None:
        await publish_event(
            notify,
            subjects.SIGNING_KEY_REGISTERED,
            portfolio_wire.SigningKeyRegistered(
                organization_oid=org,
                head_name=head_name,
                scheme="ed25519",
                fingerprint=uuid.uuid4().hex * 2,
                valid_until=valid_until,
                registered_at=datetime.now(UTC),
            ),
        )

    async def scheduled() -> list[dict]:  # type: ignore[type-arg]
        return (
            await notify.mongo[REMINDERS]
            .find({"recipient_id": {"$regex": f"^head:{org}:"}, "status": "scheduled"})
            .to_list()
        )

    await registered(today + timedelta(days=200))
    steps = await eventually(scheduled, lambda found: len(found) == 6)
    assert sorted(s["step"] for s in steps) == ["10d", "15d", "1m", "5d", "6m", "expired"]
    await registered(today + timedelta(days=40))  # a new key: its own plan only
    steps = await eventually(scheduled, lambda found: len(found) == 5)
    assert sorted(s["step"] for s in steps) == ["10d", "15d", "1m", "5d", "expired"]

    token = issue_token(dev_keys[0].read_text(), role=Role.SERVICE, sub="service:notify")
    new_uow, hours = runner(notify, token)
    await usecases.send_due_reminders(new_uow, templates, hours, today=today + timedelta(days=41))  # type: ignore[arg-type]
    head = as_.manager(org, head_name)
    until = (today + timedelta(days=40)).strftime("%d.%m.%Y")

    async def titles_read() -> list[str]:  # readable once FRMO's head reached notify
        reply = await head(subjects.INBOX_LIST.subject, {})
        return [i["title"] for i in reply["result"]["items"]] if reply["ok"] else []

    titles = await eventually(titles_read, lambda t: len(t) >= 2)
    assert f"Ключ электронной подписи действует до {until}" in titles
    assert "Срок действия ключа электронной подписи истёк" in titles
