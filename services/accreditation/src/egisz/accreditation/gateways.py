"""What accreditation asks other services on demand, as ports with their NATS adapters and fakes
for use-case tests: the portfolio (readiness and a snapshot) and the accreditation center (the
package handed over for review)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Protocol

from nats.aio.client import Client as NatsClient

from egisz.accreditation.domain.application import Application
from egisz.accreditation.wire import package_of
from egisz.contracts import portfolio as portfolio_wire, subjects
from egisz.contracts.fac import IntakeReceipt
from egisz.contracts.registry import SPECIALITIES, DictionaryEntryFound, GetDictionaryEntry
from egisz.kernel.errors import InvalidInputError, Obstacle
from egisz.runtime.remote import RemoteRefusalError, RemoteUnavailableError, query


class PortfolioGateway(Protocol):
    async def obstacles(
        self, worker_id: str, speciality: str, code: str | None = None
    ) -> tuple[Obstacle, ...]:
        """The portfolio's obstacles to a periodic application in the speciality (by its code
        in the specialities' book where the application has one)."""
        ...

    async def snapshot(self, worker_id: str) -> str:
        """A fresh snapshot's id; raises `RemoteRefusalError` when it cannot be built."""
        ...


class NatsPortfolioGateway:
    """The portfolio's readiness and snapshot queries, as this service (its token)."""

    def __init__(self, nc: NatsClient, *, token: str | None, timeout: float) -> None:
        self._nc, self._token, self._timeout = nc, token, timeout

    async def obstacles(
        self, worker_id: str, speciality: str, code: str | None = None
    ) -> tuple[Obstacle, ...]:
        ask = portfolio_wire.GetReadiness(
            worker_id=worker_id, speciality=speciality, speciality_code=code
        )
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
        self.asked: list[tuple[str, str | None]] = []  # (speciality, its code)

    async def obstacles(
        self, worker_id: str, speciality: str, code: str | None = None
    ) -> tuple[Obstacle, ...]:
        self.asked.append((speciality, code))
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


class SpecialityBook(Protocol):
    async def name(self, code: str, *, on: date) -> str:
        """The speciality's name in the registry's specialities' book on the day, or a refusal
        of `speciality_code` (`unknown_code`, `retired_code`)."""
        ...

    def forget(self, oid: str) -> None:
        """A version of the book `oid` was loaded: names kept from it are asked anew."""
        ...


class NatsSpecialityBook:
    """The registry's specialities' book, asked as this service; names kept until a new version
    is loaded (`forget`, on `dictionary.version_loaded`), at most a TTL if that notice is missed."""

    TTL_SECONDS = 300.0

    def __init__(
        self, connection: Callable[[], NatsClient], *, token: str | None, timeout: float
    ) -> None:
        """`connection`: the service's NATS connection, there once the runtime has started."""
        self._connection, self._token, self._timeout = connection, token, timeout
        self._known: dict[tuple[str, date], tuple[float, str]] = {}

    async def name(self, code: str, *, on: date) -> str:
        seen = self._known.get((code, on))
        if seen is not None and time.monotonic() - seen[0] < self.TTL_SECONDS:
            return seen[1]
        ask = GetDictionaryEntry(oid=SPECIALITIES, code=code, on=on)
        try:
            found = await query(
                self._connection(),
                subjects.DICTIONARY_ENTRY_GET,
                ask,
                DictionaryEntryFound,
                token=self._token,
                timeout=self._timeout,
            )
        except RemoteRefusalError as exc:
            raise InvalidInputError.of(
                "speciality_code",
                f"Кода «{code}» нет в номенклатуре специальностей ({SPECIALITIES}): {exc.message}",
                "unknown_code",
            ) from None
        if not found.in_force:
            raise InvalidInputError.of(
                "speciality_code",
                f"Код «{code}» ({found.entry.name}) номенклатуры специальностей не действует "
                f"на {on:%d.%m.%Y}",
                "retired_code",
            )
        self._known[(code, on)] = (time.monotonic(), found.entry.name)
        return found.entry.name

    def forget(self, oid: str) -> None:
        if oid == SPECIALITIES:
            self._known.clear()


class FakeSpecialityBook:
    def __init__(self, names: dict[str, str] | None = None) -> None:
        self._names = names or {"76": "Терапия", "27": "Лечебное дело"}
        self.forgotten: list[str] = []

    async def name(self, code: str, *, on: date) -> str:
        if code not in self._names:
            raise InvalidInputError.of("speciality_code", f"Кода «{code}» нет", "unknown_code")
        return self._names[code]

    def forget(self, oid: str) -> None:
        self.forgotten.append(oid)
