"""Additional documents a worker attaches to their portfolio."""

from __future__ import annotations

from typing import TYPE_CHECKING

from egisz.portfolio.domain.documents import AttachedDocument, Limits, Purpose
from egisz.portfolio.domain.model import Portfolio
from egisz.portfolio.usecases.portfolios import _own
from egisz.runtime.clock import Clock, utcnow
from egisz.runtime.files import FileStore, owned_file

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.portfolio.repository import PortfolioUnitOfWork


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
