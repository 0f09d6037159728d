"""What accreditation asks other services on demand, as ports with their NATS adapters and fakes
for use-case tests: the portfolio (readiness and a snapshot) and the accreditation center (the
package handed over for review)."""

from __future__ import annotations

from typing import Protocol

from nats.aio.client import Client as NatsClient

from egisz.accreditation.domain.application import Application
from egisz.accreditation.wire import package_of
from egisz.contracts import portfolio as portfolio_wire
from egisz.contracts import subjects
from egisz.contracts.fac import IntakeReceipt
from egisz.kernel.errors import Obstacle
from egisz.runtime.remote import RemoteRefusalError, RemoteUnavailableError, query


class PortfolioGateway(Protocol):
    async def obstacles(self, worker_id: str, speciality: str) -> tuple[Obstacle, ...]: ...

    async def snapshot(self, worker_id: str) -> str:
        """A fresh snapshot's id; raises `RemoteRefusalError` when it cannot be built."""
        ...


class NatsPortfolioGateway:
    """The portfolio's readiness and snapshot queries, as this service (its token)."""

    def __init__(self, nc: NatsClient, *, token: str | None, timeout: float) -> None:
        self._nc, self._token, self._timeout = nc, token, timeout

    async def obstacles(self, worker_id: str, speciality: str) -> tuple[Obstacle, ...]:
        ask = portfolio_wire.GetReadiness(worker_id=worker_id, speciality=speciality)
        readiness = await query(
            self._nc,
            subjects.READINESS_GET,
            ask,
            portfolio_wire.Readiness,
            token=self._token,
            timeout=self._timeout,
        )
        return tuple(Obstacle(o.code, o.message, o.fixable_by) for o in readiness.obstacles)

    async def snapshot(self, worker_id: str) -> str:
        taken = await query(
            self._nc,
            subjects.SNAPSHOT_CREATE,
            portfolio_wire.CreateSnapshot(worker_id=worker_id),
            portfolio_wire.SnapshotView,
            token=self._token,
            timeout=self._timeout,
        )
        return taken.snapshot_id


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


class ApplicationCenter(Protocol):
    async def hand_over(self, application: Application) -> str:
        """Deliver the package; answers the center's intake number from its receipt, raises
        `RemoteUnavailableError` when the center does not answer."""
        ...


class NatsApplicationCenter:
    """The center behind `egisz.fac.cmd.package.intake` (the `fac` stand-in or a real one).
    No token goes with the package: the center is another party, and the NATS permissions
    (only our `accreditation` user may publish there) say who sent it."""

    def __init__(self, nc: NatsClient, *, timeout: float) -> None:
        self._nc, self._timeout = nc, timeout

    async def hand_over(self, application: Application) -> str:
        receipt = await query(
            self._nc,
            subjects.FAC_INTAKE,
            package_of(application),
            IntakeReceipt,
            token=None,
            timeout=self._timeout,
        )
        return receipt.intake_number


class FakeApplicationCenter:
    def __init__(self, *, answers: bool = True) -> None:
        self.answers = answers
        self.received: list[str] = []

    async def hand_over(self, application: Application) -> str:
        if not self.answers:
            raise RemoteUnavailableError("the center did not answer")
        self.received.append(application.id)
        return f"ФАЦ-TEST-{len(self.received):06d}"
