"""One async function per command or reaction."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from egisz.accreditation.domain.application import (
    Application,
    ApplicationDocument,
    Circumstances,
    Kind,
    Obstacle,
    Rules,
    Status,
    submission_obstacles,
)
from egisz.accreditation.domain.errors import (
    ApplicationAlreadyActiveError,
    ApplicationNotFoundError,
    ApplicationNotReadyError,
)
from egisz.accreditation.domain.model import Applicant, PersonalData
from egisz.accreditation.gateways import PortfolioGateway
from egisz.accreditation.repository import AccreditationUnitOfWork
from egisz.runtime.clock import Clock, utcnow
from egisz.runtime.errors import FieldProblem
from egisz.runtime.files import FileStore, owned_file
from egisz.runtime.remote import RemoteRefusalError

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
    clock: Clock = utcnow,
) -> None:
    """The intake's receipt: the application is under review, with its deadlines."""
    await _settle_delivery(
        uow,
        event_id,
        application_id,
        lambda a: a.delivered(now=clock(), check_days=check_days, decision_days=decision_days),
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
