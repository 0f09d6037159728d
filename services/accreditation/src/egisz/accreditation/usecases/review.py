"""Delivery to the accreditation center, its review and the review deadlines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from egisz.accreditation.domain.application import Application
from egisz.accreditation.domain.errors import ApplicationNotFoundError
from egisz.accreditation.domain.status import Status
from egisz.accreditation.domain.working_days import ReviewTerms
from egisz.accreditation.usecases.applications import (
    _change,
    read_application,
    remember_pass_outside_frmr,
)
from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import RemoteUnavailableError

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.accreditation.gateways import ApplicationCenter
    from egisz.accreditation.repository import AccreditationUnitOfWork


# --- delivery to the accreditation center ---------------------------------------------------
async def _settle_delivery(
    uow: AccreditationUnitOfWork,
    application_id: str,
    settle: Callable[[Application], None],
) -> None:
    """Settle one delivery; an application cancelled meanwhile is left as it is."""
    async with uow:
        application = await uow.applications.get(application_id)
        if application is not None and application.status in (Status.FORMED, Status.NOT_DELIVERED):
            settle(application)
            await uow.applications.save(application)
        await uow.commit()


async def mark_delivered(
    uow: AccreditationUnitOfWork,
    *,
    application_id: str,
    terms: ReviewTerms,
    intake_number: str | None = None,
    clock: Clock = utcnow,
) -> None:
    """The intake's receipt: the application is under review under the center's number, with its
    deadlines in working days of the calendar."""
    await _settle_delivery(
        uow,
        application_id,
        lambda a: a.delivered(now=clock(), terms=terms, intake_number=intake_number),
    )


async def mark_not_delivered(
    uow: AccreditationUnitOfWork,
    *,
    application_id: str,
    reason: str,
    clock: Clock = utcnow,
) -> None:
    """Retries ran out: the applicant sees «Не доставлено» and may send it again."""
    await _settle_delivery(
        uow,
        application_id,
        lambda a: a.not_delivered(now=clock(), reason=reason),
    )


async def deliver_application(
    uow: Callable[[], AccreditationUnitOfWork],
    center: ApplicationCenter,
    *,
    application_id: str,
    attempt: int,
    last_attempt: int,
    terms: ReviewTerms,
    clock: Clock = utcnow,
) -> None:
    """Hand the package to the center; only its receipt makes it delivered. A center that does not
    answer is asked again (the caller redelivers, so retries survive a restart) until the last
    attempt, which records «Не доставлено»."""
    application = await read_application(uow(), application_id=application_id, snils=None)
    try:
        intake_number = await center.hand_over(application)
    except RemoteUnavailableError as exc:
        if attempt < last_attempt:
            raise
        await mark_not_delivered(
            uow(),
            application_id=application_id,
            reason=f"Центр аккредитации не ответил после {attempt} попыток: {exc.message}",
            clock=clock,
        )
        return
    await mark_delivered(
        uow(),
        application_id=application_id,
        terms=terms,
        intake_number=intake_number,
        clock=clock,
    )


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
    paper_approval_invalid: bool = False,
    clock: Clock = utcnow,
) -> Application:
    return await _change(
        uow,
        application_id,
        lambda a: a.reject(
            actor=actor,
            now=clock(),
            reasons=reasons,
            paper_approval_invalid=paper_approval_invalid,
        ),
    )


async def check_documents(
    uow: AccreditationUnitOfWork,
    *,
    application_id: str,
    actor: str,
    checked_on: date | None,
    terms: ReviewTerms,
    clock: Clock = utcnow,
) -> Application:
    """«Документы проверены»: the first stage closes; the commission's deadline counts from the
    day it did."""
    today = clock().date()
    return await _change(
        uow,
        application_id,
        lambda a: a.check_documents(
            checked_on=checked_on or today,
            actor=actor,
            today=today,
            terms=terms,
        ),
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
    """The commission's decision; a pass is announced for the registry to record (for someone
    not in FRMR yet, when they enter it)."""
    async with uow:
        application = await uow.applications.get(application_id)
        if application is None:
            raise ApplicationNotFoundError()
        application.decide(
            passed=passed,
            protocol_number=protocol_number,
            decided_on=decided_on,
            actor=actor,
            now=clock(),
        )
        await uow.applications.save(application)
        if application.frmr_pending:
            await remember_pass_outside_frmr(uow, application, clock)
        await uow.commit()
    return application


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
