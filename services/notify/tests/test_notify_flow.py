"""Notify on real NATS and MongoDB with a real SMTP server and HTTP SMS gateway: events become
notifications for the people they concern, the bell counts right, a redelivered event sends one
e-mail, an outage is retried and then delivered exactly once, preferences are honoured."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from nats.aio.client import Client as NatsClient
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from egisz.contracts import (
    accreditation as accreditation_wire,
    portfolio as portfolio_wire,
    registry as registry_wire,
    subjects,
)
from egisz.notify.repository import DELIVERIES
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import As, Caller, eventually, publish_event

from .conftest import MailServer, SmsGateway

pytestmark = pytest.mark.integration

ORG = "1.2.643.5.1.13.13.12.2.77.901"


def fresh_snils() -> str:
    return f"{uuid.uuid4().int % 10**11:011d}"


async def registered(
    notify: ServiceRuntime, *, email: str | None, phone: str | None = None
) -> tuple[str, str, str]:
    """A worker the registry announced: (worker_id, snils, event id)."""
    worker_id, snils = uuid.uuid4().hex, fresh_snils()
    data = registry_wire.WorkerRegistered(
        worker_id=worker_id,
        snils=snils,
        record_version=1,
        last_name="Уведомлёнова",
        first_name="Анна",
        middle_name="Сергеевна",
        birth_date=date(1985, 3, 4),
        email=email,
        phone=phone,
    )
    event_id = await publish_event(notify, subjects.WORKER_REGISTERED, data)
    return worker_id, snils, event_id


async def bell(me: Caller) -> int:
    reply = await me(subjects.INBOX_LIST.subject, {})
    return int(reply["result"]["unread_count"]) if reply["ok"] else -1


def status_changed(
    snils: str, status: str, title: str
) -> accreditation_wire.ApplicationStatusChanged:
    return accreditation_wire.ApplicationStatusChanged(
        application_id=uuid.uuid4().hex,
        worker_id="w",
        snils=snils,
        kind="periodic",
        speciality="терапия",
        status=status,  # type: ignore[arg-type]
        status_title=title,
        actor="fac:intake",
    )


async def test_the_bell_counts_right_and_a_redelivered_event_sends_one_email(
    notify: ServiceRuntime, as_: As, mail_server: MailServer, sms_gateway: SmsGateway
) -> None:
    address = f"{uuid.uuid4().hex[:8]}@example.org"
    _, snils, event_id = await registered(notify, email=address, phone="9160000001")
    me = as_.worker(snils)
    assert await eventually(lambda: bell(me), lambda n: n == 1) == 1
    # The same event again, past the stream's duplicate window: still one of everything.
    data = registry_wire.WorkerRegistered(
        worker_id="x",
        snils=snils,
        last_name="Уведомлёнова",
        first_name="Анна",
        birth_date=date(1985, 3, 4),
        email=address,
    )
    await publish_event(notify, subjects.WORKER_REGISTERED, data, event_id=event_id, msg_id="again")
    await publish_event(
        notify,
        subjects.APPLICATION_STATUS_CHANGED,
        status_changed(snils, "under_review", "На рассмотрении"),
    )
    assert await eventually(lambda: bell(me), lambda n: n == 2) == 2
    mails = await eventually(lambda: _async(mail_server.to(address)), lambda m: len(m) == 2)
    subjects_ = sorted(str(m["Subject"]) for m in mails)
    assert subjects_ == ["Заявление на аккредитацию: На рассмотрении", "Личный кабинет создан"]
    assert "Анна Сергеевна" in mails[0].get_content() + mails[1].get_content()
    page = (await me(subjects.INBOX_LIST.subject, {}))["result"]
    newest = page["items"][0]["notification_id"]
    marked = await me(subjects.INBOX_MARK_READ.subject, {"notification_id": newest})
    assert marked["result"] == {"marked": 1, "unread_count": 1}
    assert len(sms_gateway.to("+79160000001")) == 2
    stranger = await as_.worker(fresh_snils())(
        subjects.INBOX_MARK_READ.subject, {"notification_id": newest}
    )
    assert stranger["error"]["code"] == "notification_not_found"


async def head_in_frmo(notify: ServiceRuntime, org: str, name: str) -> None:
    await publish_event(
        notify,
        subjects.ORGANIZATION_UPDATED,
        registry_wire.OrganizationUpdated(oid=org, name="ГБУЗ", sections=["head"], head_name=name),
    )


async def _async(value: Any) -> Any:
    return value


def deliveries_counted(rt: ServiceRuntime) -> dict[tuple[str, str], float]:
    """`egisz_notify_deliveries_total` as the service's `/metrics` renders it."""
    text = generate_latest(rt.metrics).decode()
    return {
        (s.labels["channel"], s.labels["outcome"]): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == "egisz_notify_deliveries_total"
    }


async def test_an_smtp_outage_is_retried_and_then_delivered_exactly_once(
    notify: ServiceRuntime, as_: As, mail_server: MailServer, nc: NatsClient
) -> None:
    attempts: list[dict[str, Any]] = []
    import json

    async def record(msg: Any) -> None:
        attempts.append(json.loads(msg.data)["data"])

    sub = await nc.subscribe(subjects.DELIVERY_ATTEMPTED.subject, cb=record)
    address = f"{uuid.uuid4().hex[:8]}@example.org"
    before = deliveries_counted(notify)
    mail_server.stop()
    try:
        await registered(notify, email=address)
        await eventually(
            lambda: _async([a for a in attempts if a["outcome"] == "retrying"]),
            lambda found: len(found) >= 1,
        )
    finally:
        mail_server.start()
    mails = await eventually(lambda: _async(mail_server.to(address)), lambda m: len(m) == 1)
    assert len(mails) == 1
    delivery = await eventually(
        lambda: notify.mongo[DELIVERIES].find_one({"address": address}),
        lambda d: d is not None and d["status"] == "sent",
    )
    assert delivery["attempts"] >= 2
    counted = deliveries_counted(notify)  # what /metrics says of it
    assert counted["email", "failed"] - before.get(("email", "failed"), 0) >= 1
    assert counted["email", "sent"] - before.get(("email", "sent"), 0) >= 1
    key = delivery["_id"].replace(":", ".")
    assert mails[0]["Message-ID"].startswith(f"<{key}@")  # the same on every attempt
    # the attempts' events come through the outbox after the state they tell of: wait for "sent"
    mine = await eventually(
        lambda: _async([a["outcome"] for a in attempts if a["delivery_id"] == delivery["_id"]]),
        lambda found: "sent" in found,
    )
    assert mine[-1] == "sent" and set(mine[:-1]) == {"retrying"}
    assert (
        "unreachable"
        in (next(a for a in attempts if a["delivery_id"] == delivery["_id"])["reason"])
    )
    await publish_event(  # a later message to the same person proves the queue moved on
        notify,
        subjects.APPLICATION_STATUS_CHANGED,
        status_changed(delivery["recipient_id"][7:], "passed", "Пройдена"),
    )
    await eventually(lambda: _async(mail_server.to(address)), lambda m: len(m) == 2)
    assert [str(m["Subject"]) for m in mail_server.to(address)].count("Личный кабинет создан") == 1
    await sub.unsubscribe()


async def test_preferences_are_honoured_and_an_sms_gateway_outage_is_retried(
    notify: ServiceRuntime, as_: As, mail_server: MailServer, sms_gateway: SmsGateway
) -> None:
    address = f"{uuid.uuid4().hex[:8]}@example.org"
    phone = f"916{uuid.uuid4().int % 10**7:07d}"
    _, snils, _ = await registered(notify, email=address, phone=phone)
    me = as_.worker(snils)
    await eventually(lambda: bell(me), lambda n: n == 1)
    shown = (await me(subjects.PREFERENCES_GET.subject, {}))["result"]
    assert (shown["email_enabled"], shown["sms_enabled"], shown["phone"]) == (
        True,
        True,
        f"***{phone[-4:]}",
    )
    assert shown["emails"] == [address[0] + "***@example.org"]
    bad = await me(subjects.PREFERENCES_UPDATE.subject, {"language": "de"})
    assert [f["field"] for f in bad["error"]["fields"]] == ["language"]
    huge = await me(subjects.PREFERENCES_UPDATE.subject, {"language": "x" * 800_000})
    assert [f["field"] for f in huge["error"]["fields"]] == ["language"]  # answered, not echoed
    assert "xxxxxxxxxx" not in str(huge)
    off = await me(subjects.PREFERENCES_UPDATE.subject, {"email_enabled": False})
    assert off["result"]["email_enabled"] is False

    sms_gateway.failing = True
    try:
        await publish_event(
            notify,
            subjects.APPLICATION_STATUS_CHANGED,
            status_changed(snils, "passed", "Аккредитация пройдена"),
        )
        await eventually(lambda: bell(me), lambda n: n == 2)
        await eventually(
            lambda: notify.mongo[DELIVERIES].find_one({"address": phone, "attempts": {"$gte": 2}}),
            lambda d: d is not None,
        )
    finally:
        sms_gateway.failing = False
    sms = await eventually(lambda: _async(sms_gateway.to(f"+7{phone}")), lambda m: len(m) == 2)
    retried = await notify.mongo[DELIVERIES].find_one({"address": phone, "attempts": {"$gte": 2}})
    assert retried is not None
    assert sms_gateway.keys[retried["_id"]][-1] == 202  # every attempt under the delivery's key
    assert set(sms_gateway.keys[retried["_id"]][:-1]) == {503}
    assert sorted(m["text"] for m in sms) == [
        "Заявление на аккредитацию: Аккредитация пройдена",
        "Личный кабинет создан",
    ]
    assert len(mail_server.to(address)) == 1  # only the one before e-mail was turned off


async def test_a_head_and_an_organizations_officers_get_what_concerns_them(
    notify: ServiceRuntime, as_: As, mail_server: MailServer
) -> None:
    worker_id, snils, _ = await registered(notify, email=None)
    await eventually(lambda: bell(as_.worker(snils)), lambda n: n == 1)
    org = f"{ORG}.{uuid.uuid4().int % 10**6}"
    officer_mail = f"hr-{uuid.uuid4().hex[:6]}@clinic.example"
    officer_snils = fresh_snils()
    await publish_event(
        notify,
        subjects.ACCESS_GRANTED,
        registry_wire.AccessGranted(
            organization_oid=org,
            employees=[
                registry_wire.ResponsibleEmployee(
                    last_name="Кадрова", first_name="Ольга", snils=officer_snils, email=officer_mail
                )
            ],
        ),
    )
    officer = as_.officer(org, snils=officer_snils)
    # Consumers run independently: the organization's e-mail is known once the grant is in.
    await eventually(lambda: bell(officer), lambda n: n == 1)
    await publish_event(
        notify,
        subjects.CORRECTION_REQUESTED,
        registry_wire.CorrectionRequested(
            correction_id="c1",
            worker_id=worker_id,
            organization_oid=org,
            section="personal",
            description="Отчество с ошибкой",
        ),
    )
    # the grant's notice in their own mailbox, the report in the organization's
    await eventually(lambda: bell(officer), lambda n: n == 2)
    stranger = as_.officer(org, snils=fresh_snils())  # a token for the org, no grant in FRMO
    assert await bell(stranger) == 0
    mails = await eventually(lambda: _async(mail_server.to(officer_mail)), lambda m: len(m) == 2)
    assert {str(m["Subject"]) for m in mails} == {
        "Доступ к ФРМО/ФРМР предоставлен",  # the grant reaches the employee
        "Сообщение о неточности в ФРМР",
    }
    # The organization's own preferences: set by an officer FRMO gives access, nobody else.
    ours = {"for_organization": True}
    turned = await officer(subjects.PREFERENCES_UPDATE.subject, ours | {"email_enabled": False})
    assert turned["result"]["email_enabled"] is False
    own = (await officer(subjects.PREFERENCES_GET.subject, {}))["result"]
    assert own["email_enabled"] is True, "the officer's own mailbox is another one"
    refused = await stranger(subjects.PREFERENCES_UPDATE.subject, ours | {"email_enabled": True})
    assert refused["error"]["code"] == "forbidden"

    head_name = f"Главврачёв Пётр {uuid.uuid4().hex[:4]}"
    await head_in_frmo(notify, org, head_name)
    await publish_event(
        notify,
        subjects.APPROVAL_REQUESTED,
        portfolio_wire.ApprovalRequested(
            portfolio_id=uuid.uuid4().hex,
            worker_id=worker_id,
            organization_oid=org,
            head_name=head_name,
            report_version=1,
            requested_at=datetime.now(UTC),
        ),
    )
    the_head = as_.manager(org, head_name.upper())
    await eventually(lambda: bell(the_head), lambda n: n == 1)
    [item] = (await the_head(subjects.INBOX_LIST.subject, {}))["result"]["items"]
    assert item["title"] == "Отчёт на согласование"
    assert "Уведомлёнова Анна Сергеевна" in item["body"]
    assert await bell(as_.manager(org, "Другой Иван")) == 0
    await publish_event(
        notify,
        subjects.APPROVAL_DECIDED,
        portfolio_wire.ApprovalDecided(
            portfolio_id="p",
            worker_id=worker_id,
            status="approved",
            method="signature",
            decided_at=datetime.now(UTC),
        ),
    )
    assert await eventually(lambda: bell(as_.worker(snils)), lambda n: n == 2) == 2


async def test_the_rest_of_what_reaches_whom(
    notify: ServiceRuntime,
    as_: As,
    nc: NatsClient,
    mail_server: MailServer,
    dev_keys: tuple,  # type: ignore[type-arg]
) -> None:
    from egisz.contracts.envelope import Role
    from egisz.notify.repository import REMINDERS
    from egisz.runtime.auth import issue_token

    # An FRMO request's submitter: their own inbox by their sign-in, e-mail to the request's contact.
    sub, contact = f"user-{uuid.uuid4().hex[:8]}", f"info-{uuid.uuid4().hex[:6]}@clinic.example"
    await publish_event(
        notify,
        subjects.REQUEST_STATUS_CHANGED,
        registry_wire.RegistrationRequestStatusChanged(
            request_id="r1",
            status="clarification_requested",
            status_title="Запрос уточнений",
            reason="Приложите лицензию",
            applicant=sub,
            organization_name="ГБУЗ «Поликлиника № 7»",
            inn="7701234567",
            contact_email=contact,
        ),
    )
    key = dev_keys[0].read_text()
    submitter = Caller(nc, issue_token(key, role=Role.WORKER, sub=sub, snils=fresh_snils()))
    await eventually(lambda: bell(submitter), lambda n: n == 1)
    [mail] = await eventually(lambda: _async(mail_server.to(contact)), lambda m: len(m) == 1)
    assert str(mail["Subject"]) == "Заявка в ФРМО: Запрос уточнений"
    assert "Приложите лицензию" in mail.get_content()

    # The worker: a resolved correction, a missed deadline, an undelivered application.
    worker_id, snils, _ = await registered(notify, email=None)
    me = as_.worker(snils)
    await eventually(lambda: bell(me), lambda n: n == 1)
    await publish_event(
        notify,
        subjects.CORRECTION_RESOLVED,
        registry_wire.CorrectionResolved(
            correction_id="c1", worker_id=worker_id, organization_oid=ORG, status="corrected"
        ),
    )
    await publish_event(
        notify,
        subjects.APPLICATION_DEADLINE_MISSED,
        accreditation_wire.DeadlineMissed(
            application_id="a1",
            worker_id=worker_id,
            snils=snils,
            speciality="терапия",
            stage="documents_check",
            due=date(2026, 12, 18),
        ),
    )
    lost = status_changed(snils, "not_delivered", "Не доставлено")
    await publish_event(notify, subjects.APPLICATION_STATUS_CHANGED, lost)
    await eventually(lambda: bell(me), lambda n: n == 4)
    titles = {i["title"] for i in (await me(subjects.INBOX_LIST.subject, {}))["result"]["items"]}
    assert {
        "Обращение о неточности: запись исправлена",
        "Срок рассмотрения заявления истёк",
        "Заявление на аккредитацию: Не доставлено",
    } <= titles
    reminder = await eventually(
        lambda: notify.mongo[REMINDERS].find_one({"group": f"not_delivered:{lost.application_id}"}),
        lambda r: r is not None,
    )
    assert (reminder["status"], reminder["kind"]) == ("scheduled", "application_not_delivered")
    delivered = lost.model_copy(
        update={"status": "under_review", "status_title": "На рассмотрении"}
    )
    await publish_event(notify, subjects.APPLICATION_STATUS_CHANGED, delivered)
    await eventually(
        lambda: notify.mongo[REMINDERS].find_one({"_id": reminder["_id"]}),
        lambda r: r["status"] == "cancelled",
    )

    # A specialist certificate: its expiry reminders are planned.
    certificate = registry_wire.CertificateAdded(
        worker_id=worker_id,
        snils=snils,
        certificate=registry_wire.Certificate(
            certificate_id=uuid.uuid4().hex,
            number="0177241234567",
            issuer="ПМГМУ",
            speciality="терапия",
            issued_on=date(2023, 1, 10),
            valid_until=date(2028, 1, 10),
        ),
    )
    await publish_event(notify, subjects.CERTIFICATE_ADDED, certificate)
    steps = await eventually(
        lambda: (
            notify.mongo[REMINDERS]
            .find({"group": f"certificate:{certificate.certificate.certificate_id}"})
            .to_list()
        ),
        lambda found: len(found) == 7,
    )
    assert {s["kind"] for s in steps} == {"certificate_expiring", "certificate_expired"}


async def test_a_missed_deadline_reaches_the_centers_desk_and_checked_documents_the_worker(
    notify: ServiceRuntime, as_: As
) -> None:
    from egisz.contracts.envelope import Role

    _, snils, _ = await registered(notify, email=None)
    me, application_id = as_.worker(snils), uuid.uuid4().hex
    await eventually(lambda: bell(me), lambda n: n == 1)
    await publish_event(
        notify,
        subjects.APPLICATION_DOCUMENTS_CHECKED,
        accreditation_wire.DocumentsChecked(
            application_id=application_id,
            worker_id="w1",
            snils=snils,
            speciality="терапия",
            checked_on=date(2026, 12, 1),
            decision_due=date(2026, 12, 22),
        ),
    )
    await publish_event(
        notify,
        subjects.APPLICATION_DEADLINE_MISSED,
        accreditation_wire.DeadlineMissed(
            application_id=application_id,
            worker_id="w1",
            snils=snils,
            speciality="терапия",
            stage="decision",
            due=date(2026, 12, 22),
        ),
    )
    await eventually(lambda: bell(me), lambda n: n == 3)
    mine = {
        i["title"]: i["body"]
        for i in (await me(subjects.INBOX_LIST.subject, {}))["result"]["items"]
    }
    assert "решение — до 22.12.2026" in mine["Документы по заявлению проверены"]

    async def desk() -> list[dict[str, Any]]:
        reply = await as_.role(Role.FAC_OPERATOR)(subjects.INBOX_LIST.subject, {"limit": 100})
        return [i for i in reply["result"]["items"] if application_id in i["body"]]

    [told] = await eventually(desk, lambda found: len(found) == 1)
    assert told["title"] == "Просрочен этап рассмотрения заявления"
    assert "решения аккредитационной комиссии истёк 22.12.2026" in told["body"]
    assert snils not in told["body"]
    worker_sees = (await me(subjects.INBOX_LIST.subject, {"limit": 100}))["result"]["items"]
    assert all(application_id not in i["body"] for i in worker_sees), "the desk's is the center's"


async def test_a_job_entered_by_any_organization_and_a_revoked_access_reach_the_person(
    notify: ServiceRuntime, as_: As, mail_server: MailServer
) -> None:
    email = f"worker-{uuid.uuid4().hex[:6]}@example.ru"
    worker_id, snils, _ = await registered(notify, email=email)
    me = as_.worker(snils)
    await eventually(lambda: bell(me), lambda n: n == 1)
    await publish_event(
        notify,
        subjects.EMPLOYMENT_STARTED,
        registry_wire.EmploymentStarted(
            worker_id=worker_id,
            snils=snils,
            record_version=2,
            employment=registry_wire.EmploymentRecord(
                employment_id="e1",
                organization_oid="1.2.643.5.1.13.13.12.2.50.7",
                position="Врач",
                rate=1,
                kind="part_time",
                start_date=date(2001, 1, 1),
                end_date=date(2001, 1, 2),
                dismissal_reason="по собственному желанию",
            ),
        ),  # type: ignore[arg-type]
    )
    await publish_event(
        notify,
        subjects.ACCESS_REVOKED,
        registry_wire.AccessRevoked(
            organization_oid="1.2.643.5.1.13.13.12.2.50.7",
            snils=snils,
            email=email,
            reason="Уволилась",
        ),
    )
    await eventually(lambda: bell(me), lambda n: n == 3)
    items = (await me(subjects.INBOX_LIST.subject, {}))["result"]["items"]
    titles = {i["title"] for i in items}
    assert titles >= {"В ФРМР добавлено место работы: Врач", "Доступ к ФРМО/ФРМР отозван"}
    job = next(i for i in items if i["title"].startswith("В ФРМР"))
    assert "01.01.2001 по 02.01.2001" in job["body"] and "неточности" in job["body"]
    mails = await eventually(lambda: _async(mail_server.to(email)), lambda m: len(m) >= 3)
    assert "Доступ к ФРМО/ФРМР отозван" in {str(m["Subject"]) for m in mails}


async def test_an_employer_hears_of_its_staffs_jobs_elsewhere_corrections_and_accreditation(
    notify: ServiceRuntime, as_: As
) -> None:
    from egisz.notify.repository import NOTIFICATIONS

    worker_id, snils, _ = await registered(notify, email=None)
    await eventually(lambda: bell(as_.worker(snils)), lambda n: n == 1)  # her name is known
    tag = uuid.uuid4().int % 10**6
    home, other = f"1.2.643.5.1.13.13.12.2.51.{tag}", f"1.2.643.5.1.13.13.12.2.52.{tag}"

    async def job(spec: Any, employment_id: str, org: str, end: date | None = None) -> None:
        record = registry_wire.EmploymentRecord(
            employment_id=employment_id,
            organization_oid=org,
            position="Врач-терапевт",
            rate=1,  # type: ignore[arg-type]
            kind="main",
            start_date=date(2024, 1, 1),
            end_date=end,
        )
        model = (
            registry_wire.EmploymentStarted
            if spec is subjects.EMPLOYMENT_STARTED
            else (registry_wire.EmploymentEnded)
        )
        data = model(worker_id=worker_id, snils=snils, record_version=2, employment=record)
        await publish_event(notify, spec, data)

    async def told(org: str) -> list[str]:
        found = notify.mongo[NOTIFICATIONS].find({"recipient_id": f"org:{org}"})
        return [n["title"] async for n in found]

    await job(subjects.EMPLOYMENT_STARTED, "j-home", home)
    # Events of one consumer are handled concurrently: which job came second decides who hears.
    await eventually(lambda: bell(as_.worker(snils)), lambda n: n == 2)
    await job(subjects.EMPLOYMENT_STARTED, "j-other", other)
    [added] = await eventually(lambda: told(home), lambda t: len(t) == 1)
    assert added == "Уведомлёнова Анна Сергеевна: новое место работы в другой организации"
    await job(subjects.EMPLOYMENT_ENDED, "j-other", other, end=date(2026, 11, 30))
    await eventually(lambda: told(home), lambda t: len(t) == 2)
    assert await told(other) == [], "an organization is not told what it did itself"

    await publish_event(
        notify,
        subjects.CORRECTION_RESOLVED,
        registry_wire.CorrectionResolved(
            correction_id="c1", worker_id=worker_id, organization_oid=home, status="corrected"
        ),
    )
    passed = status_changed(snils, "passed", "Аккредитация пройдена").model_copy(
        update={"worker_id": worker_id}
    )
    await publish_event(notify, subjects.APPLICATION_STATUS_CHANGED, passed)
    titles = await eventually(lambda: told(home), lambda t: len(t) == 4)
    assert "Уведомлёнова Анна Сергеевна: Аккредитация пройдена" in titles
    assert any(t.startswith("Обращение о неточности (Уведомлёнова Анна") for t in titles)
    assert len(await told(other)) == 0, "no longer their employer"


async def test_a_worker_who_changed_their_email_gets_the_next_message_there(
    notify: ServiceRuntime, as_: As, mail_server: MailServer
) -> None:
    old, new = (f"{uuid.uuid4().hex[:8]}@example.org" for _ in range(2))
    worker_id, snils, _ = await registered(notify, email=old)
    await eventually(lambda: _async(mail_server.to(old)), lambda m: len(m) == 1)
    changed = registry_wire.WorkerUpdated(
        worker_id=worker_id,
        snils=snils,
        record_version=2,
        sections=["contacts"],
        last_name="Уведомлёнова",
        first_name="Анна",
        birth_date=date(1985, 3, 4),
        email=new,
    )
    await publish_event(notify, subjects.WORKER_UPDATED, changed)
    me = as_.worker(snils)
    await eventually(
        lambda: me(subjects.PREFERENCES_GET.subject, {}),
        lambda r: r["ok"] and r["result"]["emails"] == [new[0] + "***@example.org"],
    )
    await publish_event(
        notify,
        subjects.APPLICATION_STATUS_CHANGED,
        status_changed(snils, "passed", "Аккредитация пройдена"),
    )
    await eventually(lambda: _async(mail_server.to(new)), lambda m: len(m) == 1)
    assert len(mail_server.to(old)) == 1, "the old address hears nothing more"
