"""One async function per command or reaction: load → ask the model → save."""

from __future__ import annotations

import base64
import binascii
import hashlib
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from egisz.portfolio.domain.approval import (
    Decision,
    HeadKey,
    NotRequiredReason,
    SignatureScheme,
)
from egisz.portfolio.domain.documents import AttachedDocument, Limits, Purpose
from egisz.portfolio.domain.education import EducationItem
from egisz.portfolio.domain.errors import (
    ApprovalNotFoundError,
    NotHeadOfOrganizationError,
    PortfolioNotFoundError,
    SigningKeyMissingError,
    SnapshotNotFoundError,
)
from egisz.portfolio.domain.model import ExperienceEntry, KnownOrganization, Portfolio
from egisz.portfolio.domain.snapshot import Snapshot
from egisz.portfolio.repository import PortfolioUnitOfWork
from egisz.runtime.clock import Clock, utcnow
from egisz.runtime.errors import InvalidInputError
from egisz.runtime.files import FileStore, owned_file

WORKER_REGISTERED_CONSUMER = "worker-registered"
EMPLOYMENT_STARTED_CONSUMER = "employment-started"
EMPLOYMENT_ENDED_CONSUMER = "employment-ended"


async def _portfolio_of(
    uow: PortfolioUnitOfWork, *, worker_id: str, snils: str, clock: Clock
) -> tuple[Portfolio, bool]:
    """The worker's portfolio, opened now if their first event is not `worker.registered`
    (events of different subjects may arrive in any order)."""
    existing = await uow.portfolios.for_worker(worker_id)
    if existing is not None:
        return existing, False
    opened = Portfolio.open_for(
        portfolio_id=uuid.uuid4().hex, worker_id=worker_id, snils=snils, now=clock()
    )
    return opened, True


async def open_portfolio(
    uow: PortfolioUnitOfWork,
    *,
    event_id: str,
    worker_id: str,
    snils: str,
    last_name: str | None = None,
    clock: Clock = utcnow,
) -> Portfolio | None:
    """A worker entered FRMR: open their portfolio once, however often the event arrives."""
    async with uow:
        if await uow.already_processed(WORKER_REGISTERED_CONSUMER, event_id):
            return None
        uow.mark_processed(WORKER_REGISTERED_CONSUMER, event_id)
        portfolio, new = await _portfolio_of(uow, worker_id=worker_id, snils=snils, clock=clock)
        if last_name and portfolio.last_name != last_name:
            portfolio.last_name = last_name
            if not new:
                await uow.portfolios.save(portfolio)
        if new:
            await uow.portfolios.add(portfolio)
        await uow.commit()
    return portfolio if new else None


@dataclass(frozen=True)
class RegistryEvent:
    """Which registry event a reaction handles, and for whom."""

    consumer: str
    event_id: str
    worker_id: str
    snils: str


async def _react(
    uow: PortfolioUnitOfWork,
    event: RegistryEvent,
    change: Callable[[Portfolio], bool],
    clock: Clock,
) -> Portfolio:
    """Apply a registry event to the worker's portfolio once: open it if this is the first
    event about them, skip an event already processed, save only what changed."""
    async with uow:
        portfolio, new = await _portfolio_of(
            uow, worker_id=event.worker_id, snils=event.snils, clock=clock
        )
        if await uow.already_processed(event.consumer, event.event_id):
            return portfolio
        uow.mark_processed(event.consumer, event.event_id)
        changed = change(portfolio)
        if new:
            await uow.portfolios.add(portfolio)
        elif changed:
            await uow.portfolios.save(portfolio)
        await uow.commit()
    return portfolio


async def project_employment(
    uow: PortfolioUnitOfWork, event: RegistryEvent, entry: ExperienceEntry, clock: Clock = utcnow
) -> Portfolio:
    """FRMR recorded or closed a job: the professional part follows the latest snapshot."""
    return await _react(uow, event, lambda p: p.apply_employment(entry), clock)


async def find_portfolio(
    uow: PortfolioUnitOfWork, *, worker_id: str | None = None, snils: str | None = None
) -> Portfolio:
    async with uow:
        if worker_id:
            portfolio = await uow.portfolios.for_worker(worker_id)
        elif snils:
            portfolio = await uow.portfolios.for_snils(snils)
        else:
            portfolio = None
    if portfolio is None:
        raise PortfolioNotFoundError()
    return portfolio


async def edit_professional_part(
    uow: PortfolioUnitOfWork, *, snils: str, key_skills: list[str], notes: str | None
) -> Portfolio:
    async with uow:
        portfolio = await uow.portfolios.for_snils(snils)
        if portfolio is None:
            raise PortfolioNotFoundError()
        if portfolio.edit_professional(key_skills=key_skills, notes=notes):
            await uow.portfolios.save(portfolio)
            await uow.commit()
    return portfolio


# --- approval (согласование) ----------------------------------------------------------------
async def _own(uow: PortfolioUnitOfWork, snils: str) -> Portfolio:
    portfolio = await uow.portfolios.for_snils(snils)
    if portfolio is None:
        raise PortfolioNotFoundError()
    return portfolio


async def request_approval(
    uow: PortfolioUnitOfWork,
    *,
    snils: str,
    organization_oid: str,
    head_name: str,
    comment: str | None,
    clock: Clock = utcnow,
) -> Portfolio:
    async with uow:
        portfolio = await _own(uow, snils)
        portfolio.request_approval(
            request_id=uuid.uuid4().hex,
            organization_oid=organization_oid,
            head_name=head_name,
            comment=comment,
            now=clock(),
        )
        await uow.portfolios.save(portfolio)
        await uow.commit()
    return portfolio


async def declare_not_required(
    uow: PortfolioUnitOfWork, *, snils: str, reason: NotRequiredReason, clock: Clock = utcnow
) -> Portfolio:
    async with uow:
        portfolio = await _own(uow, snils)
        portfolio.declare_not_required(reason, now=clock())
        await uow.portfolios.save(portfolio)
        await uow.commit()
    return portfolio


@dataclass(frozen=True)
class Head:
    """The signed-in head: who they are and where."""

    sub: str
    organization_oid: str | None
    name: str | None


async def _require_head(uow: PortfolioUnitOfWork, head: Head) -> None:
    """A head acts for an organization only as the head FRMO records for it, never on the
    token's claim alone."""
    known = await uow.organizations.get(head.organization_oid or "")
    if known is None or not known.headed_by(head.name):
        raise NotHeadOfOrganizationError()


async def pending_for_head(
    uow: PortfolioUnitOfWork, head: Head, *, after: str | None, limit: int
) -> list[Portfolio]:
    async with uow:
        await _require_head(uow, head)
        return await uow.portfolios.pending_for(
            head.organization_oid or "", head.name or "", after, limit
        )


async def report_for_head(uow: PortfolioUnitOfWork, head: Head, *, portfolio_id: str) -> Portfolio:
    """The report a head is asked to sign: only one addressed to them."""
    async with uow:
        await _require_head(uow, head)
        portfolio = await uow.portfolios.get(portfolio_id)
    if portfolio is None or not portfolio.addressed_to(head.organization_oid, head.name):
        raise ApprovalNotFoundError()
    return portfolio


async def register_signing_key(
    uow: PortfolioUnitOfWork,
    head: Head,
    *,
    scheme: str,
    public_key: bytes,
    clock: Clock = utcnow,
) -> HeadKey:
    async with uow:
        await _require_head(uow, head)
        existing = await uow.head_keys.get(head.sub)
        key = HeadKey(
            id=head.sub,
            organization_oid=head.organization_oid or "",
            head_name=head.name or "",
            scheme=scheme,
            public_key=base64.b64encode(public_key).decode(),
            registered_at=clock(),
            version=existing.version if existing else 0,
        )
        if existing is None:
            await uow.head_keys.add(key)
        else:
            await uow.head_keys.save(key)
        await uow.commit()
    return key


async def decide_approval(
    uow: PortfolioUnitOfWork,
    head: Head,
    *,
    portfolio_id: str,
    decision: Decision,
    reason: str | None,
    signature_b64: str,
    schemes: Mapping[str, SignatureScheme],
    clock: Clock = utcnow,
) -> Portfolio:
    try:
        signature = base64.b64decode(signature_b64, validate=True)
    except binascii.Error:
        raise InvalidInputError.of("signature", "Подпись передаётся в base64", "base64") from None
    async with uow:
        await _require_head(uow, head)
        key = await uow.head_keys.get(head.sub)
        if key is None:
            raise SigningKeyMissingError()
        portfolio = await uow.portfolios.get(portfolio_id)
        if portfolio is None:
            raise ApprovalNotFoundError()
        portfolio.decide(
            decision=decision,
            organization_oid=head.organization_oid,
            head_name=head.name,
            by=head.sub,
            reason=reason,
            signature=signature,
            signature_b64=signature_b64,
            scheme=schemes[key.scheme],
            public_key=base64.b64decode(key.public_key),
            now=clock(),
        )
        await uow.portfolios.save(portfolio)
        await uow.commit()
    return portfolio


# --- documents ------------------------------------------------------------------------------
async def attach_document(
    uow: PortfolioUnitOfWork,
    files: FileStore,
    *,
    snils: str,
    owner: str,
    file_id: str,
    purpose: Purpose,
    limits: Limits,
    clock: Clock = utcnow,
) -> Portfolio:
    info = await owned_file(files, file_id, owner)
    async with uow:
        portfolio = await _own(uow, snils)
        portfolio.attach(
            AttachedDocument(file_id, purpose, info.filename, info.size, clock()),
            limits=limits,
            by=owner,
        )
        await uow.portfolios.save(portfolio)
        await uow.commit()
    return portfolio


async def remove_document(uow: PortfolioUnitOfWork, *, snils: str, document_id: str) -> Portfolio:
    async with uow:
        portfolio = await _own(uow, snils)
        portfolio.remove_document(document_id)
        await uow.portfolios.save(portfolio)
        await uow.commit()
    return portfolio


# --- the educational part, names, readiness -------------------------------------------------
WORKER_UPDATED_CONSUMER = "worker-updated"
EDUCATION_CONSUMERS = {
    "education": "education-added",
    "certificate": "certificate-added",
    "category": "category-assigned",
    "accreditation": "accreditation-recorded",
}


async def project_registry_education(
    uow: PortfolioUnitOfWork, event: RegistryEvent, item: EducationItem, clock: Clock = utcnow
) -> Portfolio:
    """FRMR confirmed an education item: it enters the educational part once."""
    return await _react(uow, event, lambda p: p.apply_registry_education(item), clock)


async def note_last_name(
    uow: PortfolioUnitOfWork, event: RegistryEvent, last_name: str, clock: Clock = utcnow
) -> Portfolio:
    """The surname FRMR has now: documents under another one need a name-change document."""

    def rename(p: Portfolio) -> bool:
        changed, p.last_name = p.last_name != last_name, last_name
        return changed

    return await _react(uow, event, rename, clock)


async def declare_education(
    uow: PortfolioUnitOfWork, *, snils: str, item: EducationItem, clock: Clock = utcnow
) -> Portfolio:
    async with uow:
        portfolio = await _own(uow, snils)
        portfolio.declare_education(item, today=clock().date())
        await uow.portfolios.save(portfolio)
        await uow.commit()
    return portfolio


async def remove_education(uow: PortfolioUnitOfWork, *, snils: str, item_id: str) -> Portfolio:
    async with uow:
        portfolio = await _own(uow, snils)
        portfolio.remove_education(item_id)
        await uow.portfolios.save(portfolio)
        await uow.commit()
    return portfolio


# --- snapshots ------------------------------------------------------------------------------
SnapshotBuilder = Callable[[Portfolio, int, datetime, dict[str, str]], tuple[str, str]]


async def create_snapshot(
    uow: PortfolioUnitOfWork,
    *,
    worker_id: str | None = None,
    snils: str | None = None,
    build: SnapshotBuilder,
    clock: Clock = utcnow,
) -> Snapshot:
    """Freeze the whole portfolio as JSON and XML; `build` refuses one the schema rejects, and
    then nothing is stored."""
    async with uow:
        portfolio = await (
            uow.portfolios.for_worker(worker_id)
            if worker_id
            else uow.portfolios.for_snils(snils or "")
        )
        if portfolio is None:
            raise PortfolioNotFoundError()
        now, snapshot_id = clock(), uuid.uuid4().hex
        number = portfolio.take_snapshot(snapshot_id, now)
        names = await uow.organizations.names({e.organization_oid for e in portfolio.experience})
        json_text, xml_text = build(portfolio, number, now, names)
        snapshot = Snapshot(
            id=snapshot_id,
            portfolio_id=portfolio.id,
            worker_id=portfolio.worker_id,
            snils=portfolio.snils,
            number=number,
            created_at=now,
            json=json_text,
            xml=xml_text,
            sha256=hashlib.sha256(xml_text.encode()).hexdigest(),
        )
        await uow.portfolios.save(portfolio)
        await uow.snapshots.add(snapshot)
        await uow.commit()
    return snapshot


async def read_snapshot(
    uow: PortfolioUnitOfWork, *, snapshot_id: str, snils: str | None
) -> Snapshot:
    """A worker reads only their own snapshots (`snils`); staff pass None."""
    async with uow:
        snapshot = await uow.snapshots.get(snapshot_id)
    if snapshot is None or (snils is not None and snapshot.snils != snils):
        raise SnapshotNotFoundError()
    return snapshot


# --- FRMO names -----------------------------------------------------------------------------
ORGANIZATION_CONSUMERS = {
    "registered": "organization-registered",
    "updated": "organization-updated",
}


async def note_organization(
    uow: PortfolioUnitOfWork,
    *,
    consumer: str,
    event_id: str,
    oid: str,
    name: str,
    head_name: str | None = None,
) -> None:
    """The registry announced an FRMO organization (or renamed it, or set its head)."""
    async with uow:
        if await uow.already_processed(consumer, event_id):
            return
        uow.mark_processed(consumer, event_id)
        known = await uow.organizations.get(oid)
        if known is None:
            await uow.organizations.add(KnownOrganization(oid, name, head_name))
        elif (known.name, known.head_name) != (name, head_name or known.head_name):
            known.name, known.head_name = name, head_name or known.head_name
            await uow.organizations.save(known)
        await uow.commit()


async def organization_names(uow: PortfolioUnitOfWork, portfolio: Portfolio) -> dict[str, str]:
    async with uow:
        return await uow.organizations.names({e.organization_oid for e in portfolio.experience})
