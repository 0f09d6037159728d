"""Accreditation entry points: contract in → use case → reply / events out."""

from __future__ import annotations

from typing import Any

from egisz.accreditation import usecases
from egisz.accreditation.repository import MongoAccreditationUnitOfWork
from egisz.contracts import subjects
from egisz.contracts.accreditation import ApplicantView, GetApplicant
from egisz.contracts.envelope import Role
from egisz.contracts.events import CloudEvent
from egisz.contracts.registry import WorkerRegistered
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.errors import InvalidInputError
from egisz.runtime.messaging import CommandContext
from egisz.runtime.mongo import OutgoingEvent


def to_wire(event: object) -> OutgoingEvent:
    raise TypeError(f"accreditation publishes no {event!r} yet")


def register(rt: ServiceRuntime) -> None:
    def uow() -> MongoAccreditationUnitOfWork:
        return MongoAccreditationUnitOfWork(rt.unit_of_work(), to_wire)

    @rt.consumer(subjects.WORKER_REGISTERED, name=usecases.WORKER_REGISTERED_CONSUMER)
    async def on_worker_registered(event: CloudEvent[Any]) -> None:
        data: WorkerRegistered = event.data
        await usecases.remember_applicant(
            uow(), event_id=event.id, worker_id=data.worker_id, snils=data.snils
        )

    @rt.command(subjects.APPLICANT_GET, roles={Role.WORKER, Role.FAC_OPERATOR, Role.SERVICE})
    async def get_applicant(req: GetApplicant, ctx: CommandContext) -> ApplicantView:
        if ctx.actor.role is Role.WORKER:
            found = await usecases.find_applicant(uow(), worker_id=None, snils=ctx.actor.snils)
        elif req.worker_id:
            found = await usecases.find_applicant(uow(), worker_id=req.worker_id, snils=None)
        else:
            raise InvalidInputError.of("worker_id", "Укажите worker_id работника", "missing")
        if found is None:
            return ApplicantView(worker_id=req.worker_id or "", in_frmr=False, known_since=None)
        return ApplicantView(worker_id=found.worker_id, in_frmr=True, known_since=found.known_since)
