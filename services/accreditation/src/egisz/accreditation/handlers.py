"""Accreditation entry points: contract in → use case → reply / events out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from egisz.accreditation import usecases
from egisz.accreditation.domain.errors import ExtractNotIssuedError
from egisz.accreditation.domain.extract import (
    format_code,
)
from egisz.accreditation.domain.model import PersonalData
from egisz.accreditation.domain.status import Kind
from egisz.accreditation.domain.submission import Rules
from egisz.accreditation.domain.working_days import ReviewTerms
from egisz.accreditation.gateways import ApplicationCenter, PortfolioGateway, SpecialityBook
from egisz.accreditation.repository import AccreditationUnitOfWork
from egisz.accreditation.settings import Consumer
from egisz.accreditation.wire import (
    application_view,
    certified,
    extract_view,
    extracts_page,
    learner_of,
    signature_view,
)
from egisz.contracts import accreditation as wire
from egisz.contracts import subjects
from egisz.contracts.accreditation import ApplicantView, GetApplicant
from egisz.contracts.envelope import Role
from egisz.contracts.events import CloudEvent
from egisz.contracts.files import FilePart, UploadFilePart, UploadProgress
from egisz.contracts.registry import LearnerRecorded, WorkerRegistered, WorkerUpdated
from egisz.kernel.clock import utcnow
from egisz.kernel.errors import InvalidInputError
from egisz.kernel.signatures import Signer
from egisz.runtime.file_wire import file_part, upload_pdf_part
from egisz.runtime.files import FileStore, read_part
from egisz.runtime.logging import get_logger
from egisz.runtime.messaging import CommandContext, delivery_attempt
from egisz.runtime.ports import next_cursor
from egisz.runtime.routing import Router, UnitOfWorkFactory

log = get_logger("egisz.accreditation")


@dataclass(frozen=True)
class Dependencies:
    """What `app.py` builds for the entry points. Stores and gateways are factories: the
    connections they use exist only once the runtime has started."""

    units: UnitOfWorkFactory[AccreditationUnitOfWork]
    rules: Rules
    terms: ReviewTerms
    portfolio: Callable[[], PortfolioGateway]
    specialities: SpecialityBook
    center: Callable[[], ApplicationCenter]
    documents: Callable[[], FileStore]
    extracts: Callable[[], FileStore]
    signer: Signer | None
    render: usecases.RenderExtract


async def check_deadlines(deps: Dependencies) -> None:
    """The timer's entry point: flag the review stages that ran past their working days."""
    flagged = await usecases.flag_missed_deadlines(deps.units, today=utcnow().date())
    if flagged:
        log.info("review deadlines missed", flagged=flagged)


router = Router[Dependencies]()


async def speciality_of(
    deps: Dependencies, code: str | None, text: str | None, *, on: date
) -> tuple[str, str | None]:
    """The speciality's name and code: by the code in the registry's specialities' book (its
    name wins), or the text where no code is given."""
    if code:
        return await deps.specialities.name(code, on=on), code
    if not text or not text.strip():
        raise InvalidInputError.of(
            "speciality_code",
            "Укажите специальность: код из номенклатуры специальностей или текстом",
            "missing",
        )
    return text, None


def own_snils(ctx: CommandContext) -> str | None:
    """A worker reads only their own; staff read any."""
    return ctx.actor.snils or "" if ctx.actor.role is Role.WORKER else None


async def remember_worker(
    event: CloudEvent[WorkerRegistered] | CloudEvent[WorkerUpdated], deps: Dependencies
) -> None:
    data = event.data
    await usecases.remember_applicant(
        deps.units(event),
        worker_id=data.worker_id,
        snils=data.snils,
        personal=PersonalData(
            data.last_name,
            data.first_name,
            data.middle_name,
            data.birth_date,
            data.email,
            data.phone,
        ),
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


@router.command(subjects.APPLICATION_FORM, roles={Role.WORKER})
async def form(
    req: wire.FormApplication, ctx: CommandContext, deps: Dependencies
) -> wire.ApplicationView:
    speciality, code = await speciality_of(
        deps, req.speciality_code, req.speciality, on=utcnow().date()
    )
    application = await usecases.form_application(
        deps.units(ctx),
        snils=ctx.actor.snils or "",
        actor=str(ctx.actor),
        kind=Kind(req.kind),
        speciality=speciality,
        speciality_code=code,
        education_level=req.education_level,
        consent=req.consent,
        comment=req.comment,
    )
    return application_view(application)


@router.command(subjects.APPLICATION_CANCEL, roles={Role.WORKER})
async def cancel(
    req: wire.ApplicationRef, ctx: CommandContext, deps: Dependencies
) -> wire.ApplicationView:
    application = await usecases.cancel_application(
        deps.units(ctx),
        application_id=req.application_id,
        snils=ctx.actor.snils or "",
        actor=str(ctx.actor),
    )
    return application_view(application)


@router.command(subjects.APPLICATION_GET, roles={Role.WORKER, Role.FAC_OPERATOR, Role.SERVICE})
async def get(
    req: wire.ApplicationRef, ctx: CommandContext, deps: Dependencies
) -> wire.ApplicationView:
    own = ctx.actor.role is Role.WORKER
    application = await usecases.read_application(
        deps.units(ctx),
        application_id=req.application_id,
        snils=ctx.actor.snils if own else None,
    )
    return application_view(application)


@router.command(subjects.APPLICATION_LIST, roles={Role.WORKER})
async def list_own(
    req: wire.ListApplications, ctx: CommandContext, deps: Dependencies
) -> wire.ApplicationsPage:
    found = await usecases.applications_of(
        deps.units(ctx), snils=ctx.actor.snils or "", after=req.after, limit=req.limit
    )
    return wire.ApplicationsPage(
        items=[application_view(a) for a in found],
        next_cursor=next_cursor(found, req.limit),
    )


@router.command(subjects.APPLICATION_SUBMIT, roles={Role.WORKER})
async def submit(
    req: wire.ApplicationRef, ctx: CommandContext, deps: Dependencies
) -> wire.ApplicationView:
    application = await usecases.submit_application(
        deps.units(ctx),
        deps.portfolio(),
        application_id=req.application_id,
        snils=ctx.actor.snils or "",
        rules=deps.rules,
    )
    return application_view(application)


@router.consumer(subjects.APPLICATION_SUBMITTED, name=Consumer.DELIVERY)
async def deliver(event: CloudEvent[wire.ApplicationSubmitted], deps: Dependencies) -> None:
    data = event.data
    attempt, last = delivery_attempt()
    await usecases.deliver_application(
        lambda: deps.units(event),
        deps.center(),
        application_id=data.application_id,
        attempt=attempt,
        last_attempt=last,
        terms=deps.terms,
    )


@router.command(subjects.APPLICATION_QUEUE, roles={Role.FAC_OPERATOR})
async def queue(
    req: wire.ReviewQueue, ctx: CommandContext, deps: Dependencies
) -> wire.ApplicationsPage:
    found = await usecases.review_queue(
        deps.units(ctx), status=req.status, after=req.after, limit=req.limit
    )
    return wire.ApplicationsPage(
        items=[application_view(a) for a in found],
        next_cursor=next_cursor(found, req.limit),
    )


@router.command(subjects.APPLICATION_REJECT, roles={Role.FAC_OPERATOR})
async def reject(
    req: wire.RejectApplication, ctx: CommandContext, deps: Dependencies
) -> wire.ApplicationView:
    application = await usecases.reject_application(
        deps.units(ctx),
        application_id=req.application_id,
        actor=str(ctx.actor),
        reasons=req.reasons,
        paper_approval_invalid=req.paper_approval_invalid,
    )
    return application_view(application)


@router.command(subjects.APPLICATION_DOCUMENT_DOWNLOAD, roles={Role.WORKER, Role.FAC_OPERATOR})
async def download_document(
    req: wire.DownloadApplicationDocument, ctx: CommandContext, deps: Dependencies
) -> FilePart:
    document = await usecases.application_document(
        deps.units(ctx),
        application_id=req.application_id,
        document_id=req.document_id,
        snils=own_snils(ctx),
    )
    info, data, last = await read_part(
        deps.documents(),
        file_id=document.document_id,
        part=req.part,
        may_read=lambda _: True,  # the application's reader was checked above
    )
    return file_part(info, req.part, data, last)


@router.command(subjects.APPLICATION_DOCUMENTS_CHECK, roles={Role.FAC_OPERATOR})
async def check_documents(
    req: wire.CheckDocuments, ctx: CommandContext, deps: Dependencies
) -> wire.ApplicationView:
    application = await usecases.check_documents(
        deps.units(ctx),
        application_id=req.application_id,
        actor=str(ctx.actor),
        checked_on=req.checked_on,
        terms=deps.terms,
    )
    return application_view(application)


@router.command(subjects.APPLICATION_DECIDE, roles={Role.FAC_OPERATOR})
async def decide(
    req: wire.DecideApplication, ctx: CommandContext, deps: Dependencies
) -> wire.ApplicationView:
    application = await usecases.decide_application(
        deps.units(ctx),
        application_id=req.application_id,
        actor=str(ctx.actor),
        passed=req.passed,
        protocol_number=req.protocol_number,
        decided_on=req.decided_on,
    )
    return application_view(application)


@router.command(subjects.APPLICATION_REGISTER_PAPER, roles={Role.FAC_OPERATOR})
async def register_paper(
    req: wire.RegisterPaperApplication, ctx: CommandContext, deps: Dependencies
) -> wire.ApplicationView:
    speciality, code = await speciality_of(
        deps, req.speciality_code, req.speciality, on=req.received_on
    )
    paper = usecases.PaperApplication(
        snils=req.snils,
        personal=PersonalData(req.last_name, req.first_name, req.middle_name, req.birth_date),
        kind=Kind(req.kind),
        speciality=speciality,
        speciality_code=code,
        education_level=req.education_level,
        received_on=req.received_on,
        file_ids=req.file_ids,
    )
    application = await usecases.register_paper_application(
        deps.units(ctx),
        deps.documents(),
        paper,
        actor=str(ctx.actor),
        owner=ctx.actor.sub,
        rules=deps.rules,
        terms=deps.terms,
    )
    return application_view(application)


# The center uploads the scans of a paper application as a worker uploads their own.
@router.command(subjects.APPLICATION_DOCUMENT_UPLOAD, roles={Role.WORKER, Role.FAC_OPERATOR})
async def upload(req: UploadFilePart, ctx: CommandContext, deps: Dependencies) -> UploadProgress:
    return await upload_pdf_part(
        deps.documents(), req, owner=ctx.actor.sub, max_bytes=deps.rules.documents_max_bytes
    )


@router.command(subjects.APPLICATION_DOCUMENT_ATTACH, roles={Role.WORKER})
async def attach(
    req: wire.AttachApplicationDocument, ctx: CommandContext, deps: Dependencies
) -> wire.ApplicationView:
    application = await usecases.attach_document(
        deps.units(ctx),
        deps.documents(),
        application_id=req.application_id,
        snils=ctx.actor.snils or "",
        owner=ctx.actor.sub,
        file_id=req.file_id,
        max_bytes=deps.rules.documents_max_bytes,
    )
    return application_view(application)


@router.command(subjects.EXTRACT_ORDER, roles={Role.WORKER})
async def order_extract(
    req: wire.OrderExtract, ctx: CommandContext, deps: Dependencies
) -> wire.ExtractView:
    extract = await usecases.order_extract(
        deps.units(ctx),
        application_id=req.application_id,
        snils=ctx.actor.snils or "",
        actor=str(ctx.actor),
    )
    return extract_view(extract)


@router.command(subjects.EXTRACT_LIST, roles={Role.WORKER})
async def list_extracts(
    req: wire.ListExtracts, ctx: CommandContext, deps: Dependencies
) -> wire.ExtractsPage:
    found = await usecases.extracts_of(
        deps.units(ctx), snils=ctx.actor.snils or "", after=req.after, limit=req.limit
    )
    return extracts_page(found, req.limit)


@router.command(subjects.EXTRACT_QUEUE, roles={Role.FAC_OPERATOR})
async def extract_queue(
    req: wire.ExtractQueue, ctx: CommandContext, deps: Dependencies
) -> wire.ExtractsPage:
    found = await usecases.extract_queue(
        deps.units(ctx), status=req.status, after=req.after, limit=req.limit
    )
    return extracts_page(found, req.limit)


@router.command(subjects.EXTRACT_GET, roles={Role.WORKER, Role.FAC_OPERATOR})
async def get_extract(
    req: wire.ExtractRef, ctx: CommandContext, deps: Dependencies
) -> wire.ExtractView:
    extract = await usecases.read_extract(
        deps.units(ctx), extract_id=req.extract_id, snils=own_snils(ctx)
    )
    return extract_view(extract)


@router.command(subjects.EXTRACT_ISSUE, roles={Role.FAC_OPERATOR})
async def issue_extract(
    req: wire.ExtractRef, ctx: CommandContext, deps: Dependencies
) -> wire.ExtractView:
    extract = await usecases.issue_extract(
        deps.units(ctx),
        deps.extracts(),
        extract_id=req.extract_id,
        actor=str(ctx.actor),
        signer=deps.signer,
        render=deps.render,
    )
    return extract_view(extract)


@router.command(subjects.EXTRACT_REFUSE, roles={Role.FAC_OPERATOR})
async def refuse_extract(
    req: wire.RefuseExtract, ctx: CommandContext, deps: Dependencies
) -> wire.ExtractView:
    extract = await usecases.refuse_extract(
        deps.units(ctx), extract_id=req.extract_id, actor=str(ctx.actor), reason=req.reason
    )
    return extract_view(extract)


@router.command(subjects.EXTRACT_DOWNLOAD, roles={Role.WORKER, Role.FAC_OPERATOR})
async def download_extract(
    req: wire.DownloadExtract, ctx: CommandContext, deps: Dependencies
) -> FilePart:
    extract = await usecases.read_extract(
        deps.units(ctx), extract_id=req.extract_id, snils=own_snils(ctx)
    )
    if extract.document is None:
        raise ExtractNotIssuedError(
            f"Выписка ещё не выдана: она в статусе «{extract.status.label}»"
        )
    info, data, last = await read_part(
        deps.extracts(),
        file_id=extract.document.file_id,
        part=req.part,
        may_read=lambda _: True,  # the extract's owner was checked above
    )
    return file_part(info, req.part, data, last)


@router.command(subjects.EXTRACT_VERIFY, roles=set(Role), public=True)
async def verify_extract(
    req: wire.VerifyExtract, ctx: CommandContext, deps: Dependencies
) -> wire.ExtractVerification:
    extract = await usecases.verify_extract(
        deps.units(ctx), verification_code=req.verification_code
    )
    d = extract.document
    assert d is not None  # found by the code of an issued extract
    return wire.ExtractVerification(
        verification_code=format_code(d.verification_code),
        extract_id=extract.id,
        issued_on=d.issued_on,
        accreditation=certified(extract.record),
        in_force=extract.record.in_force(utcnow().date()),
        signature=signature_view(d),
        document_matches=d.matches(req.sha256) if req.sha256 else None,
    )
