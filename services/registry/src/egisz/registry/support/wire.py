"""Tickets on the wire: views and events. No rules here."""

from __future__ import annotations

from pydantic import BaseModel

from egisz.contracts import registry as wire, subjects
from egisz.registry.support.domain.ticket import (
    TOPICS,
    Ticket,
    TicketOpened,
    TicketStatusChanged,
)
from egisz.runtime.events import FormTable
from egisz.runtime.ports import next_cursor


def ticket_view(t: Ticket) -> wire.TicketView:
    change = t.data_change
    return wire.TicketView(
        ticket_id=t.id,
        number=t.number,
        kind=t.kind.value,
        topic=t.topic,
        topic_title=TOPICS[t.topic],
        description=t.description,
        status=t.status.value,
        status_title=t.status.label,
        email=t.email,
        author_role=t.author.role,
        created_at=t.created_at,
        history=[
            wire.TicketStep(
                status=s.status.value,
                status_title=s.status.label,
                by=s.by,
                at=s.at,
                comment=s.comment,
            )
            for s in t.history
        ],
        messages=[
            wire.TicketMessage(by="desk" if m.by == "desk" else "author", text=m.text, at=m.at)
            for m in t.messages
        ],
        data_change=wire.DataChangeView(
            worker_id=change.worker_id,
            section=change.section,
            scan_file_id=change.scan_file_id,
            scan_filename=change.scan_filename,
            record_version=change.record_version,
        )
        if change
        else None,
        version=t.version,
    )


def tickets_page(found: list[Ticket], limit: int) -> wire.TicketsPage:
    return wire.TicketsPage(
        items=[ticket_view(t) for t in found], next_cursor=next_cursor(found, limit)
    )


def _author(t: Ticket) -> dict[str, object]:
    return {
        "ticket_id": t.id,
        "number": t.number,
        "kind": t.kind.value,
        "author_sub": t.author.sub,
        "snils": t.author.snils,
        "email": t.email,
    }


def _opened(e: TicketOpened) -> tuple[str, BaseModel]:
    t = e.ticket
    return t.id, wire.TicketOpened.model_validate(
        _author(t)
        | {
            "topic_title": TOPICS[t.topic],
            "worker_id": t.data_change.worker_id if t.data_change else None,
        }
    )


def _status_changed(e: TicketStatusChanged) -> tuple[str, BaseModel]:
    t, s = e.ticket, e.step
    return t.id, wire.TicketStatusChanged.model_validate(
        _author(t)
        | {"status": s.status.value, "status_title": s.status.label, "comment": s.comment}
    )


TICKET_EVENTS: FormTable = {
    TicketOpened: (subjects.TICKET_OPENED, _opened),
    TicketStatusChanged: (subjects.TICKET_STATUS_CHANGED, _status_changed),
}
"""The support desk's domain events → their subjects and wire forms."""
