"""Extracts from the register of accreditations: ordered, issued signed, refused, verified by
anyone."""

from __future__ import annotations

import asyncio
import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Protocol

from egisz.accreditation.domain.errors import (
    ApplicationNotFoundError,
    ExtractNotFoundError,
    SigningKeyMissingError,
)
from egisz.accreditation.domain.extract import AccreditationRecord, Extract
from egisz.accreditation.domain.standing import Standing, StandingChange
from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.issued import new_verification_code, normalize_code
from egisz.kernel.signatures import Signer
from egisz.runtime.files import FileStore
from egisz.runtime.issuing import store_signed_pdf

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.accreditation.repository import AccreditationUnitOfWork


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
    pdf = await asyncio.to_thread(  # ~50 ms of reportlab: not on the event loop
        functools.partial(
            render,
            extract.record,
            extract_id=extract.id,
            verification_code=code,
            issued_on=now.date(),
            key_id=signer.key_id,
        )
    )
    document = await store_signed_pdf(
        files,
        signer,
        pdf,
        owner=f"extract:{extract.id}",
        filename=f"vypiska-{extract.id[:8]}.pdf",
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


@dataclass(frozen=True)
class CheckedExtract:
    extract: Extract
    standing: Standing  # today, by the pass's own changes (suspended or revoked since, too)
    changes: tuple[StandingChange, ...]


async def verify_extract(
    uow: AccreditationUnitOfWork, *, verification_code: str, clock: Clock = utcnow
) -> CheckedExtract:
    """Anyone checks an extract by the code printed on it."""
    async with uow:
        extract = await uow.extracts.by_code(normalize_code(verification_code))
        if extract is None:
            raise ExtractNotFoundError()
        application = await uow.applications.get(extract.record.application_id)
    changes = tuple(application.standing) if application else extract.record.standing
    record = replace(extract.record, standing=changes)
    return CheckedExtract(extract, record.standing_on(clock().date()), changes)
