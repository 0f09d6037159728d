"""What notify asks the portfolio service on demand: whether a worker's continuing-education
hours are short. A port, its NATS adapter, and a fake for use-case tests."""

from __future__ import annotations

from typing import Protocol

from nats.aio.client import Client as NatsClient

from egisz.contracts import portfolio as portfolio_wire, subjects
from egisz.runtime.remote import query

HOURS_SHORT = "continuing_education_short"


class HoursGateway(Protocol):
    async def shortfall(self, worker_id: str, speciality: str) -> str | None:
        """The portfolio's own words on the hours missing, or None when there are enough."""
        ...


class NatsHoursGateway:
    """The portfolio's readiness query, as this service (its token): the hours obstacle only."""

    def __init__(self, nc: NatsClient, *, token: str | None, timeout: float) -> None:
        self._nc, self._token, self._timeout = nc, token, timeout

    async def shortfall(self, worker_id: str, speciality: str) -> str | None:
        readiness = await query(
            self._nc,
            subjects.READINESS_GET,
            portfolio_wire.GetReadiness(worker_id=worker_id, speciality=speciality),
            portfolio_wire.Readiness,
            token=self._token,
            timeout=self._timeout,
        )
        return next((o.message for o in readiness.obstacles if o.code == HOURS_SHORT), None)


class FakeHoursGateway:
    def __init__(self, shortfall: str | None = None) -> None:
        self.answer, self.asked = shortfall, 0

    async def shortfall(self, worker_id: str, speciality: str) -> str | None:
        self.asked += 1
        return self.answer
