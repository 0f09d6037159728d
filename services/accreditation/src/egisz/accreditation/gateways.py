"""What accreditation asks the portfolio service on demand — readiness and a snapshot — as a
port, its NATS adapter, and a fake for use-case tests."""

from __future__ import annotations

from typing import Protocol

from nats.aio.client import Client as NatsClient

from egisz.accreditation.domain.application import Obstacle
from egisz.runtime.portfolio_client import PortfolioClient
from egisz.runtime.remote import RemoteRefusalError


class PortfolioGateway(Protocol):
    async def obstacles(self, worker_id: str, speciality: str) -> tuple[Obstacle, ...]: ...

    async def snapshot(self, worker_id: str) -> str:
        """A fresh snapshot's id; raises `RemoteRefusalError` when it cannot be built."""
        ...


class NatsPortfolioGateway:
    def __init__(self, nc: NatsClient, *, token: str | None, timeout: float) -> None:
        self._portfolio = PortfolioClient(nc, token=token, timeout=timeout)

    async def obstacles(self, worker_id: str, speciality: str) -> tuple[Obstacle, ...]:
        readiness = await self._portfolio.readiness(worker_id, speciality)
        return tuple(Obstacle(o.code, o.message, o.fixable_by) for o in readiness.obstacles)

    async def snapshot(self, worker_id: str) -> str:
        return await self._portfolio.snapshot(worker_id)


class FakePortfolioGateway:
    def __init__(
        self, obstacles: tuple[Obstacle, ...] = (), snapshot_error: str | None = None
    ) -> None:
        self._obstacles, self._snapshot_error = obstacles, snapshot_error
        self.snapshots_taken = 0

    async def obstacles(self, worker_id: str, speciality: str) -> tuple[Obstacle, ...]:
        return self._obstacles

    async def snapshot(self, worker_id: str) -> str:
        if self._snapshot_error:
            raise RemoteRefusalError(
                {"code": "portfolio_xml_invalid", "message": self._snapshot_error}
            )
        self.snapshots_taken += 1
        return f"snapshot-{self.snapshots_taken}"
