"""A support ticket's rules: its steps from each status, the texts a step needs, a reply that
puts it back in work, and a data change resolved only after the record changed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from egisz.kernel.errors import InvalidInputError
from egisz.registry.support.domain.errors import (
    DataChangeNotMadeError,
    TicketClosedError,
    TicketStepNotAllowedError,
    TooManyOpenTicketsError,
)
from egisz.registry.support.domain.ticket import (
    OPEN_TICKETS_MAX,
    Author,
    DataChange,
    Ticket,
    TicketOpened,
    TicketStatus,
    TicketStatusChanged,
    ticket_number,
)

NOW = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)


def ticket(change: DataChange | None = None) -> Ticket:
    return Ticket.open(
        ticket_id="t1",
        number=ticket_number(2026, 7),
        topic="data_change" if change else "save_error",
        description=" Не сохраняется адрес ",
        author=Author("worker-1", "worker", "11223344595"),
        email=None,
        now=NOW,
        data_change=change,
    )


def test_a_ticket_is_numbered_by_year_and_opens_registered_with_its_event() -> None:
    t = ticket()
    assert (t.number, t.description, t.status) == (
        "ТП-2026-000007",
        "Не сохраняется адрес",
        TicketStatus.REGISTERED,
    )
    assert [type(e) for e in t.events] == [TicketOpened]
    with pytest.raises(InvalidInputError):
        Ticket.open(
            ticket_id="t2",
            number="n",
            topic="погода",
            description="x",
            author=Author("a", "worker"),
            email=None,
            now=NOW,
        )


def test_the_desk_asks_the_author_answers_and_a_closed_ticket_takes_nothing_more() -> None:
    t = ticket()
    with pytest.raises(InvalidInputError):
        t.answer("reject", by="registry_operator", text=" ", now=NOW, record_version=0)
    t.answer("ask", by="registry_operator", text="Какой браузер?", now=NOW, record_version=0)
    assert t.reply("Яндекс", now=NOW) is not None
    assert t.status is TicketStatus.IN_PROGRESS
    assert t.reply("и ещё скриншот", now=NOW) is None  # a message, no step
    with pytest.raises(TicketStepNotAllowedError):
        t.answer("take", by="registry_operator", text=None, now=NOW, record_version=0)
    t.answer("resolve", by="registry_operator", text=None, now=NOW, record_version=0)
    with pytest.raises(TicketClosedError):
        t.reply("спасибо", now=NOW)
    steps = [e for e in t.events if isinstance(e, TicketStatusChanged)]
    assert [e.step.status.value for e in steps] == ["awaiting_reply", "in_progress", "resolved"]


def test_a_data_change_is_resolved_only_once_the_record_has_changed() -> None:
    t = ticket(DataChange("w1", "11223344595", "personal", "f1", "scan.pdf", record_version=4))
    with pytest.raises(DataChangeNotMadeError):
        t.answer("resolve", by="registry_operator", text=None, now=NOW, record_version=4)
    t.answer("resolve", by="registry_operator", text=None, now=NOW, record_version=5)
    assert t.status is TicketStatus.RESOLVED
    rejected = ticket(DataChange("w1", "11223344595", "personal", "f1", "s.pdf", 4))
    rejected.answer("reject", by="registry_operator", text="Нет печати", now=NOW, record_version=4)
    assert rejected.status is TicketStatus.REJECTED


def test_an_author_with_ten_open_tickets_opens_no_eleventh() -> None:
    Ticket.check_room(OPEN_TICKETS_MAX - 1)
    with pytest.raises(TooManyOpenTicketsError):
        Ticket.check_room(OPEN_TICKETS_MAX)
