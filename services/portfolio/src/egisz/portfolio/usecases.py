"""One async function per command or reaction: load → ask the model → save."""

from __future__ import annotations

import uuid

from egisz.portfolio.domain.errors import PortfolioNotFoundError
from egisz.portfolio.domain.model import ExperienceEntry, Portfolio
from egisz.portfolio.repository import PortfolioUnitOfWork
from egisz.runtime.clock import Clock, utcnow

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
    clock: Clock = utcnow,
) -> Portfolio | None:
    """A worker entered FRMR: open their portfolio once, however often the event arrives."""
    async with uow:
        if await uow.already_processed(WORKER_REGISTERED_CONSUMER, event_id):
            return None
        uow.mark_processed(WORKER_REGISTERED_CONSUMER, event_id)
        portfolio, new = await _portfolio_of(uow, worker_id=worker_id, snils=snils, clock=clock)
        if new:
            await uow.portfolios.add(portfolio)
        await uow.commit()
    return portfolio if new else None


async def project_employment(
    uow: PortfolioUnitOfWork,
    *,
    consumer: str,
    event_id: str,
    worker_id: str,
    snils: str,
    entry: ExperienceEntry,
    clock: Clock = utcnow,
) -> Portfolio:
    """FRMR recorded or closed a job: the professional part follows the latest snapshot."""
    async with uow:
        portfolio, new = await _portfolio_of(uow, worker_id=worker_id, snils=snils, clock=clock)
        if await uow.already_processed(consumer, event_id):
            return portfolio
        uow.mark_processed(consumer, event_id)
        changed = portfolio.apply_employment(entry)
        if new:
            await uow.portfolios.add(portfolio)
        elif changed:
            await uow.portfolios.save(portfolio)
        await uow.commit()
    return portfolio


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
