"""Accreditation entry points: contract in → use case → reply / events out."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from egisz.accreditation import usecases
from egisz.accreditation.calendar import ProductionCalendar
from egisz.accreditation.domain.application import (
    Application,
    DeadlineMissed,
    Kind,
    Passed,
    Rules,
    StatusChanged,
    Submitted,
    Transition,
)
from egisz.accreditation.domain.errors import ExtractNotIssuedError
from egisz.accreditation.domain.extract import (
    AccreditationRecord,
    Extract,
    ExtractStatusChanged,
    ExtractTransition,
    IssuedDocument,
    format_code,
)
from egisz.accreditation.domain.model import PersonalData
from egisz.accreditation.extract_pdf import render_extract
from egisz.accreditation.gateways import NatsPortfolioGateway
from egisz.accreditation.repository import (
    DOCUMENTS_BUCKET,
    EXTRACTS_BUCKET,
    MongoAccreditationUnitOfWork,
)
from egisz.accreditation.settings import AccreditationSettings
from egisz.contracts import accreditation as wire
from egisz.contracts import subjects
from egisz.contracts.accreditation import ApplicantView, GetApplicant
from egisz.contracts.envelope import Role
from egisz.contracts.events import CloudEvent
from egisz.contracts.fac import ApplicationPackage, IntakeReceipt
from egisz.contracts.files import FilePart, UploadFilePart, UploadProgress
from egisz.contracts.registry import WorkerRegistered, WorkerUpdated
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.clock import utcnow
from egisz.runtime.errors import InvalidInputError
from egisz.runtime.events import Cause, outgoing
from egisz.runtime.file_wire import file_part, upload_pdf_part
from egisz.runtime.files import read_part
from egisz.runtime.gridfs import GridFsFileStore
from egisz.runtime.logging import get_logger
from egisz.runtime.messaging import CommandContext, delivery_attempt
from egisz.runtime.mongo import OutgoingEvent
from egisz.runtime.remote import RemoteUnavailableError, query
from egisz.runtime.signatures import Signer, public_key_pem

log = get_logger("egisz.accreditation")


def personal_view(p: PersonalData) -> wire.ApplicantPersonalData:
    return wire.ApplicantPersonalData(
        last_name=p.last_name,
        first_name=p.first_name,
        middle_name=p.middle_name,
        birth_date=p.birth_date,
        email=p.email,
        phone=p.phone,
    )


def documents_view(a: Application) -> list[wire.ApplicationDocument]:
    return [
        wire.ApplicationDocument(document_id=d.document_id, filename=d.filename, size=d.size)
        for d in a.documents
    ]


def package_of(a: Application) -> ApplicationPackage:
    # submit() saw to both: only a worker known in FRMR passes the checks.
    assert a.personal is not None
    assert a.submitted_at is not None
    return ApplicationPackage(
        application_id=a.id,
        worker_id=a.worker_id,
        snils=a.snils,
        applicant=personal_view(a.personal),
        kind=a.kind.value,
        speciality=a.speciality,
        education_level=a.education_level,
        snapshot_id=a.snapshot_id,
        documents=documents_view(a),
        comment=a.comment,
        submitted_at=a.submitted_at,
    )


StepT = TypeVar("StepT", wire.ApplicationTransition, wire.ExtractTransition)


def history_of(steps: Sequence[Transition | ExtractTransition], kind: type[StepT]) -> list[StepT]:
    """An application's or an extract's moves: each status with its Russian title and actor."""
    return [
        kind.model_validate(
            {
                "status": t.status.value,
                "status_title": t.status.label,
                "actor": t.actor,
                "at": t.at,
                "reason": t.reason,
            }
        )
        for t in steps
    ]


def application_view(a: Application) -> wire.ApplicationView:
    return wire.ApplicationView(
        application_id=a.id,
        worker_id=a.worker_id,
        applicant=personal_view(a.personal) if a.personal else None,
        kind=a.kind.value,
        speciality=a.speciality,
        education_level=a.education_level,
        consent=a.consent,
        comment=a.comment,
        documents=documents_view(a),
        status=a.status.value,
        status_title=a.status.label,
        history=history_of(a.history, wire.ApplicationTransition),
        documents_check_due=a.documents_check_due,
        decision_due=a.decision_due,
        protocol_number=a.decision.protocol_number if a.decision else None,
        decided_on=a.decision.decided_on if a.decision else None,
        valid_until=a.decision.valid_until if a.decision else None,
        created_at=a.created_at,
        version=a.version,
    )


def extract_view(e: Extract) -> wire.ExtractView:
    d = e.document
    return wire.ExtractView(
        extract_id=e.id,
        status=e.status.value,
        status_title=e.status.label,
        history=history_of(e.history, wire.ExtractTransition),
        accreditation=certified(e.record),
        requested_at=e.requested_at,
        verification_code=format_code(d.verification_code) if d else None,
        issued_on=d.issued_on if d else None,
        filename=d.filename if d else None,
        size=d.size if d else None,
        signature=signature_view(d) if d else None,
        version=e.version,
    )


def certified(r: AccreditationRecord) -> wire.CertifiedAccreditation:
    return wire.CertifiedAccreditation(
        application_id=r.application_id,
        full_name=r.full_name,
        kind=r.kind,
        kind_title=r.kind_title,
        speciality=r.speciality,
        protocol_number=r.protocol_number,
        passed_on=r.passed_on,
        valid_until=r.valid_until,
    )


def signature_view(d: IssuedDocument) -> wire.ExtractSignature:
    return wire.ExtractSignature(
        scheme=d.scheme,
        signature=d.signature,
        key_id=d.key_id,
        public_key_pem=public_key_pem(base64.b64decode(d.public_key)),
        sha256=d.sha256,
    )


def to_wire(event: object, cause: Cause) -> OutgoingEvent:
    match event:
        case ExtractStatusChanged(extract=e, transition=t):
            changed = wire.ExtractStatusChanged(
                extract_id=e.id,
                application_id=e.record.application_id,
                worker_id=e.worker_id,
                snils=e.snils,
                speciality=e.record.speciality,
                status=t.status.value,
                status_title=t.status.label,
                actor=t.actor,
                reason=t.reason,
            )
            return outgoing(subjects.EXTRACT_STATUS_CHANGED, changed, about=e.id, cause=cause)
        case StatusChanged(application=a, transition=t):
            data = wire.ApplicationStatusChanged(
                application_id=a.id,
                worker_id=a.worker_id,
                snils=a.snils,
                kind=a.kind.value,
                speciality=a.speciality,
                status=t.status.value,
                status_title=t.status.label,
                actor=t.actor,
                reason=t.reason,
            )
            return outgoing(subjects.APPLICATION_STATUS_CHANGED, data, about=a.id, cause=cause)
        case Submitted(application=a, at=at):
            submitted = wire.ApplicationSubmitted(
                application_id=a.id,
                worker_id=a.worker_id,
                snils=a.snils,
                kind=a.kind.value,
                speciality=a.speciality,
                education_level=a.education_level,
                snapshot_id=a.snapshot_id,
                submitted_at=at,
            )
            return outgoing(subjects.APPLICATION_SUBMITTED, submitted, about=a.id, cause=cause)
        case DeadlineMissed(application=a, stage=stage, due=due):
            missed = wire.DeadlineMissed(
                application_id=a.id,
                worker_id=a.worker_id,
                snils=a.snils,
                speciality=a.speciality,
                stage=stage,
                due=due,
            )
            return outgoing(subjects.APPLICATION_DEADLINE_MISSED, missed, about=a.id, cause=cause)
        case Passed(application=a, decision=d) if d.valid_until is not None:
            passed = wire.AccreditationPassed(
                application_id=a.id,
                worker_id=a.worker_id,
                snils=a.snils,
                kind=a.kind.value,
                speciality=a.speciality,
                passed_on=d.decided_on,
                valid_until=d.valid_until,
                protocol_number=d.protocol_number,
            )
            return outgoing(subjects.ACCREDITATION_PASSED, passed, about=a.id, cause=cause)
    raise TypeError(f"no wire form for {event!r}")


def register(rt: ServiceRuntime, settings: AccreditationSettings) -> None:
    rules = Rules(settings.documents_max_bytes, settings.earliest_months_before_expiry)
    calendar = ProductionCalendar(
        settings.calendar_country,
        extra_days_off=settings.extra_days_off,
        extra_working_days=settings.extra_working_days,
    )

    def portfolio() -> NatsPortfolioGateway:
        return NatsPortfolioGateway(
            rt.broker.connection,
            token=settings.service_token,
            timeout=settings.request_timeout_seconds,
        )

    def uow(cause: Cause | None = None) -> MongoAccreditationUnitOfWork:
        cause = cause or Cause()
        return MongoAccreditationUnitOfWork(rt.unit_of_work(), lambda ev: to_wire(ev, cause))

    def remember(consumer: str) -> Callable[[CloudEvent[Any]], Awaitable[None]]:
        async def on_worker_record(event: CloudEvent[Any]) -> None:
            data: WorkerRegistered | WorkerUpdated = event.data
            await usecases.remember_applicant(
                uow(),
                consumer=consumer,
                event_id=event.id,
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

        return on_worker_record

    for spec, consumer in (
        (subjects.WORKER_REGISTERED, usecases.WORKER_REGISTERED_CONSUMER),
        (subjects.WORKER_UPDATED, usecases.WORKER_UPDATED_CONSUMER),
    ):
        rt.consumer(spec, name=consumer)(remember(consumer))

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

    @rt.command(subjects.APPLICATION_FORM, roles={Role.WORKER})
    async def form(req: wire.FormApplication, ctx: CommandContext) -> wire.ApplicationView:
        application = await usecases.form_application(
            uow(ctx.cause),
            snils=ctx.actor.snils or "",
            actor=str(ctx.actor),
            kind=Kind(req.kind),
            speciality=req.speciality,
            education_level=req.education_level,
            consent=req.consent,
            comment=req.comment,
        )
        return application_view(application)

    @rt.command(subjects.APPLICATION_CANCEL, roles={Role.WORKER})
    async def cancel(req: wire.ApplicationRef, ctx: CommandContext) -> wire.ApplicationView:
        application = await usecases.cancel_application(
            uow(ctx.cause),
            application_id=req.application_id,
            snils=ctx.actor.snils or "",
            actor=str(ctx.actor),
        )
        return application_view(application)

    @rt.command(subjects.APPLICATION_GET, roles={Role.WORKER, Role.FAC_OPERATOR, Role.SERVICE})
    async def get(req: wire.ApplicationRef, ctx: CommandContext) -> wire.ApplicationView:
        own = ctx.actor.role is Role.WORKER
        application = await usecases.read_application(
            uow(ctx.cause),
            application_id=req.application_id,
            snils=ctx.actor.snils if own else None,
        )
        return application_view(application)

    @rt.command(subjects.APPLICATION_LIST, roles={Role.WORKER})
    async def list_own(req: wire.ListApplications, ctx: CommandContext) -> wire.ApplicationsPage:
        found = await usecases.applications_of(
            uow(ctx.cause), snils=ctx.actor.snils or "", after=req.after, limit=req.limit
        )
        return wire.ApplicationsPage(
            items=[application_view(a) for a in found],
            next_cursor=found[-1].id if len(found) == req.limit else None,
        )

    @rt.command(subjects.APPLICATION_SUBMIT, roles={Role.WORKER})
    async def submit(req: wire.ApplicationRef, ctx: CommandContext) -> wire.ApplicationView:
        application = await usecases.submit_application(
            uow(ctx.cause),
            portfolio(),
            application_id=req.application_id,
            snils=ctx.actor.snils or "",
            rules=rules,
        )
        return application_view(application)

    if settings.fac_intake_enabled:

        @rt.command(subjects.FAC_INTAKE, roles={Role.SERVICE})
        async def intake(req: ApplicationPackage, ctx: CommandContext) -> IntakeReceipt:
            number, received = await usecases.receive_package(
                uow(ctx.cause), application_id=req.application_id, today=utcnow().date()
            )
            return IntakeReceipt(
                application_id=req.application_id, intake_number=number, received_on=received
            )

    @rt.consumer(subjects.APPLICATION_SUBMITTED, name=usecases.DELIVERY_CONSUMER)
    async def deliver(event: CloudEvent[Any]) -> None:
        """Hand the package to the center; only its receipt makes it delivered. Retries are
        JetStream redeliveries with backoff, so they survive a restart."""
        data: wire.ApplicationSubmitted = event.data
        attempt, last = delivery_attempt()
        cause = Cause.of_event(event)
        application = await usecases.read_application(
            uow(cause), application_id=data.application_id, snils=None
        )
        package = package_of(application)
        try:
            await query(
                rt.broker.connection,
                subjects.FAC_INTAKE,
                package,
                IntakeReceipt,
                token=settings.service_token,
                timeout=settings.request_timeout_seconds,
            )
        except RemoteUnavailableError as exc:
            if attempt < last:
                raise  # redelivered later, with the policy's delay
            await usecases.mark_not_delivered(
                uow(cause),
                event_id=event.id,
                application_id=data.application_id,
                reason=f"Центр аккредитации не ответил после {attempt} попыток: {exc.message}",
            )
            return
        await usecases.mark_delivered(
            uow(cause),
            event_id=event.id,
            application_id=data.application_id,
            check_days=settings.review_check_days,
            decision_days=settings.review_decision_days,
            calendar=calendar,
        )

    @rt.command(subjects.APPLICATION_QUEUE, roles={Role.FAC_OPERATOR})
    async def queue(req: wire.ReviewQueue, ctx: CommandContext) -> wire.ApplicationsPage:
        found = await usecases.review_queue(
            uow(ctx.cause), status=req.status, after=req.after, limit=req.limit
        )
        return wire.ApplicationsPage(
            items=[application_view(a) for a in found],
            next_cursor=found[-1].id if len(found) == req.limit else None,
        )

    @rt.command(subjects.APPLICATION_REJECT, roles={Role.FAC_OPERATOR})
    async def reject(req: wire.RejectApplication, ctx: CommandContext) -> wire.ApplicationView:
        application = await usecases.reject_application(
            uow(ctx.cause),
            application_id=req.application_id,
            actor=str(ctx.actor),
            reasons=req.reasons,
        )
        return application_view(application)

    @rt.command(subjects.APPLICATION_DECIDE, roles={Role.FAC_OPERATOR})
    async def decide(req: wire.DecideApplication, ctx: CommandContext) -> wire.ApplicationView:
        application = await usecases.decide_application(
            uow(ctx.cause),
            application_id=req.application_id,
            actor=str(ctx.actor),
            passed=req.passed,
            protocol_number=req.protocol_number,
            decided_on=req.decided_on,
        )
        return application_view(application)

    async def check_deadlines() -> None:
        flagged = await usecases.flag_missed_deadlines(uow, today=utcnow().date())
        if flagged:
            log.info("review deadlines missed", flagged=flagged)

    rt.every(settings.deadline_check_seconds, check_deadlines, name="review-deadlines")

    def files() -> GridFsFileStore:
        return GridFsFileStore(rt.mongo.db, DOCUMENTS_BUCKET)

    @rt.command(subjects.APPLICATION_DOCUMENT_UPLOAD, roles={Role.WORKER})
    async def upload(req: UploadFilePart, ctx: CommandContext) -> UploadProgress:
        return await upload_pdf_part(
            files(), req, owner=ctx.actor.sub, max_bytes=settings.documents_max_bytes
        )

    @rt.command(subjects.APPLICATION_DOCUMENT_ATTACH, roles={Role.WORKER})
    async def attach(
        req: wire.AttachApplicationDocument, ctx: CommandContext
    ) -> wire.ApplicationView:
        application = await usecases.attach_document(
            uow(ctx.cause),
            files(),
            application_id=req.application_id,
            snils=ctx.actor.snils or "",
            owner=ctx.actor.sub,
            file_id=req.file_id,
            max_bytes=settings.documents_max_bytes,
        )
        return application_view(application)

    # --- extracts ---------------------------------------------------------------------------
    pem = settings.signing_key_pem()
    signer = Signer(pem) if pem else None
    if signer is None:
        log.warning("no signing key: extracts cannot be issued", setting="SIGNING_KEY")

    def render(record: AccreditationRecord, **kw: Any) -> bytes:
        return render_extract(record, verify_hint=settings.extract_verify_hint, **kw)

    def extract_files() -> GridFsFileStore:
        return GridFsFileStore(rt.mongo.db, EXTRACTS_BUCKET)

    def own_snils(ctx: CommandContext) -> str | None:
        return ctx.actor.snils or "" if ctx.actor.role is Role.WORKER else None

    @rt.command(subjects.EXTRACT_ORDER, roles={Role.WORKER})
    async def order_extract(req: wire.OrderExtract, ctx: CommandContext) -> wire.ExtractView:
        extract = await usecases.order_extract(
            uow(ctx.cause),
            application_id=req.application_id,
            snils=ctx.actor.snils or "",
            actor=str(ctx.actor),
        )
        return extract_view(extract)

    @rt.command(subjects.EXTRACT_LIST, roles={Role.WORKER})
    async def list_extracts(req: wire.ListExtracts, ctx: CommandContext) -> wire.ExtractsPage:
        found = await usecases.extracts_of(
            uow(ctx.cause), snils=ctx.actor.snils or "", after=req.after, limit=req.limit
        )
        return extracts_page(found, req.limit)

    @rt.command(subjects.EXTRACT_QUEUE, roles={Role.FAC_OPERATOR})
    async def extract_queue(req: wire.ExtractQueue, ctx: CommandContext) -> wire.ExtractsPage:
        found = await usecases.extract_queue(
            uow(ctx.cause), status=req.status, after=req.after, limit=req.limit
        )
        return extracts_page(found, req.limit)

    @rt.command(subjects.EXTRACT_GET, roles={Role.WORKER, Role.FAC_OPERATOR})
    async def get_extract(req: wire.ExtractRef, ctx: CommandContext) -> wire.ExtractView:
        extract = await usecases.read_extract(
            uow(ctx.cause), extract_id=req.extract_id, snils=own_snils(ctx)
        )
        return extract_view(extract)

    @rt.command(subjects.EXTRACT_ISSUE, roles={Role.FAC_OPERATOR})
    async def issue_extract(req: wire.ExtractRef, ctx: CommandContext) -> wire.ExtractView:
        extract = await usecases.issue_extract(
            uow(ctx.cause),
            extract_files(),
            extract_id=req.extract_id,
            actor=str(ctx.actor),
            signer=signer,
            render=render,
        )
        return extract_view(extract)

    @rt.command(subjects.EXTRACT_REFUSE, roles={Role.FAC_OPERATOR})
    async def refuse_extract(req: wire.RefuseExtract, ctx: CommandContext) -> wire.ExtractView:
        extract = await usecases.refuse_extract(
            uow(ctx.cause), extract_id=req.extract_id, actor=str(ctx.actor), reason=req.reason
        )
        return extract_view(extract)

    @rt.command(subjects.EXTRACT_DOWNLOAD, roles={Role.WORKER, Role.FAC_OPERATOR})
    async def download_extract(req: wire.DownloadExtract, ctx: CommandContext) -> FilePart:
        extract = await usecases.read_extract(
            uow(ctx.cause), extract_id=req.extract_id, snils=own_snils(ctx)
        )
        if extract.document is None:
            raise ExtractNotIssuedError(
                f"Выписка ещё не выдана: она в статусе «{extract.status.label}»"
            )
        info, data, last = await read_part(
            extract_files(),
            file_id=extract.document.file_id,
            part=req.part,
            may_read=lambda _: True,  # the extract's owner was checked above
        )
        return file_part(info, req.part, data, last)

    @rt.command(subjects.EXTRACT_VERIFY, roles=set(Role), public=True)
    async def verify_extract(
        req: wire.VerifyExtract, ctx: CommandContext
    ) -> wire.ExtractVerification:
        extract = await usecases.verify_extract(
            uow(ctx.cause), verification_code=req.verification_code
        )
        d = extract.document
        assert d is not None  # found by the code of an issued extract
        return wire.ExtractVerification(
            verification_code=format_code(d.verification_code),
            extract_id=extract.id,
            issued_on=d.issued_on,
            accreditation=certified(extract.record),
            in_force=extract.record.valid_until >= utcnow().date(),
            signature=signature_view(d),
            document_matches=(req.sha256.strip().lower() == d.sha256) if req.sha256 else None,
        )


def extracts_page(found: list[Extract], limit: int) -> wire.ExtractsPage:
    return wire.ExtractsPage(
        items=[extract_view(e) for e in found],
        next_cursor=found[-1].id if len(found) == limit else None,
    )
