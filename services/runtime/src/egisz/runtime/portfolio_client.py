"""The one client of the portfolio's on-demand queries (docs/architecture.md: a synchronous
query is for an on-demand snapshot or readiness), shared by the services that ask: a worker's
readiness for an application, and a fresh snapshot. Each service's gateway turns the answers
into its own terms."""

from __future__ import annotations

from nats.aio.client import Client as NatsClient

from egisz.contracts import portfolio as portfolio_wire
from egisz.contracts import subjects
from egisz.runtime.remote import query


class PortfolioClient:
    def __init__(self, nc: NatsClient, *, token: str | None, timeout: float) -> None:
        self._nc, self._token, self._timeout = nc, token, timeout

    async def readiness(self, worker_id: str, speciality: str) -> portfolio_wire.Readiness:
        """Everything that would stop an application today, with who can fix it."""
        return await query(
            self._nc,
            subjects.READINESS_GET,
            portfolio_wire.GetReadiness(worker_id=worker_id, speciality=speciality),
            portfolio_wire.Readiness,
            token=self._token,
            timeout=self._timeout,
        )

    async def snapshot(self, worker_id: str) -> str:
        """A fresh snapshot's id; `RemoteRefusalError` when it cannot be built."""
        taken = await query(
            self._nc,
            subjects.SNAPSHOT_CREATE,
            portfolio_wire.CreateSnapshot(worker_id=worker_id),
            portfolio_wire.SnapshotView,
            token=self._token,
            timeout=self._timeout,
        )
        return taken.snapshot_id
