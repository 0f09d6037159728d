"""Registry entry points: contract in → use case → reply / events out. The only module that knows
both the wire (`egisz.contracts`) and the domain."""

from __future__ import annotations

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.contracts.registry import GetWorker, RegisterWorker, WorkerView
from egisz.contracts.registry import WorkerRegistered as WorkerRegisteredData
from egisz.registry import usecases
from egisz.registry.domain.errors import WorkerNotFoundError
from egisz.registry.domain.identifiers import normalize_snils
from egisz.registry.domain.model import DomainEvent, Worker, WorkerRegistered
from egisz.registry.repository import MongoRegistryUnitOfWork
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.errors import ForbiddenError
from egisz.runtime.events import Cause, outgoing
from egisz.runtime.messaging import CommandContext
from egisz.runtime.mongo import OutgoingEvent


def to_view(w: Worker) -> WorkerView:
    return WorkerView(
        worker_id=w.id,
        snils=w.snils.digits,
        last_name=w.name.last,
        first_name=w.name.first,
        middle_name=w.name.middle,
        birth_date=w.birth_date,
        registered_at=w.registered_at,
        version=w.version,
    )


def to_wire(event: DomainEvent, cause: Cause) -> OutgoingEvent:
    match event:
        case WorkerRegistered():
            data = WorkerRegisteredData(
                worker_id=event.worker_id,
                snils=event.snils,
                last_name=event.name.last,
                first_name=event.name.first,
                middle_name=event.name.middle,
                birth_date=event.birth_date,
                registered_by_org=event.registered_by_org,
            )
            return outgoing(subjects.WORKER_REGISTERED, data, about=event.worker_id, cause=cause)
    raise TypeError(f"no wire form for {event!r}")


def register(rt: ServiceRuntime) -> None:
    def uow(ctx: CommandContext) -> MongoRegistryUnitOfWork:
        return MongoRegistryUnitOfWork(rt.unit_of_work(), lambda ev: to_wire(ev, ctx.cause))

    @rt.command(subjects.WORKER_REGISTER, roles={Role.ORG_OFFICER})
    async def register_worker(req: RegisterWorker, ctx: CommandContext) -> WorkerView:
        worker = await usecases.register_worker(
            uow(ctx),
            snils=req.snils,
            last_name=req.last_name,
            first_name=req.first_name,
            middle_name=req.middle_name,
            birth_date=req.birth_date,
            registered_by_org=ctx.actor.org,
        )
        return to_view(worker)

    @rt.command(
        subjects.WORKER_GET,
        roles={
            Role.WORKER,
            Role.ORG_OFFICER,
            Role.REGISTRY_OPERATOR,
            Role.FAC_OPERATOR,
            Role.SERVICE,
        },
    )
    async def get_worker(req: GetWorker, ctx: CommandContext) -> WorkerView:
        actor = ctx.actor
        if actor.role is Role.WORKER:
            # A worker reads only their own record, whatever they ask for.
            worker = await usecases.find_worker(uow(ctx), worker_id=None, snils=actor.snils)
            if req.worker_id not in (None, worker.id) or (
                req.snils is not None and worker.snils.digits != normalize_snils(req.snils)
            ):
                raise ForbiddenError("Работник видит только своё личное дело")
            return to_view(worker)
        worker = await usecases.find_worker(uow(ctx), worker_id=req.worker_id, snils=req.snils)
        if actor.role is Role.ORG_OFFICER and worker.registered_by_org != actor.org:
            raise WorkerNotFoundError()  # officers do not learn of other organizations' staff
        return to_view(worker)
