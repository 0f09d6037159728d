"""Entry points of the support desk's tickets: anyone signed in opens one, the desk answers."""

from __future__ import annotations

from egisz.contracts import registry as wire, subjects
from egisz.contracts.audit import DataPart
from egisz.contracts.envelope import Role
from egisz.registry.caller import caller_of
from egisz.registry.dependencies import Dependencies
from egisz.registry.support import usecases
from egisz.registry.support.domain.ticket import Ticket
from egisz.registry.support.wire import ticket_view, tickets_page
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import Router

# People, not systems: a ticket is someone's, told in their bell.
AUTHORS = {Role.WORKER, Role.ORG_OFFICER, Role.MANAGER, Role.FAC_OPERATOR}
DESK = {Role.REGISTRY_OPERATOR}

router = Router[Dependencies]()


def disclose(ctx: CommandContext, t: Ticket) -> None:
    """The author's contact, and for a data change the person's record it is about."""
    if t.author.snils and t.email:
        ctx.disclosed(t.author.snils, DataPart.CONTACTS)
    if t.data_change is not None:
        ctx.disclosed(t.data_change.worker_snils, DataPart.RECORD, DataPart.DOCUMENTS)


def ticket_seen(ctx: CommandContext, t: Ticket) -> wire.TicketView:
    disclose(ctx, t)
    return ticket_view(t)


@router.command(subjects.TICKET_OPEN, roles=AUTHORS)
async def open_ticket(
    req: wire.OpenTicket, ctx: CommandContext, deps: Dependencies
) -> wire.TicketView:
    ticket = await usecases.open_ticket(
        lambda: deps.units(ctx),
        caller_of(ctx.actor),
        topic=req.topic,
        description=req.description,
        email=req.email,
    )
    return ticket_seen(ctx, ticket)


@router.command(subjects.DATA_CHANGE_REQUEST, roles={Role.WORKER, Role.ORG_OFFICER})
async def request_data_change(
    req: wire.RequestDataChange, ctx: CommandContext, deps: Dependencies
) -> wire.TicketView:
    caller = caller_of(ctx.actor)
    change = await usecases.data_change_of(
        deps.units(ctx),
        deps.scans(),
        caller,
        worker_id=req.worker_id,
        section=req.section,
        scan_file_id=req.scan_file_id,
    )
    ticket = await usecases.open_ticket(
        lambda: deps.units(ctx),
        caller,
        topic="data_change",
        description=req.description,
        email=req.email,
        data_change=change,
    )
    return ticket_seen(ctx, ticket)


@router.command(subjects.TICKET_GET, roles=AUTHORS | DESK)
async def get_ticket(
    req: wire.TicketRef, ctx: CommandContext, deps: Dependencies
) -> wire.TicketView:
    return ticket_seen(
        ctx, await usecases.read_ticket(deps.units(ctx), caller_of(ctx.actor), req.ticket_id)
    )


@router.command(subjects.TICKET_LIST_MINE, roles=AUTHORS)
async def my_tickets(
    req: wire.ListMyTickets, ctx: CommandContext, deps: Dependencies
) -> wire.TicketsPage:
    found = await usecases.my_tickets(
        deps.units(ctx), caller_of(ctx.actor), after=req.after, limit=req.limit
    )
    for t in found:
        disclose(ctx, t)
    return tickets_page(found, req.limit)


@router.command(subjects.TICKET_QUEUE, roles=DESK)
async def queue(req: wire.TicketQueue, ctx: CommandContext, deps: Dependencies) -> wire.TicketsPage:
    found = await usecases.desk_queue(
        deps.units(ctx), status=req.status, kind=req.kind, after=req.after, limit=req.limit
    )
    for t in found:
        disclose(ctx, t)
    return tickets_page(found, req.limit)


@router.command(subjects.TICKET_ANSWER, roles=DESK)
async def answer(
    req: wire.AnswerTicket, ctx: CommandContext, deps: Dependencies
) -> wire.TicketView:
    ticket = await usecases.answer_ticket(
        deps.units(ctx),
        caller_of(ctx.actor),
        ticket_id=req.ticket_id,
        action=req.action,
        text=req.text,
    )
    return ticket_seen(ctx, ticket)


@router.command(subjects.TICKET_REPLY, roles=AUTHORS)
async def reply(
    req: wire.ReplyToTicket, ctx: CommandContext, deps: Dependencies
) -> wire.TicketView:
    ticket, _ = await usecases.reply_to_ticket(
        deps.units(ctx), caller_of(ctx.actor), ticket_id=req.ticket_id, text=req.text
    )
    return ticket_seen(ctx, ticket)
