"""Samples of the support desk's tickets and of an accreditation's standing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

AT = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
STEP = {"status": "registered", "status_title": "Зарегистрировано", "by": "author", "at": AT}
TICKET = {
    "ticket_id": "t1",
    "number": "ТП-2026-000001",
    "kind": "data_change",
    "topic": "data_change",
    "topic_title": "Изменение данных личного дела",
    "description": "Фамилия изменена после брака",
    "status": "registered",
    "status_title": "Зарегистрировано",
    "email": "hr@clinic.ru",
    "author_role": "org_officer",
    "created_at": AT,
    "history": [STEP],
    "messages": [{"by": "desk", "text": "Приложите свидетельство", "at": AT}],
    "data_change": {
        "worker_id": "w1",
        "section": "personal",
        "scan_file_id": "f1",
        "scan_filename": "запрос.pdf",
        "record_version": 3,
    },
    "version": 1,
}
ABOUT = {
    "ticket_id": "t1",
    "number": "ТП-2026-000001",
    "kind": "question",
    "author_sub": "worker-1",
    "snils": "11223344595",
    "email": "me@example.org",
}

SUSPENDED = {
    "action": "suspend",
    "reason": "Решение комиссии № 12: проверка жалобы",
    "effective_from": date(2026, 12, 1),
    "until": date(2027, 3, 1),
    "at": AT,
}

SUPPORT_SAMPLES: dict[str, dict[str, Any]] = {
    "AskMayPractise": {"worker_id": "w1", "speciality_code": "27", "on": date(2026, 12, 6)},
    "PracticeAnswer": {
        "worker_id": "w1",
        "speciality": "Терапия",
        "on": date(2026, 12, 6),
        "may_practise": False,
        "why": "Аккредитация по специальности «Терапия» приостановлена с 01.12.2026",
        "basis": [
            {
                "kind": "accreditation",
                "speciality": "Терапия",
                "valid_until": date(2031, 5, 1),
                "standing": "suspended",
                "standing_title": "приостановлена",
                "since": date(2026, 12, 1),
                "until": date(2027, 3, 1),
                "reason": "Решение комиссии № 12",
            }
        ],
    },
    "ChangeStanding": {
        "application_id": "a1",
        "action": "suspend",
        "reason": "Решение комиссии № 12: проверка жалобы",
        "effective_from": date(2026, 12, 1),
        "until": date(2027, 3, 1),
    },
    "AccreditationStandingChanged": {
        "application_id": "a1",
        "worker_id": "w1",
        "snils": "11223344595",
        "speciality": "терапия",
        "passed_on": date(2026, 5, 1),
        "valid_until": date(2031, 5, 1),
        "action": "suspend",
        "reason": "Решение комиссии № 12: проверка жалобы",
        "effective_from": date(2026, 12, 1),
        "until": date(2027, 3, 1),
        "status": "suspended",
        "status_title": "приостановлена",
        "changes": [SUSPENDED],
    },
    "OpenTicket": {"topic": "sign_in", "description": "Не входит через Госуслуги"},
    "RequestDataChange": {
        "worker_id": "w1",
        "section": "personal",
        "description": "Фамилия изменена после брака",
        "scan_file_id": "f1",
        "email": "hr@clinic.ru",
    },
    "TicketRef": {"ticket_id": "t1"},
    "ListMyTickets": {"limit": 20},
    "TicketQueue": {"status": "registered", "kind": "data_change"},
    "AnswerTicket": {"ticket_id": "t1", "action": "ask", "text": "Приложите свидетельство"},
    "ReplyToTicket": {"ticket_id": "t1", "text": "Приложила"},
    "TicketView": TICKET,
    "TicketsPage": {"items": [TICKET], "next_cursor": None},
    "TicketOpened": ABOUT | {"topic_title": "Вход в личный кабинет"},
    "TicketStatusChanged": ABOUT
    | {"status": "resolved", "status_title": "Решено", "comment": "Готово"},
}
