"""The support desk's tickets («обращения в техническую поддержку», seeds 001 and 003): each has
a number and statuses, the author hears of each step in the bell and by e-mail; a data-change
request carries the signed and stamped scan of the organization's request and is decided by
the desk."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from egisz.contracts.bounds import Cursor, Email, Filled, Int, Text
from egisz.contracts.envelope import EventData, WireModel
from egisz.contracts.registry.vocabulary import PAGE_MAX, CorrectionSection

TicketTopic = Literal[
    "sign_in",  # проблемы со входом в личный кабинет
    "missing_frmr_data",  # отсутствие данных в ФРМР
    "save_error",  # ошибки при сохранении введённых данных
    "failure",  # технические сбои
    "functionality",  # вопросы по функционалу
    "other",
]
TicketKind = Literal["question", "data_change"]
TicketStatus = Literal["registered", "in_progress", "awaiting_reply", "resolved", "rejected"]
TicketAction = Literal["take", "ask", "resolve", "reject"]


class OpenTicket(WireModel):
    """«Обращение»: what is wrong, in the author's words; the number and every step of it reach
    the author in the bell and at `email`."""

    topic: TicketTopic
    description: Annotated[Text, Filled]
    email: Email | None = Field(
        default=None, description="Where the notices go besides the bell (a person's own too)."
    )


class RequestDataChange(WireModel):
    """«Изменение информации… через техническую поддержку» (seed 001): the request's text and
    the scan of it signed by the organization's responsible employee and stamped, uploaded with
    `file.upload`. From an officer of an organization that employs the person now, or from the
    person."""

    worker_id: Cursor
    section: CorrectionSection
    description: Annotated[Text, Filled] = Field(
        description="What to change, from what to what, and why."
    )
    scan_file_id: Cursor = Field(description="The signed and stamped request (PDF or image).")
    email: Email | None = None


class TicketRef(WireModel):
    ticket_id: Cursor


class ListMyTickets(WireModel):
    after: Cursor | None = None
    limit: Int = Field(default=50, ge=1, le=PAGE_MAX)


class TicketQueue(WireModel):
    """The desk's queue, oldest first."""

    status: TicketStatus | None = Field(default="registered", description="None: every status.")
    kind: TicketKind | None = None
    after: Cursor | None = None
    limit: Int = Field(default=50, ge=1, le=PAGE_MAX)


class AnswerTicket(WireModel):
    """The desk's step: `take` it into work, `ask` the author (text: the question), `resolve`
    (a data change only once the record has been changed) or `reject` (text: why)."""

    ticket_id: Cursor
    action: TicketAction
    text: Text | None = None


class ReplyToTicket(WireModel):
    """The author adds to an open ticket; an answer to the desk's question puts it back in work."""

    ticket_id: Cursor
    text: Annotated[Text, Filled]


class TicketMessage(WireModel):
    by: Literal["author", "desk"]
    text: str
    at: datetime


class TicketStep(WireModel):
    status: TicketStatus
    status_title: str
    by: str = Field(description="`author`, or the desk operator's role.")
    at: datetime
    comment: str | None = None


class DataChangeView(WireModel):
    worker_id: str
    section: str
    scan_file_id: str = Field(description="The desk reads it with `file.read`.")
    scan_filename: str
    record_version: Int = Field(description="The person's record when asked.")


class TicketView(WireModel):
    ticket_id: str
    number: str = Field(description="«Номер заявки», e.g. `ТП-2026-000123`.")
    kind: TicketKind
    topic: str
    topic_title: str
    description: str
    status: TicketStatus
    status_title: str
    email: str | None = None
    author_role: str
    created_at: datetime
    history: list[TicketStep]
    messages: list[TicketMessage]
    data_change: DataChangeView | None = None
    version: Int


class TicketsPage(WireModel):
    items: list[TicketView]
    next_cursor: str | None = None


class TicketOpened(EventData):
    ticket_id: str
    number: str
    kind: TicketKind
    topic_title: str
    author_sub: str
    snils: str | None = Field(default=None, description="The author's; never in the public form.")
    email: str | None = None
    worker_id: str | None = Field(default=None, description="A data change: whose record.")


class TicketStatusChanged(EventData):
    ticket_id: str
    number: str
    kind: TicketKind
    status: TicketStatus
    status_title: str
    comment: str | None = None
    author_sub: str
    snils: str | None = None
    email: str | None = None
