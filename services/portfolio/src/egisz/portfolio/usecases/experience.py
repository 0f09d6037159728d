"""The worker's own word on their work: lines of experience FRMR lacks and dismissal dates of
jobs FRMR shows open (`domain/own_experience.py`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from egisz.kernel.clock import Clock, utcnow
from egisz.portfolio.domain.errors import PortfolioNotFoundError
from egisz.portfolio.domain.model import Portfolio
from egisz.portfolio.domain.own_experience import OwnLine

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.portfolio.repository import PortfolioUnitOfWork


async def _change_own(
    uow: PortfolioUnitOfWork, snils: str, change: Callable[[Portfolio], bool]
) -> Portfolio:
    """Load the worker's portfolio, change it, save it if it changed."""
    async with uow:
        portfolio = await uow.portfolios.for_snils(snils)
        if portfolio is None:
            raise PortfolioNotFoundError()
        if change(portfolio):
            await uow.portfolios.save(portfolio)
            await uow.commit()
    return portfolio


async def add_experience_line(
    uow: PortfolioUnitOfWork,
    *,
    snils: str,
    organization_name: str,
    organization_oid: str | None,
    position: str,
    start_date: date,
    end_date: date | None,
    clock: Clock = utcnow,
) -> Portfolio:
    line = OwnLine.written(
        line_id=uuid.uuid4().hex,
        organization_name=organization_name,
        organization_oid=organization_oid,
        position=position,
        start_date=start_date,
        end_date=end_date,
        today=clock().date(),
    )

    def add(p: Portfolio) -> bool:
        return p.add_own_line(line).id == line.id

    return await _change_own(uow, snils, add)


async def remove_experience_line(
    uow: PortfolioUnitOfWork, *, snils: str, line_id: str
) -> Portfolio:
    def remove(p: Portfolio) -> bool:
        p.remove_own_line(line_id)
        return True

    return await _change_own(uow, snils, remove)


async def mark_dismissal(
    uow: PortfolioUnitOfWork,
    *,
    snils: str,
    employment_id: str,
    dismissed_on: date | None,
    clock: Clock = utcnow,
) -> Portfolio:
    today = clock().date()
    return await _change_own(
        uow, snils, lambda p: p.mark_dismissal(employment_id, dismissed_on, today=today)
    )
