"""One async function per command or reaction: load → ask the model → save."""

from __future__ import annotations

import uuid

from egisz.portfolio.domain.errors import PortfolioNotFoundError
from egisz.portfolio.domain.model import Portfolio
from egisz.portfolio.repository import PortfolioUnitOfWork
from egisz.runtime.clock import Clock, utcnow

WORKER_REGISTERED_CONSUMER = "worker-registered"


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
        if await uow.portfolios.for_worker(worker_id) is not None:
            await uow.commit()
            return None
        portfolio = Portfolio.open_for(
            portfolio_id=uuid.uuid4().hex, worker_id=worker_id, snils=snils, now=clock()
        )
        await uow.portfolios.add(portfolio)
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
