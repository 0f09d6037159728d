"""Additional documents a worker attaches to their portfolio."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import InvalidInputError
from egisz.portfolio.domain.documents import AttachedDocument, Limits, Purpose
from egisz.portfolio.domain.errors import DocumentNotFoundError
from egisz.portfolio.domain.model import Portfolio
from egisz.portfolio.usecases.portfolios import _own
from egisz.portfolio.usecases.snapshots import read_snapshot
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
    employment_id: str | None = None,
    clock: Clock = utcnow,
) -> Portfolio:
    info = await owned_file(files, file_id, owner)
    async with uow:
        portfolio = await _own(uow, snils)
        portfolio.attach(
            AttachedDocument(
                file_id, purpose, info.filename, info.size, clock(), employment_id=employment_id
            ),
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


async def readable_document(
    uow: PortfolioUnitOfWork, *, document_id: str, snapshot_id: str | None, own_snils: str | None
) -> tuple[str, str]:
    """The stored file of a portfolio document its reader may open: a worker (`own_snils`) their
    own portfolio's, or one of their snapshots'; the center's staff one that a snapshot — the
    «portfolio.xml» of a package — lists, even if the worker has removed it since. With it,
    whose it is (their SNILS)."""
    if snapshot_id is None:
        if own_snils is None:
            raise InvalidInputError.of(
                "snapshot_id",
                "Укажите снимок портфолио из пакета заявления (snapshot_id)",
                "missing",
            )
        async with uow:
            portfolio = await _own(uow, own_snils)
        listed, owner = {d.document_id for d in portfolio.documents}, portfolio.snils
    else:
        snapshot = await read_snapshot(uow, snapshot_id=snapshot_id, snils=own_snils)
        listed = {d["document_id"] for d in json.loads(snapshot.json).get("documents", [])}
        owner = snapshot.snils
    if document_id not in listed:
        raise DocumentNotFoundError()
    return document_id, owner
