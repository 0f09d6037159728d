"""The support desk's tickets: opened by anyone signed in, answered by the desk."""

from __future__ import annotations

from egisz.contracts.registry import support
from egisz.contracts.subjects.registry_subjects import _r, _re

TICKET_OPEN = _r(
    "ticket",
    "open",
    support.OpenTicket,
    support.TicketView,
    "«Обращение в техподдержку»: a number at once, the author told in the bell and by e-mail.",
)
DATA_CHANGE_REQUEST = _r(
    "ticket",
    "request_data_change",
    support.RequestDataChange,
    support.TicketView,
    "A change of a person's record through the desk, with the signed and stamped request's scan.",
)
TICKET_GET = _r(
    "ticket",
    "get",
    support.TicketRef,
    support.TicketView,
    "A ticket: its author or the desk.",
)
TICKET_LIST_MINE = _r(
    "ticket",
    "list_mine",
    support.ListMyTickets,
    support.TicketsPage,
    "The caller's own tickets, newest first.",
)
TICKET_QUEUE = _r(
    "ticket",
    "queue",
    support.TicketQueue,
    support.TicketsPage,
    "The desk's queue by status and kind, oldest first.",
)
TICKET_ANSWER = _r(
    "ticket",
    "answer",
    support.AnswerTicket,
    support.TicketView,
    "The desk takes a ticket, asks its author, resolves or rejects it.",
)
TICKET_REPLY = _r(
    "ticket",
    "reply",
    support.ReplyToTicket,
    support.TicketView,
    "The author adds to their open ticket (an answer puts it back in work).",
)
TICKET_OPENED = _re(
    "ticket", "opened", support.TicketOpened, "A ticket was registered under its number."
)
TICKET_STATUS_CHANGED = _re(
    "ticket",
    "status_changed",
    support.TicketStatusChanged,
    "A ticket moved: in work, a question to the author, resolved or rejected.",
)
