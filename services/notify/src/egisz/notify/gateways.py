"""What notify asks the portfolio service on demand: whether a worker's continuing-education
hours are short. A port, its NATS adapter, and a fake for use-case tests."""

from __future__ import annotations

from typing import Protocol

from nats.aio.client import Client as NatsClient

from egisz.runtime.portfolio_client import PortfolioClient

HOURS_SHORT = "continuing_education_short"


class HoursGateway(Protocol):
    async def shortfall(self, worker_id: str, speciality: str) -> str | None:
        """The portfolio's own words on the hours missing, or None when there are enough."""
        ...


class NatsHoursGateway:
    def __init__(self, nc: NatsClient, *, token: str | None, timeout: float) -> None:
        self._portfolio = PortfolioClient(nc, token=token, timeout=timeout)

    async def shortfall(self, worker_id: str, speciality: str) -> str | None:
        readiness = await self._portfolio.readiness(worker_id, speciality)
        return next((o.message for o in readiness.obstacles if o.code == HOURS_SHORT), None)


class FakeHoursGateway:
    def __init__(self, shortfall: str | None = None) -> None:
        self.answer, self.asked = shortfall, 0

    async def shortfall(self, worker_id: str, speciality: str) -> str | None:
        self.asked += 1
        return self.answer
