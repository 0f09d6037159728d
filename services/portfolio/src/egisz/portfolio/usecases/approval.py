"""Approval (согласование): the worker asks, the head recorded in FRMO decides."""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from egisz.kernel.cades import CertifiedSigner
from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import InvalidInputError
from egisz.kernel.grants import AccessHolders
from egisz.kernel.snils import normalize_snils
from egisz.portfolio.certificates import HeadCertificates
from egisz.portfolio.domain.approval import (
    Decision,
    HeadKey,
    NotRequiredReason,
    SignatureScheme,
    SigningKeyRegistered,
    check_validity,
)
from egisz.portfolio.domain.errors import (
    ApprovalNotFoundError,
    CertificateNotOfHeadError,
    DocumentNotFoundError,
    NotHeadOfOrganizationError,
    NotOfficerOfOrganizationError,
    PaperApprovalNotFoundError,
    SigningKeyExpiredError,
    SigningKeyMissingError,
)
from egisz.portfolio.domain.experience import KnownOrganization
from egisz.portfolio.domain.model import Portfolio
from egisz.portfolio.usecases.portfolios import _own

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.portfolio.repository import PortfolioUnitOfWork

# --- approval (согласование) ----------------------------------------------------------------


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
    now = clock()
    async with uow:
        portfolio = await _own(uow, snils)
        current = {e.organization_oid for e in portfolio.experience if e.current(now.date())}
        workplaces = [o for oid in sorted(current) if (o := await uow.organizations.get(oid))]
        portfolio.declare_not_required(reason, now=now, workplaces=workplaces)
        await uow.portfolios.save(portfolio)
        await uow.commit()
    return portfolio


@dataclass(frozen=True)
class Head:
    """The signed-in head: who they are and where."""

    sub: str
    organization_oid: str | None
    name: str | None


async def _require_head(uow: PortfolioUnitOfWork, head: Head) -> KnownOrganization:
    """A head acts for an organization only as the head FRMO records for it, never on the
    token's claim alone."""
    known = await uow.organizations.get(head.organization_oid or "")
    if known is None or not known.headed_by(head.name):
        raise NotHeadOfOrganizationError()
    return known


async def waiting_on(
    uow: PortfolioUnitOfWork, speaker: Head | Officer, *, after: str | None, limit: int
) -> list[Portfolio]:
    """What waits on a head (their decision or their word on a paper approval); for an officer
    of the organization, its paper approvals waiting for confirmation."""
    async with uow:
        if isinstance(speaker, Officer):
            known = await _require_officer(uow, speaker)
            return await uow.portfolios.paper_awaiting(known.id, after, limit)
        await _require_head(uow, speaker)
        return await uow.portfolios.pending_for(
            speaker.organization_oid or "", speaker.name or "", after, limit
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
    certificate_pem: str,
    certificates: HeadCertificates,
    clock: Clock = utcnow,
) -> tuple[HeadKey, CertifiedSigner]:
    """The head's certificate: trusted, theirs by the SNILS FRMO records for the head, valid
    six months ahead; it replaces any key before."""
    now = clock()
    der, signer = certificates.certificate(certificate_pem)
    valid_until = signer.not_after.date()
    check_validity(valid_until, now.date())
    async with uow:
        known = await _require_head(uow, head)
        if not known.head_snils or normalize_snils(signer.snils or "") != known.head_snils:
            raise CertificateNotOfHeadError.at("certificate_pem", "not_of_head")
        existing = await uow.head_keys.get(head.sub)
        key = HeadKey(
            id=head.sub,
            organization_oid=head.organization_oid or "",
            head_name=head.name or "",
            scheme=certificates.name,
            public_key=base64.b64encode(der).decode(),
            registered_at=now,
            valid_until=valid_until,
            version=existing.version if existing else 0,
        )
        key.events.append(SigningKeyRegistered(key, hashlib.sha256(der).hexdigest()))
        if existing is None:
            await uow.head_keys.add(key)
        else:
            await uow.head_keys.save(key)
        await uow.commit()
    return key, signer


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
    except ValueError:  # binascii.Error, or not even ASCII
        raise InvalidInputError.of("signature", "Подпись передаётся в base64", "base64") from None
    async with uow:
        await _require_head(uow, head)
        key = await uow.head_keys.get(head.sub)
        if key is None or key.scheme not in schemes:  # a key of a scheme no longer taken
            raise SigningKeyMissingError()
        if not key.usable_on(clock().date()):
            raise SigningKeyExpiredError()
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


async def confirm_paper_approval(
    uow: PortfolioUnitOfWork,
    speaker: Head | Officer,
    *,
    portfolio_id: str,
    confirmed: bool,
    reason: str | None,
    clock: Clock = utcnow,
) -> Portfolio:
    """The head FRMO records — or an officer FRMO gives access, for the organization — says
    whether the scanned paper report is the one the head signed."""
    async with uow:
        if isinstance(speaker, Officer):  # speaking for the head the report was sent to
            known, by, head_name = await _require_officer(uow, speaker), speaker.sub, None
        else:
            known, by, head_name = await _require_head(uow, speaker), speaker.sub, speaker.name
        portfolio = await uow.portfolios.get(portfolio_id)
        request = portfolio.approval_request if portfolio else None
        if portfolio is None or request is None or request.organization_oid != known.id:
            raise PaperApprovalNotFoundError()
        portfolio.confirm_paper_approval(
            organization_oid=known.id,
            head_name=head_name or request.head_name,
            by=by if head_name else f"officer:{by}",
            confirmed=confirmed,
            reason=reason,
            now=clock(),
        )
        await uow.portfolios.save(portfolio)
        await uow.commit()
    return portfolio


async def document_for_head(
    uow: PortfolioUnitOfWork, head: Head, *, portfolio_id: str | None, document_id: str
) -> tuple[str, str]:
    """A document of a report waiting on this head (its attachments, the paper scan), and
    whose it is (their SNILS)."""
    async with uow:
        await _require_head(uow, head)
        portfolio = await uow.portfolios.get(portfolio_id) if portfolio_id else None
    if portfolio is None or not portfolio.awaits_head(head.organization_oid, head.name):
        raise ApprovalNotFoundError()
    if document_id not in {d.document_id for d in portfolio.documents}:
        raise DocumentNotFoundError()
    return document_id, portfolio.snils


@dataclass(frozen=True)
class Officer:
    """A signed-in officer acting for their organization."""

    sub: str
    organization_oid: str | None
    snils: str | None


async def _require_officer(uow: PortfolioUnitOfWork, officer: Officer) -> KnownOrganization:
    """An officer acts for an organization only with the access FRMO gives them."""
    known = await uow.organizations.get(officer.organization_oid or "")
    if known is None or not AccessHolders(tuple(known.officers)).admit(officer.snils):
        raise NotOfficerOfOrganizationError()
    return known
