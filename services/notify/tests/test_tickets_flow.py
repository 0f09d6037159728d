"""A support ticket's author hears of it on real NATS, MongoDB and SMTP: its number when it is
registered, then each step — in the bell and at the e-mail the ticket gives."""

from __future__ import annotations

import uuid

import pytest

from egisz.contracts import registry as registry_wire, subjects
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import As, eventually, publish_event

from .conftest import MailServer
from .test_notify_flow import _async, fresh_snils

pytestmark = pytest.mark.integration


async def test_the_author_hears_the_number_and_each_step_by_email_and_in_the_bell(
    notify: ServiceRuntime, as_: As, mail_server: MailServer
) -> None:
    snils, address = fresh_snils(), f"{uuid.uuid4().hex[:8]}@example.org"
    about = {
        "ticket_id": uuid.uuid4().hex,
        "number": "ТП-2026-000042",
        "kind": "question",
        "author_sub": "worker-x",
        "snils": snils,
        "email": address,
    }
    await publish_event(
        notify,
        subjects.TICKET_OPENED,
        registry_wire.TicketOpened.model_validate(about | {"topic_title": "Нет данных в ФРМР"}),
    )
    await publish_event(
        notify,
        subjects.TICKET_STATUS_CHANGED,
        registry_wire.TicketStatusChanged.model_validate(
            about
            | {
                "status": "awaiting_reply",
                "status_title": "Ожидает ответа заявителя",
                "comment": "Укажите ОГРН организации.",
            }
        ),
    )
    titles = await eventually(
        lambda: _async(sorted(str(m["Subject"]) for m in mail_server.to(address))),
        lambda t: len(t) == 2,
    )
    assert titles == [
        "Обращение № ТП-2026-000042 зарегистрировано",
        "Обращение № ТП-2026-000042: Ожидает ответа заявителя",
    ]
    asked = next(m for m in mail_server.to(address) if "Ожидает" in str(m["Subject"]))
    assert "Укажите ОГРН организации." in asked.get_content()
    page = (await as_.worker(snils)(subjects.INBOX_LIST.subject, {}))["result"]
    assert page["unread_count"] == 2
