"""A support ticket: its number, its statuses and who may move it (seed 001: «система
автоматически присваивает уникальный номер заявки и отправляет уведомление на электронную
почту»). The desk takes it, asks the author, resolves or rejects it; the author adds to it until
it is closed. A data-change request (seed 001: «скан документа с запросом, подписанного
ответственным сотрудником и заверенного печатью») is resolved only by the change itself: the
person's record must have changed since it was asked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from egisz.kernel.errors import InvalidInputError, Problems
from egisz.registry.support.domain.errors import (
    DataChangeNotMadeError,
    TicketClosedError,
    TicketStepNotAllowedError,
    TooManyOpenTicketsError,
)

DESCRIPTION_MAX = 4000
# Open tickets one author may have at once: a person or an office with more is answered in the
# open ones; more would let one caller flood the desk's queue (each ticket also e-mails).
OPEN_TICKETS_MAX = 10


class TicketKind(StrEnum):
    QUESTION = "question"
    DATA_CHANGE = "data_change"


TOPICS = {
    "sign_in": "Вход в личный кабинет",
    "missing_frmr_data": "Нет данных в ФРМР",
    "save_error": "Ошибка при сохранении данных",
    "failure": "Технический сбой",
    "functionality": "Вопрос по работе системы",
    "other": "Другое",
    "data_change": "Изменение данных личного дела",
}


class TicketStatus(StrEnum):
    REGISTERED = "registered"
    IN_PROGRESS = "in_progress"
    AWAITING_REPLY = "awaiting_reply"
    RESOLVED = "resolved"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {
            "registered": "Зарегистрировано",
            "in_progress": "В работе",
            "awaiting_reply": "Ожидает ответа заявителя",
            "resolved": "Решено",
            "rejected": "Отклонено",
        }[self.value]

    @property
    def closed(self) -> bool:
        return self in (TicketStatus.RESOLVED, TicketStatus.REJECTED)


# The desk's steps: from which statuses each may be taken, and where it leads.
DESK_STEPS = {
    "take": ({TicketStatus.REGISTERED}, TicketStatus.IN_PROGRESS),
    "ask": ({TicketStatus.REGISTERED, TicketStatus.IN_PROGRESS}, TicketStatus.AWAITING_REPLY),
    "resolve": (
        {TicketStatus.REGISTERED, TicketStatus.IN_PROGRESS, TicketStatus.AWAITING_REPLY},
        TicketStatus.RESOLVED,
    ),
    "reject": (
        {TicketStatus.REGISTERED, TicketStatus.IN_PROGRESS, TicketStatus.AWAITING_REPLY},
        TicketStatus.REJECTED,
    ),
}
NEEDS_TEXT = {"ask": "Напишите вопрос заявителю", "reject": "Укажите причину отказа"}


@dataclass(frozen=True)
class Author:
    sub: str
    role: str
    snils: str | None = None
    org: str | None = None


@dataclass(frozen=True)
class TicketMessage:
    by: str  # author | desk
    text: str
    at: datetime


@dataclass(frozen=True)
class TicketStep:
    status: TicketStatus
    by: str
    at: datetime
    comment: str | None = None


@dataclass(frozen=True)
class DataChange:
    """Whose record, which section, the scan of the signed request, and the record's version
    when asked (the change must come after it)."""

    worker_id: str
    worker_snils: str
    section: str
    scan_file_id: str
    scan_filename: str
    record_version: int


@dataclass(frozen=True)
class TicketOpened:
    ticket: Ticket


@dataclass(frozen=True)
class TicketStatusChanged:
    ticket: Ticket
    step: TicketStep


@dataclass
class Ticket:
    id: str
    number: str
    kind: TicketKind
    topic: str
    description: str
    author: Author
    created_at: datetime
    email: str | None = None
    status: TicketStatus = TicketStatus.REGISTERED
    history: list[TicketStep] = field(default_factory=list)
    messages: list[TicketMessage] = field(default_factory=list)
    data_change: DataChange | None = None
    version: int = 0
    events: list[object] = field(default_factory=list, repr=False, compare=False)

    @staticmethod
    def check_room(open_now: int) -> None:
        """Whether an author with `open_now` open tickets may open one more."""
        if open_now >= OPEN_TICKETS_MAX:
            raise TooManyOpenTicketsError()

    @classmethod
    def open(
        cls,
        *,
        ticket_id: str,
        number: str,
        topic: str,
        description: str,
        author: Author,
        email: str | None,
        now: datetime,
        data_change: DataChange | None = None,
    ) -> Ticket:
        text = description.strip()
        if not text:
            raise InvalidInputError.of("description", "Опишите, что случилось", "missing")
        if topic not in TOPICS:
            raise InvalidInputError.of("topic", f"Тема — одна из: {', '.join(TOPICS)}", "invalid")
        kind = TicketKind.DATA_CHANGE if data_change else TicketKind.QUESTION
        ticket = cls(ticket_id, number, kind, topic, text, author, now, email)
        ticket.data_change = data_change
        ticket.history.append(TicketStep(TicketStatus.REGISTERED, "author", now))
        ticket.events.append(TicketOpened(ticket))
        return ticket

    def answer(
        self, action: str, *, by: str, text: str | None, now: datetime, record_version: int
    ) -> TicketStep:
        """The desk's step. `record_version`: the person's record now (a data change)."""
        allowed_from, to = DESK_STEPS[action]
        if self.status.closed:
            raise TicketClosedError()
        if self.status not in allowed_from:
            raise TicketStepNotAllowedError(
                f"Из статуса «{self.status.label}» нельзя перейти в «{to.label}»"
            )
        said = (text or "").strip() or None
        if action in NEEDS_TEXT and said is None:
            raise InvalidInputError.of("text", NEEDS_TEXT[action], "missing")
        change = self.data_change
        if action == "resolve" and change and record_version <= change.record_version:
            raise DataChangeNotMadeError()
        if said is not None:
            self.messages.append(TicketMessage("desk", said, now))
        return self._move(to, by=by, now=now, comment=said)

    def reply(self, text: str, *, now: datetime) -> TicketStep | None:
        """The author adds to the ticket; an answer to the desk's question puts it back in
        work (a step), anything else is a message only."""
        if self.status.closed:
            raise TicketClosedError()
        p = Problems()
        if not text.strip():
            p.add("text", "Напишите сообщение", "missing")
        p.raise_if_any()
        self.messages.append(TicketMessage("author", text.strip(), now))
        if self.status is TicketStatus.AWAITING_REPLY:
            return self._move(TicketStatus.IN_PROGRESS, by="author", now=now, comment=None)
        return None

    def written_by(self, sub: str) -> bool:
        return self.author.sub == sub

    def _move(self, to: TicketStatus, *, by: str, now: datetime, comment: str | None) -> TicketStep:
        step = TicketStep(to, by, now, comment)
        self.status = to
        self.history.append(step)
        self.events.append(TicketStatusChanged(self, step))
        return step


def ticket_number(year: int, sequence: int) -> str:
    """«Номер заявки»: the year and the ticket's place in it."""
    return f"ТП-{year}-{sequence:06d}"
