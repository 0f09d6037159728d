"""The support desk keeps the register of authorities that read reports."""

from __future__ import annotations

from collections.abc import Callable

from egisz.kernel.errors import ConcurrencyError
from egisz.reporting.domain.authorities import Authority
from egisz.reporting.domain.errors import AuthorityNotFoundError
from egisz.reporting.repository import ReportingUnitOfWork


async def register_authority(
    uow: ReportingUnitOfWork, *, id: str, name: str, level: str, region: str | None
) -> Authority:
    authority = Authority.register(id, name, level, region)
    async with uow:
        await uow.authorities.add(authority)
        await uow.commit()
    return authority


async def _known(uow: ReportingUnitOfWork, id: str) -> Authority:
    authority = await uow.authorities.get(id)
    if authority is None:
        raise AuthorityNotFoundError.at("authority_id", AuthorityNotFoundError.code)
    return authority


async def add_member(uow: ReportingUnitOfWork, *, id: str, snils: str) -> Authority:
    """A person reads one authority's reports: admitted to another, they leave the first."""
    async with uow:
        authority = await _known(uow, id)
        authority.admit(snils)
        elsewhere = await uow.authorities.of_member(snils)
        if elsewhere is not None and elsewhere.id != id:
            elsewhere.withdraw(snils)
            await uow.authorities.save(elsewhere)
        await uow.authorities.save(authority)
        await uow.commit()
    return authority


async def remove_member(uow: ReportingUnitOfWork, *, id: str, snils: str) -> Authority:
    async with uow:
        authority = await _known(uow, id)
        authority.withdraw(snils)
        await uow.authorities.save(authority)
        await uow.commit()
    return authority


async def list_authorities(uow: ReportingUnitOfWork) -> list[Authority]:
    async with uow:
        return await uow.authorities.all()


async def announce_authorities(units: Callable[[], ReportingUnitOfWork]) -> int:
    """Every authority published again as it is, each in its own unit: those recorded before
    the register published its changes reach their followers, and a follower whose database was
    restored from an older copy catches up. Another replica announcing the same one at once
    wins; this one skips it. Returns how many this run announced."""
    async with units() as uow:
        everyone = [a.id for a in await uow.authorities.all()]
    announced = 0
    for id in everyone:
        try:
            async with units() as uow:
                authority = await uow.authorities.get(id)
                if authority is None:
                    continue
                authority.announce()
                await uow.authorities.save(authority)
                await uow.commit()
                announced += 1
        except ConcurrencyError:
            continue
    return announced
