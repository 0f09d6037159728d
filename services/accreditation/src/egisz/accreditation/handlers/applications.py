"""A worker's applications: formed (by the speciality's code), cancelled, read, submitted and
delivered to the center; documents; a paper application the center registers."""

from __future__ import annotations

from egisz.accreditation import usecases
from egisz.accreditation.domain.model import ContactDetails, PersonalData
from egisz.accreditation.domain.status import Kind
from egisz.accreditation.handlers.dependencies import (
    Dependencies,
    application_seen,
    own_snils,
    speciality_of,
)
from egisz.accreditation.settings import Consumer
from egisz.contracts import accreditation as wire, subjects
from egisz.contracts.audit import DataPart
from egisz.contracts.envelope import Role
from egisz.contracts.events import CloudEvent
from egisz.contracts.files import FilePart, UploadFilePart, UploadProgress
from egisz.contracts.registry import DictionaryVersionLoaded
from egisz.kernel.clock import utcnow
from egisz.runtime.file_wire import file_part, upload_pdf_part
from egisz.runtime.files import read_part
from egisz.runtime.messaging import CommandContext, delivery_attempt
from egisz.runtime.ports import next_cursor
from egisz.runtime.routing import Router

router = Router[Dependencies]()


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
        contacts=ContactDetails.given(req.email, req.phone),
    )
    return application_seen(ctx, application)


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
    return application_seen(ctx, application)


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
    return application_seen(ctx, application)


@router.command(subjects.APPLICATION_LIST, roles={Role.WORKER})
async def list_own(
    req: wire.ListApplications, ctx: CommandContext, deps: Dependencies
) -> wire.ApplicationsPage:
    found = await usecases.applications_of(
        deps.units(ctx), snils=ctx.actor.snils or "", after=req.after, limit=req.limit
    )
    return wire.ApplicationsPage(
        items=[application_seen(ctx, a) for a in found],
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
    return application_seen(ctx, application)


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
    return application_seen(ctx, application)


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
    return application_seen(ctx, application)


@router.command(subjects.APPLICATION_DOCUMENT_DOWNLOAD, roles={Role.WORKER, Role.FAC_OPERATOR})
async def download_document(
    req: wire.DownloadApplicationDocument, ctx: CommandContext, deps: Dependencies
) -> FilePart:
    document, applicant = await usecases.application_document(
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
    ctx.disclosed(applicant, DataPart.DOCUMENTS)
    return file_part(info, req.part, data, last)


@router.watch(subjects.DICTIONARY_VERSION_LOADED)
async def refresh_specialities(
    event: CloudEvent[DictionaryVersionLoaded], deps: Dependencies
) -> None:
    """A new version of a book: the names kept from the specialities' book are asked anew."""
    deps.specialities.forget(event.data.oid)
