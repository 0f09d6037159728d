"""Snapshots: the portfolio frozen as XML + JSON for an application."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from egisz.kernel.clock import Clock, utcnow
from egisz.portfolio.domain.errors import (
    PortfolioNotFoundError,
    SnapshotNotFoundError,
)
from egisz.portfolio.domain.model import Portfolio
from egisz.portfolio.domain.snapshot import Snapshot

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.portfolio.repository import PortfolioUnitOfWork

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
