"""Who may apply: workers FRMR announces and graduates the register of students reports, kept as
applicants."""

from __future__ import annotations

from egisz.accreditation import usecases
from egisz.accreditation.handlers.dependencies import Dependencies
from egisz.accreditation.settings import Consumer
from egisz.accreditation.wire import learner_of, personal_of
from egisz.contracts import subjects
from egisz.contracts.accreditation import ApplicantView, GetApplicant
from egisz.contracts.envelope import Role
from egisz.contracts.events import CloudEvent
from egisz.contracts.registry import LearnerRecorded, WorkerRegistered, WorkerUpdated
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import Router

router = Router[Dependencies]()


async def remember_worker(
    event: CloudEvent[WorkerRegistered] | CloudEvent[WorkerUpdated], deps: Dependencies
) -> None:
    data = event.data
    await usecases.remember_applicant(
        deps.units(event),
        worker_id=data.worker_id,
        snils=data.snils,
        personal=personal_of(data),
        record_version=data.record_version,
    )


@router.consumer(subjects.WORKER_REGISTERED, name=Consumer.WORKER_REGISTERED)
async def on_worker_registered(event: CloudEvent[WorkerRegistered], deps: Dependencies) -> None:
    await remember_worker(event, deps)


@router.consumer(subjects.WORKER_UPDATED, name=Consumer.WORKER_UPDATED)
async def on_worker_updated(event: CloudEvent[WorkerUpdated], deps: Dependencies) -> None:
    await remember_worker(event, deps)


@router.consumer(subjects.LEARNER_RECORDED, name=Consumer.LEARNER_RECORDED)
async def on_learner_recorded(event: CloudEvent[LearnerRecorded], deps: Dependencies) -> None:
    await usecases.remember_learner(
        deps.units(event),
        learner=learner_of(event.data),
    )


@router.command(subjects.APPLICANT_GET, roles={Role.WORKER, Role.FAC_OPERATOR, Role.SERVICE})
async def get_applicant(
    req: GetApplicant, ctx: CommandContext, deps: Dependencies
) -> ApplicantView:
    own = ctx.actor.role is Role.WORKER
    found = await usecases.find_applicant(
        deps.units(),
        worker_id=None if own else req.worker_id,
        snils=ctx.actor.snils if own else None,
    )
    if found is None:
        return ApplicantView(worker_id=req.worker_id or "", in_frmr=False, known_since=None)
    return ApplicantView(worker_id=found.worker_id, in_frmr=True, known_since=found.known_since)
