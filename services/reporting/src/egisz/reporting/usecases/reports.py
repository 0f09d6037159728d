"""Reports for whoever asks: the caller's audience from the register (authorities, FRMO's grants),
the report's scope within it, the figures from the facts, small cells withheld for the public."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from egisz.contracts.envelope import Actor, Role
from egisz.reporting.domain.audience import (
    EVERYTHING,
    PUBLIC,
    Audience,
    Scope,
    officer_audience,
    regulator_audience,
    scope_of,
)
from egisz.reporting.domain.figures import (
    MovementMonth,
    Occupancy,
    Structure,
    suppress_month,
    suppress_occupancy,
    suppress_structure,
    suppress_total,
)
from egisz.reporting.domain.grants import OrganizationAccess
from egisz.reporting.facts_store import Facts, FactsStore
from egisz.reporting.repository import ReportingUnitOfWork

# The desk and our services see every organization's figures (none of them carries a person).
_SEE_EVERYTHING = frozenset({Role.REGISTRY_OPERATOR, Role.SERVICE})


@dataclass(frozen=True)
class Asked:
    """Which organizations a report was asked about."""

    region: str | None = None
    organization_oid: str | None = None


async def note_access(
    uow: ReportingUnitOfWork, *, oid: str, admitted: list[str], dismissed: list[str]
) -> None:
    """FRMO granted or revoked an employee's access: who may read the organization's figures."""
    async with uow:
        known = await uow.access.get(oid)
        fresh = known is None
        access = known or OrganizationAccess(oid)
        if access.after(admitted=admitted, dismissed=dismissed) or fresh:
            await (uow.access.add if fresh else uow.access.save)(access)
        await uow.commit()


async def audience_of(uow: ReportingUnitOfWork, actor: Actor) -> Audience:
    if actor.role in _SEE_EVERYTHING:
        return EVERYTHING
    async with uow:
        if actor.role == Role.REGULATOR:
            found = await uow.authorities.of_member(actor.snils) if actor.snils else None
            return regulator_audience(found)
        if actor.role == Role.ORG_OFFICER and actor.org:
            access = await uow.access.get(actor.org)
            holders = access.holders if access else OrganizationAccess(actor.org).holders
            return officer_audience(actor.org, actor.snils, holders)
    return PUBLIC


async def _scope(uow: ReportingUnitOfWork, facts: Facts, actor: Actor, asked: Asked) -> Scope:
    audience = await audience_of(uow, actor)
    about = asked.organization_oid or audience.organization_oid
    region = await facts.read(FactsStore.region_of, about) if about else None
    return scope_of(
        audience,
        region=asked.region,
        organization_oid=asked.organization_oid,
        region_of_organization=region,
    )


async def occupancy(
    uow: ReportingUnitOfWork, facts: Facts, actor: Actor, asked: Asked, *, on: date, by: str
) -> tuple[list[Occupancy], Occupancy, Scope]:
    scope = await _scope(uow, facts, actor, asked)
    rows, total = await facts.read(FactsStore.occupancy, on, by, scope)
    if scope.small_cell:
        rows = suppress_occupancy(rows, scope.small_cell)
        total = suppress_total(total, scope.small_cell)
    return rows, total, scope


async def movement(
    uow: ReportingUnitOfWork, facts: Facts, actor: Actor, asked: Asked, *, first: date, last: date
) -> tuple[list[MovementMonth], Scope]:
    scope = await _scope(uow, facts, actor, asked)
    months = await facts.read(FactsStore.movement, first, last, scope)
    if scope.small_cell:
        months = [suppress_month(m, scope.small_cell) for m in months]
    return months, scope


async def structure(
    uow: ReportingUnitOfWork, facts: Facts, actor: Actor, asked: Asked, *, on: date
) -> tuple[Structure, Scope]:
    scope = await _scope(uow, facts, actor, asked)
    found = await facts.read(FactsStore.structure, on, scope)
    if scope.small_cell:
        found = suppress_structure(found, scope.small_cell)
    return found, scope
