"""The support desk's tickets: opening one (and a data-change request), reading them, the
desk's steps and the author's replies."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from egisz.kernel import contacts
from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import ConcurrencyError, InvalidInputError
from egisz.registry.caller import Caller, new_id, require_access
from egisz.registry.domain.identifiers import normalize_snils
from egisz.registry.frmr.domain.visibility import maintains
from egisz.registry.support.domain.errors import NotYourWorkerError, TicketNotFoundError
from egisz.registry.support.domain.ticket import (
    Author,
    DataChange,
    Ticket,
    TicketStep,
    ticket_number,
)
from egisz.runtime.files import FileStore

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.registry.repository import RegistryUnitOfWork

NUMBER_ATTEMPTS = 3  # two tickets numbered at once: one transaction retries with the next number


def author_of(caller: Caller) -> Author:
    snils = normalize_snils(caller.snils) if caller.snils else None
    return Author(caller.sub, caller.role.value, snils, caller.org)


async def open_ticket(
    new_uow: Callable[[], RegistryUnitOfWork],
    caller: Caller,
    *,
    topic: str,
    description: str,
    email: str | None,
    data_change: DataChange | None = None,
    clock: Clock = utcnow,
) -> Ticket:
    """Registered under the next number of the year, in one transaction with its event."""
    address, _ = contacts.checked(email, None)
    for attempt in range(NUMBER_ATTEMPTS):
        now = clock()
        try:
            async with new_uow() as uow:
                Ticket.check_room(await uow.tickets.open_of_author(author_of(caller).sub))
                number = ticket_number(now.year, await uow.tickets.next_number(now.year))
                ticket = Ticket.open(
                    ticket_id=new_id(),
                    number=number,
                    topic=topic,
                    description=description,
                    author=author_of(caller),
                    email=address,
                    now=now,
                    data_change=data_change,
                )
                await uow.tickets.add(ticket)
                await uow.commit()
            return ticket
        except ConcurrencyError:
            if attempt == NUMBER_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


async def data_change_of(
    uow: RegistryUnitOfWork,
    files: FileStore,
    caller: Caller,
    *,
    worker_id: str,
    section: str,
    scan_file_id: str,
    clock: Clock = utcnow,
) -> DataChange:
    """Whose record and the scan: from an officer of an organization that employs the person
    now (by its FRMO grant), or from the person. Someone else's, or no such record, is the same
    refusal (no oracle)."""
    scan = await files.info(scan_file_id)
    if scan is None or scan.owner != caller.sub:
        raise InvalidInputError.of(
            "scan_file_id", "Скан не найден: загрузите его заново (file.upload)", "not_found"
        )
    async with uow:
        await require_access(uow, caller)
        worker = await uow.workers.get(worker_id)
    today = clock().date()
    own = caller.is_worker and worker is not None and worker.snils == author_of(caller).snils
    employs = caller.is_officer and worker is not None and maintains(worker, caller.org, today)
    if worker is None or not (own or employs):
        raise NotYourWorkerError()
    return DataChange(worker.id, worker.snils, section, scan.file_id, scan.filename, worker.version)


async def read_ticket(uow: RegistryUnitOfWork, caller: Caller, ticket_id: str) -> Ticket:
    """Its author or the desk; anyone else hears it does not exist."""
    async with uow:
        ticket = await uow.tickets.get(ticket_id)
    if ticket is None or not (caller.is_support or ticket.written_by(caller.sub)):
        raise TicketNotFoundError()
    return ticket


async def my_tickets(
    uow: RegistryUnitOfWork, caller: Caller, *, after: str | None, limit: int
) -> list[Ticket]:
    async with uow:
        return await uow.tickets.of_author(caller.sub, after=after, limit=limit)


async def desk_queue(
    uow: RegistryUnitOfWork, *, status: str | None, kind: str | None, after: str | None, limit: int
) -> list[Ticket]:
    async with uow:
        return await uow.tickets.queue(status=status, kind=kind, after=after, limit=limit)


async def answer_ticket(
    uow: RegistryUnitOfWork,
    caller: Caller,
    *,
    ticket_id: str,
    action: str,
    text: str | None,
    clock: Clock = utcnow,
) -> Ticket:
    """The desk's step; a data change is resolved only once the record has changed."""
    async with uow:
        ticket = await uow.tickets.get(ticket_id)
        if ticket is None:
            raise TicketNotFoundError()
        version = 0
        if ticket.data_change is not None:
            worker = await uow.workers.get(ticket.data_change.worker_id)
            version = worker.version if worker else 0
        ticket.answer(action, by=caller.role.value, text=text, now=clock(), record_version=version)
        await uow.tickets.save(ticket)
        await uow.commit()
    return ticket


async def reply_to_ticket(
    uow: RegistryUnitOfWork, caller: Caller, *, ticket_id: str, text: str, clock: Clock = utcnow
) -> tuple[Ticket, TicketStep | None]:
    async with uow:
        ticket = await uow.tickets.get(ticket_id)
        if ticket is None or not ticket.written_by(caller.sub):
            raise TicketNotFoundError()
        step = ticket.reply(text, now=clock())
        await uow.tickets.save(ticket)
        await uow.commit()
    return ticket, step
