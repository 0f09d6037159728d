"""The center's intake and its journal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from egisz.fac.domain.model import ReceivedPackage
from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import ConcurrencyError

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.fac.repository import CenterUnitOfWork


@dataclass(frozen=True)
class Package:
    """What the intake reads off a delivered package."""

    application_id: str
    kind: str
    speciality: str
    applicant_name: str
    snils: str
    snapshot_id: str | None
    documents: int


async def receive_package(
    new_uow: Callable[[], CenterUnitOfWork], package: Package, *, clock: Clock = utcnow
) -> ReceivedPackage:
    """Take a package in once: the same application again gets its first receipt, also when two
    deliveries of it race (the loser reads the winner's). A refused package takes no number."""
    ReceivedPackage.check_complete(package.kind, package.snapshot_id)
    for _ in range(2):
        async with new_uow() as uow:
            known = await uow.packages.of_application(package.application_id)
            if known is not None:
                return known
            now = clock()
            received = ReceivedPackage.receive(
                sequence=await uow.next_sequence(now.year),
                application_id=package.application_id,
                kind=package.kind,
                speciality=package.speciality,
                applicant_name=package.applicant_name,
                snils=package.snils,
                snapshot_id=package.snapshot_id,
                documents=package.documents,
                now=now,
            )
            try:
                await uow.packages.add(received)
            except ConcurrencyError:
                continue
            await uow.commit()
            return received
    raise ConcurrencyError()


async def journal(uow: CenterUnitOfWork, *, after: str | None, limit: int) -> list[ReceivedPackage]:
    """Packages in the order they arrived."""
    async with uow:
        return await uow.packages.journal(after, limit)
