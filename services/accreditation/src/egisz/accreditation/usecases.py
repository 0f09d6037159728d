"""One async function per command or reaction."""

from __future__ import annotations

import base64
import hashlib
import secrets
import uuid
from collections.abc import Callable
from datetime import date
from typing import Protocol

from egisz.accreditation.domain.application import (
    Application,
    ApplicationDocument,
    Circumstances,
    Kind,
    Obstacle,
    Rules,
    Status,
    WorkingCalendar,
    submission_obstacles,
)
from egisz.accreditation.domain.errors import (
    ApplicationAlreadyActiveError,
    ApplicationNotFoundError,
    ApplicationNotReadyError,
    ExtractNotFoundError,
    SigningKeyMissingError,
)
from egisz.accreditation.domain.extract import (
    CODE_ALPHABET,
    CODE_LENGTH,
    AccreditationRecord,
    Extract,
    IssuedDocument,
    normalize_code,
)
from egisz.accreditation.domain.model import Applicant, PersonalData
from egisz.accreditation.gateways import PortfolioGateway
from egisz.accreditation.repository import AccreditationUnitOfWork
from egisz.runtime.clock import Clock, utcnow
from egisz.runtime.errors import FieldProblem
from egisz.runtime.files import FileInfo, FileStore, owned_file
from egisz.runtime.remote import RemoteRefusalError
from egisz.runtime.signatures import SCHEME, Signer

WORKER_REGISTERED_CONSUMER = "worker-registered"
WORKER_UPDATED_CONSUMER = "worker-updated"


async def remember_applicant(
    uow: AccreditationUnitOfWork,
    *,
    consumer: str,
    event_id: str,
    worker_id: str,
    snils: str,
    personal: PersonalData,
    record_version: int,
    clock: Clock = utcnow,
) -> None:
    """Keep our copy of a worker's FRMR record: registered or updated, never rolled back."""
    async with uow:
        if await uow.already_processed(consumer, event_id):
            return
        uow.mark_processed(consumer, event_id)
        known = await uow.applicant(worker_id=worker_id)
        if known is None or known.newer(record_version):
            since = known.known_since if known else clock()
            await uow.save_applicant(Applicant(worker_id, snils, since, personal, record_version))
        await uow.commit()


async def find_applicant(
    uow: AccreditationUnitOfWork, *, worker_id: str | None, snils: str | None
) -> Applicant | None:
    async with uow:
        return await uow.applicant(worker_id=worker_id, snils=snils)


# --- applications ---------------------------------------------------------------------------
async def form_application(
    uow: AccreditationUnitOfWork,
    *,
    snils: str,
    actor: str,
    kind: Kind,
    speciality: str,
    education_level: str,
    consent: bool,
    comment: str | None,
    clock: Clock = utcnow,
) -> Application:
    """Form an application; one active per worker and speciality."""
    async with uow:
        applicant = await uow.applicant(snils=snils)
        if await uow.applications.active_for(snils, speciality) is not None:
            raise ApplicationAlreadyActiveError()
        application = Application.form(
            application_id=uuid.uuid4().hex,
            worker_id=applicant.worker_id if applicant else "",
            snils=snils,
            kind=kind,
            speciality=speciality,
            education_level=education_level,
            consent=consent,
            comment=comment,
            actor=actor,
            now=clock(),
            personal=applicant.personal if applicant else None,
        )
        await uow.applications.add(application)
        await uow.commit()
    return application


async def read_application(
    uow: AccreditationUnitOfWork, *, application_id: str, snils: str | None
) -> Application:
    """An applicant reads only their own (`snils`); staff pass None."""
    async with uow:
        application = await uow.applications.get(application_id)
    if application is None or (snils is not None and application.snils != snils):
        raise ApplicationNotFoundError()
    return application


async def _change(
    uow: AccreditationUnitOfWork,
    application_id: str,
    change: Callable[[Application], object],
    *,
    snils: str | None = None,
) -> Application:
    """Load an application (the applicant's own when `snils` is given), apply one rule, save."""
    async with uow:
        application = await uow.applications.get(application_id)
        if application is None or (snils is not None and application.snils != snils):
            raise ApplicationNotFoundError()
        change(application)
        await uow.applications.save(application)
        await uow.commit()
    return application


async def cancel_application(
    uow: AccreditationUnitOfWork,
    *,
    application_id: str,
    snils: str,
    actor: str,
    clock: Clock = utcnow,
) -> Application:
    return await _change(
        uow, application_id, lambda a: a.cancel(actor=actor, now=clock()), snils=snils
    )


async def applications_of(
    uow: AccreditationUnitOfWork, *, snils: str, after: str | None, limit: int
) -> list[Application]:
    async with uow:
        return await uow.applications.of_worker(snils, after, limit)


async def submit_application(
    uow: AccreditationUnitOfWork,
    portfolio: PortfolioGateway,
    *,
    application_id: str,
    snils: str,
    rules: Rules,
    clock: Clock = utcnow,
) -> Application:
    """Run every submission check; refuse with all of them at once, or hand the application on
    to delivery. The portfolio's readiness is the source of the portfolio checks."""
    now = clock()
    async with uow:
        application = await uow.applications.get(application_id)
        applicant = await uow.applicant(snils=snils)
        own = await uow.applications.of_worker(snils, None, 1000)
    if application is None or application.snils != snils:
        raise ApplicationNotFoundError()
    in_frmr = applicant is not None
    portfolio_obstacles: tuple[Obstacle, ...] = ()
    snapshot_id: str | None = None
    snapshot_error: str | None = None
    if application.kind is Kind.PERIODIC and applicant is not None:
        portfolio_obstacles = await portfolio.obstacles(applicant.worker_id, application.speciality)
        if not portfolio_obstacles:
            try:
                snapshot_id = await portfolio.snapshot(applicant.worker_id)
            except RemoteRefusalError as exc:
                snapshot_error = exc.message
    passed = [
        a.decision.valid_until
        for a in own
        if a.status is Status.PASSED
        and a.decision is not None
        and a.decision.valid_until is not None
        and a.speciality.casefold() == application.speciality.casefold()
    ]
    found = submission_obstacles(
        application.kind,
        consent=application.consent,
        today=now.date(),
        facts=Circumstances(
            in_frmr=in_frmr,
            portfolio_obstacles=portfolio_obstacles,
            snapshot_error=snapshot_error,
            current_valid_until=max(passed) if passed else None,
            documents_bytes=application.documents_bytes,
        ),
        rules=rules,
    )
    if found:
        raise ApplicationNotReadyError(
            "; ".join(o.message for o in found),
            fields=[FieldProblem(f"obstacles.{o.code}", o.message, o.code) for o in found],
            fixable_by=found[0].fixable_by,
        )
    async with uow:
        fresh = await uow.applications.get(application_id)
        assert fresh is not None
        fresh.submit(
            snapshot_id=snapshot_id,
            personal=applicant.personal if applicant else None,
            now=now,
        )
        await uow.applications.save(fresh)
        await uow.commit()
    return fresh


# --- delivery to the accreditation center ---------------------------------------------------
DELIVERY_CONSUMER = "delivery"


async def _settle_delivery(
    uow: AccreditationUnitOfWork,
    event_id: str,
    application_id: str,
    settle: Callable[[Application], None],
) -> None:
    """Settle one delivery once; an application cancelled meanwhile is left as it is."""
    async with uow:
        if await uow.already_processed(DELIVERY_CONSUMER, event_id):
            return
        uow.mark_processed(DELIVERY_CONSUMER, event_id)
        application = await uow.applications.get(application_id)
        if application is not None and application.status in (Status.FORMED, Status.NOT_DELIVERED):
            settle(application)
            await uow.applications.save(application)
        await uow.commit()


async def mark_delivered(
    uow: AccreditationUnitOfWork,
    *,
    event_id: str,
    application_id: str,
    check_days: int,
    decision_days: int,
    calendar: WorkingCalendar,
    clock: Clock = utcnow,
) -> None:
    """The intake's receipt: the application is under review, with its deadlines in working
    days of the calendar."""
    await _settle_delivery(
        uow,
        event_id,
        application_id,
        lambda a: a.delivered(
            now=clock(), check_days=check_days, decision_days=decision_days, calendar=calendar
        ),
    )


async def mark_not_delivered(
    uow: AccreditationUnitOfWork,
    *,
    event_id: str,
    application_id: str,
    reason: str,
    clock: Clock = utcnow,
) -> None:
    """Retries ran out: the applicant sees «Не доставлено» and may send it again."""
    await _settle_delivery(
        uow, event_id, application_id, lambda a: a.not_delivered(now=clock(), reason=reason)
    )


async def receive_package(
    uow: AccreditationUnitOfWork, *, application_id: str, today: date
) -> tuple[str, date]:
    """The center's intake: register the package once and answer with its number."""
    async with uow:
        receipt = await uow.intake(application_id, today)
        await uow.commit()
    return receipt


# --- the center's review ----------------------------------------------------------------------
async def review_queue(
    uow: AccreditationUnitOfWork, *, status: str, after: str | None, limit: int
) -> list[Application]:
    async with uow:
        return await uow.applications.in_status(status, after, limit)


async def reject_application(
    uow: AccreditationUnitOfWork,
    *,
    application_id: str,
    actor: str,
    reasons: list[str],
    clock: Clock = utcnow,
) -> Application:
    return await _change(
        uow, application_id, lambda a: a.reject(actor=actor, now=clock(), reasons=reasons)
    )


async def decide_application(
    uow: AccreditationUnitOfWork,
    *,
    application_id: str,
    actor: str,
    passed: bool,
    protocol_number: str,
    decided_on: date,
    clock: Clock = utcnow,
) -> Application:
    """The commission's decision; a pass is announced for the registry to record."""
    return await _change(
        uow,
        application_id,
        lambda a: a.decide(
            passed=passed,
            protocol_number=protocol_number,
            decided_on=decided_on,
            actor=actor,
            now=clock(),
        ),
    )


# --- deadlines ------------------------------------------------------------------------------
async def flag_missed_deadlines(
    new_uow: Callable[[], AccreditationUnitOfWork], *, today: date, batch: int = 100
) -> int:
    """Flag every application under review past a stage's deadline, once per stage; returns how
    many stages were flagged. Safe on several replicas: a save that raced another fails and the
    reloaded application is already flagged."""
    flagged, after = 0, None
    while True:
        async with new_uow() as uow:
            page = await uow.applications.in_status(Status.UNDER_REVIEW.value, after, batch)
        for application in page:
            if application.check_deadlines(today):
                async with new_uow() as uow:
                    fresh = await uow.applications.get(application.id)
                    if fresh is not None and fresh.check_deadlines(today):
                        await uow.applications.save(fresh)
                        await uow.commit()
                        flagged += 1
        if len(page) < batch:
            return flagged
        after = page[-1].id


# --- extra documents ------------------------------------------------------------------------
async def attach_document(
    uow: AccreditationUnitOfWork,
    files: FileStore,
    *,
    application_id: str,
    snils: str,
    owner: str,
    file_id: str,
    max_bytes: int,
) -> Application:
    info = await owned_file(files, file_id, owner)
    document = ApplicationDocument(info.file_id, info.filename, info.size)
    return await _change(
        uow, application_id, lambda a: a.attach(document, max_bytes=max_bytes), snils=snils
    )


# --- extracts -------------------------------------------------------------------------------
class RenderExtract(Protocol):
    def __call__(
        self,
        record: AccreditationRecord,
        *,
        extract_id: str,
        verification_code: str,
        issued_on: date,
        key_id: str,
    ) -> bytes: ...


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


async def order_extract(
    uow: AccreditationUnitOfWork,
    *,
    application_id: str,
    snils: str,
    actor: str,
    clock: Clock = utcnow,
) -> Extract:
    """The worker orders an extract of their passed accreditation; ordering again while one is
    being prepared answers with that one."""
    async with uow:
        application = await uow.applications.get(application_id)
        if application is None or application.snils != snils:
            raise ApplicationNotFoundError()
        pending = await uow.extracts.open_for(application_id)
        if pending is not None:
            return pending
        extract = Extract.order(application, extract_id=uuid.uuid4().hex, actor=actor, now=clock())
        await uow.extracts.add(extract)
        await uow.commit()
    return extract


async def read_extract(
    uow: AccreditationUnitOfWork, *, extract_id: str, snils: str | None
) -> Extract:
    """Its owner reads their own (`snils`); the center's staff pass None."""
    async with uow:
        extract = await uow.extracts.get(extract_id)
    if extract is None or (snils is not None and extract.snils != snils):
        raise ExtractNotFoundError("Выписка не найдена")
    return extract


async def extracts_of(
    uow: AccreditationUnitOfWork, *, snils: str, after: str | None, limit: int
) -> list[Extract]:
    async with uow:
        return await uow.extracts.of_worker(snils, after, limit)


async def extract_queue(
    uow: AccreditationUnitOfWork, *, status: str, after: str | None, limit: int
) -> list[Extract]:
    async with uow:
        return await uow.extracts.in_status(status, after, limit)


async def issue_extract(
    uow: AccreditationUnitOfWork,
    files: FileStore,
    *,
    extract_id: str,
    actor: str,
    signer: Signer | None,
    render: RenderExtract,
    new_code: Callable[[], str] = new_verification_code,
    clock: Clock = utcnow,
) -> Extract:
    """Draw the PDF, sign its bytes with the service key, store it, and mark the extract issued.
    The file is stored before the transaction: a crash between leaves an unreferenced file, never
    an issued extract without its file."""
    if signer is None:
        raise SigningKeyMissingError()
    now = clock()
    extract = await read_extract(uow, extract_id=extract_id, snils=None)
    extract.ensure_open()
    code = new_code()
    pdf = render(
        extract.record,
        extract_id=extract.id,
        verification_code=code,
        issued_on=now.date(),
        key_id=signer.key_id,
    )
    info = FileInfo(
        file_id=uuid.uuid4().hex,
        owner=f"extract:{extract.id}",
        filename=f"vypiska-{extract.id[:8]}.pdf",
        content_type="application/pdf",
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
    await files.store(info, pdf)
    document = IssuedDocument(
        file_id=info.file_id,
        filename=info.filename,
        size=info.size,
        sha256=info.sha256,
        signature=base64.b64encode(signer.sign(pdf)).decode(),
        scheme=SCHEME,
        key_id=signer.key_id,
        public_key=base64.b64encode(signer.public_key).decode(),
        verification_code=code,
        issued_on=now.date(),
    )
    return await _change_extract(uow, extract_id, lambda e: e.issue(document, actor=actor, now=now))


async def refuse_extract(
    uow: AccreditationUnitOfWork,
    *,
    extract_id: str,
    actor: str,
    reason: str,
    clock: Clock = utcnow,
) -> Extract:
    return await _change_extract(
        uow, extract_id, lambda e: e.refuse(reason=reason, actor=actor, now=clock())
    )


async def _change_extract(
    uow: AccreditationUnitOfWork, extract_id: str, change: Callable[[Extract], object]
) -> Extract:
    async with uow:
        extract = await uow.extracts.get(extract_id)
        if extract is None:
            raise ExtractNotFoundError("Выписка не найдена")
        change(extract)
        await uow.extracts.save(extract)
        await uow.commit()
    return extract


async def verify_extract(uow: AccreditationUnitOfWork, *, verification_code: str) -> Extract:
    """Anyone checks an extract by the code printed on it."""
    async with uow:
        extract = await uow.extracts.by_code(normalize_code(verification_code))
    if extract is None:
        raise ExtractNotFoundError()
    return extract
