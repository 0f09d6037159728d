"""The support desk's tickets over real NATS and MongoDB: a number at once, the desk's steps and
the author's replies, who may see and move which; a data-change request with the signed scan,
resolved only by the change itself."""

from __future__ import annotations

import re
from typing import Any

import pytest

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.testsupport.harness import pdf_bytes

from .conftest import ORG_A, ORG_B, As, fresh_snils
from .frmo_wire import upload
from .workers_wire import fields, registered

pytestmark = pytest.mark.integration

OPEN = subjects.TICKET_OPEN.subject
ANSWER = subjects.TICKET_ANSWER.subject


def ok(reply: dict[str, Any]) -> dict[str, Any]:
    assert reply["ok"], reply
    return dict(reply["result"])


async def test_a_ticket_gets_a_number_and_goes_through_the_desk_and_back_to_its_author(
    as_: As,
) -> None:
    me = as_.worker(fresh_snils())
    ticket = ok(
        await me(
            OPEN,
            {
                "topic": "missing_frmr_data",
                "description": "  В ФРМР нет моей работы в ГКБ № 1 с 2020 года ",
                "email": "Me@Example.org",
            },
        )
    )
    assert re.fullmatch(r"ТП-\d{4}-\d{6}", ticket["number"]), ticket["number"]
    assert (ticket["status_title"], ticket["email"], ticket["topic_title"]) == (
        "Зарегистрировано",
        "me@example.org",
        "Нет данных в ФРМР",
    )
    other = ok(await me(OPEN, {"topic": "sign_in", "description": "Не входит"}))
    assert other["number"] != ticket["number"]
    ref = {"ticket_id": ticket["ticket_id"]}
    mine = ok(await me(subjects.TICKET_LIST_MINE.subject, {}))
    assert {t["ticket_id"] for t in mine["items"]} == {ticket["ticket_id"], other["ticket_id"]}

    stranger = await as_.worker(fresh_snils())(subjects.TICKET_GET.subject, ref)
    assert stranger["error"]["code"] == "ticket_not_found"
    for caller in (as_.officer(), as_.worker(fresh_snils())):
        assert (await caller(ANSWER, ref | {"action": "take"}))["error"]["code"] == "forbidden"
    refused = await as_.system("system:directory")(OPEN, {"topic": "other", "description": "x"})
    assert refused["error"]["code"] in ("forbidden", "identity_not_allowed")

    desk = as_.role(Role.REGISTRY_OPERATOR)
    queue = ok(await desk(subjects.TICKET_QUEUE.subject, {"limit": 100}))
    assert ticket["ticket_id"] in {t["ticket_id"] for t in queue["items"]}
    assert fields(await desk(ANSWER, ref | {"action": "ask"})) == {"text": "missing"}
    asked = ok(await desk(ANSWER, ref | {"action": "ask", "text": "Укажите ОГРН организации"}))
    assert asked["status"] == "awaiting_reply"
    replied = ok(await me(subjects.TICKET_REPLY.subject, ref | {"text": "1027700132195"}))
    assert replied["status"] == "in_progress"
    resolved = ok(await desk(ANSWER, ref | {"action": "resolve", "text": "Работодатель внёс"}))
    assert [s["status"] for s in resolved["history"]] == [
        "registered",
        "awaiting_reply",
        "in_progress",
        "resolved",
    ]
    assert [m["by"] for m in resolved["messages"]] == ["desk", "author", "desk"]
    late = await me(subjects.TICKET_REPLY.subject, ref | {"text": "ещё"})
    assert late["error"]["code"] == "ticket_closed"
    assert (await desk(ANSWER, ref | {"action": "take"}))["error"]["code"] == "ticket_closed"
    bad = await me(OPEN, {"topic": "sign_in", "description": "  ", "email": "нет"})
    assert fields(bad) == {"email": "format"}


async def test_a_data_change_request_carries_its_scan_and_is_resolved_by_the_change_itself(
    as_: As,
) -> None:
    officer = as_.officer(ORG_A)
    worker = await registered(as_, ORG_A)
    scan = ok(await upload(officer, pdf_bytes(b"zapros"), "запрос.pdf"))["file"]["file_id"]
    body = {
        "worker_id": worker["worker_id"],
        "section": "personal",
        "description": "Фамилия изменена после брака: Петрова → Смирнова (свидетельство прилагаем)",
        "scan_file_id": scan,
    }
    ticket = ok(await officer(subjects.DATA_CHANGE_REQUEST.subject, body))
    assert (ticket["kind"], ticket["data_change"]["scan_filename"]) == ("data_change", "запрос.pdf")
    other_org = as_.officer(ORG_B)
    own_scan = ok(await upload(other_org, pdf_bytes(b"b"), "b.pdf"))["file"]["file_id"]
    elsewhere = await other_org(
        subjects.DATA_CHANGE_REQUEST.subject, body | {"scan_file_id": own_scan}
    )
    assert elsewhere["error"]["code"] == "not_your_worker"
    unknown = await officer(subjects.DATA_CHANGE_REQUEST.subject, body | {"worker_id": "нет"})
    assert unknown["error"]["code"] == "not_your_worker"  # no oracle: as another's record
    someone = as_.worker(fresh_snils())
    foreign_scan = await someone(subjects.DATA_CHANGE_REQUEST.subject, body)
    assert fields(foreign_scan) == {"scan_file_id": "not_found"}

    desk = as_.role(Role.REGISTRY_OPERATOR)
    ref = {"ticket_id": ticket["ticket_id"]}
    early = await desk(ANSWER, ref | {"action": "resolve"})
    assert early["error"]["code"] == "data_change_not_made"
    read = await desk(subjects.FILE_READ.subject, {"file_id": scan, "part": 0})
    assert read["ok"], read
    changed = await desk(
        subjects.WORKER_UPDATE.subject,
        {
            "worker_id": worker["worker_id"],
            "personal": {
                "last_name": "Смирнова",
                "first_name": worker["first_name"],
                "middle_name": worker["middle_name"],
                "birth_date": worker["birth_date"],
            },
        },
    )
    assert changed["ok"], changed
    done = ok(await desk(ANSWER, ref | {"action": "resolve", "text": "Фамилия изменена"}))
    assert done["status_title"] == "Решено"
    seen = ok(await officer(subjects.TICKET_GET.subject, ref))
    assert seen["status"] == "resolved"


async def test_an_author_with_ten_open_tickets_is_refused_the_eleventh_until_one_is_closed(
    as_: As,
) -> None:
    me = as_.worker(fresh_snils())
    opened = [
        ok(await me(OPEN, {"topic": "other", "description": f"Вопрос {n}"})) for n in range(10)
    ]
    refused = await me(OPEN, {"topic": "other", "description": "Ещё один"})
    assert refused["error"]["code"] == "too_many_open_tickets"
    mine = ok(await me(subjects.TICKET_LIST_MINE.subject, {"limit": 100}))
    assert len(mine["items"]) == 10  # the refusal made none
    # Another author is not held back by this one's tickets.
    ok(await as_.worker(fresh_snils())(OPEN, {"topic": "other", "description": "Мой вопрос"}))
    desk = as_.role(Role.REGISTRY_OPERATOR)
    ref = {"ticket_id": opened[0]["ticket_id"]}
    ok(await desk(ANSWER, ref | {"action": "resolve", "text": "Ответили"}))
    ok(await me(OPEN, {"topic": "other", "description": "Ещё один"}))
