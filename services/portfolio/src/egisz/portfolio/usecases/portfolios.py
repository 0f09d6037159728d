"""Opening a portfolio from FRMR's events, finding it, its professional part and FRMO names."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.grants import AccessHolders
from egisz.portfolio.domain.errors import (
    PortfolioNotFoundError,
)
from egisz.portfolio.domain.experience import ExperienceEntry, KnownOrganization
from egisz.portfolio.domain.model import Portfolio

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.portfolio.repository import PortfolioUnitOfWork


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
    worker_id: str,
    snils: str,
    last_name: str | None = None,
    full_name: str | None = None,
    clock: Clock = utcnow,
) -> Portfolio | None:
    """A worker entered FRMR: open their portfolio once, however often the event arrives."""
    async with uow:
        portfolio, new = await _portfolio_of(uow, worker_id=worker_id, snils=snils, clock=clock)
        named = (last_name or portfolio.last_name, full_name or portfolio.full_name)
        if named != (portfolio.last_name, portfolio.full_name):
            portfolio.last_name, portfolio.full_name = named
            if not new:
                await uow.portfolios.save(portfolio)
        if new:
            await uow.portfolios.add(portfolio)
        await uow.commit()
    return portfolio if new else None


@dataclass(frozen=True)
class RegistryEvent:
    """Whom a registry event is about."""

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


async def project_annulment(
    uow: PortfolioUnitOfWork, event: RegistryEvent, entry_id: str, clock: Clock = utcnow
) -> Portfolio:
    """FRMR annulled an entry made in error: it leaves the portfolio, and stays out."""
    return await _react(uow, event, lambda p: p.drop_registry_entry(entry_id), clock)


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


async def read_portfolio(
    uow: PortfolioUnitOfWork, *, worker_id: str | None, own_snils: str | None
) -> Portfolio:
    """A worker (`own_snils`) reads only their own portfolio: naming another worker's id finds
    nothing. The center and services read any, by worker id."""
    if own_snils is None:
        return await find_portfolio(uow, worker_id=worker_id)
    portfolio = await find_portfolio(uow, snils=own_snils)
    if worker_id not in (None, portfolio.worker_id):
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


async def _own(uow: PortfolioUnitOfWork, snils: str) -> Portfolio:
    portfolio = await uow.portfolios.for_snils(snils)
    if portfolio is None:
        raise PortfolioNotFoundError()
    return portfolio


# --- FRMO names -----------------------------------------------------------------------------
async def note_organization(
    uow: PortfolioUnitOfWork,
    *,
    oid: str,
    name: str,
    head_name: str | None = None,
    legal_form: str | None = None,
    head_snils: str | None = None,
) -> None:
    """The registry announced an FRMO organization (or renamed it, or set its head: its SNILS
    comes with its name, or none is known)."""
    async with uow:
        known = await uow.organizations.get(oid)
        if known is None:
            found = KnownOrganization(oid, name, head_name, legal_form, head_snils=head_snils)
            await uow.organizations.add(found)
            await uow.commit()
            return
        snils = head_snils if head_name else known.head_snils
        now = (name, head_name or known.head_name, legal_form or known.legal_form, snils)
        if (known.name, known.head_name, known.legal_form, known.head_snils) != now:
            known.name, known.head_name, known.legal_form, known.head_snils = now
            await uow.organizations.save(known)
        await uow.commit()


async def note_access(
    uow: PortfolioUnitOfWork,
    *,
    oid: str,
    admitted: list[str],
    dismissed: list[str],
) -> None:
    """FRMO granted or revoked an employee's access: who may act for the organization."""
    async with uow:
        known = await uow.organizations.get(oid)
        fresh = known is None
        known = known or KnownOrganization(oid, "")  # its name follows with its own event
        holders = AccessHolders(tuple(known.officers))
        officers = list(holders.after(admitted=admitted, dismissed=dismissed).snils)
        if fresh or officers != known.officers:
            known.officers = officers
            await (uow.organizations.add if fresh else uow.organizations.save)(known)
        await uow.commit()


async def organization_names(uow: PortfolioUnitOfWork, portfolio: Portfolio) -> dict[str, str]:
    async with uow:
        return await uow.organizations.names({e.organization_oid for e in portfolio.experience})
