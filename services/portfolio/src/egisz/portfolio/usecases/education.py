"""The educational part (FRMR-confirmed and declared items) and readiness."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import Obstacle
from egisz.kernel.snils import normalize_snils, snils_problem
from egisz.portfolio.domain.documents import Limits
from egisz.portfolio.domain.education import (
    EducationItem,
    HoursCount,
    HoursRule,
    Speciality,
    count_hours,
    rule_in_force,
)
from egisz.portfolio.domain.model import Portfolio
from egisz.portfolio.domain.readiness import obstacles
from egisz.portfolio.usecases.portfolios import (
    RegistryEvent,
    _own,
    _react,
    find_portfolio,
    organization_names,
)

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.portfolio.repository import PortfolioUnitOfWork


# --- the educational part, names, readiness -------------------------------------------------
async def project_registry_education(
    uow: PortfolioUnitOfWork, event: RegistryEvent, item: EducationItem, clock: Clock = utcnow
) -> Portfolio:
    """FRMR confirmed an education item: it enters the educational part once."""
    return await _react(uow, event, lambda p: p.apply_registry_education(item), clock)


async def note_name(
    uow: PortfolioUnitOfWork,
    event: RegistryEvent,
    last_name: str,
    full_name: str,
    clock: Clock = utcnow,
) -> Portfolio:
    """The name FRMR has now: documents under another surname need a name-change document, and
    whether the worker is a head FRMO records goes by the full name."""

    def rename(p: Portfolio) -> bool:
        changed = (p.last_name, p.full_name) != (last_name, full_name)
        p.last_name, p.full_name = last_name, full_name
        return changed

    return await _react(uow, event, rename, clock)


async def declare_education(
    uow: PortfolioUnitOfWork, *, snils: str, item: EducationItem, clock: Clock = utcnow
) -> Portfolio:
    async with uow:
        portfolio = await _own(uow, snils)
        portfolio.declare_education(item, today=clock().date())
        await uow.portfolios.save(portfolio)
        await uow.commit()
    return portfolio


async def remove_education(uow: PortfolioUnitOfWork, *, snils: str, item_id: str) -> Portfolio:
    async with uow:
        portfolio = await _own(uow, snils)
        portfolio.remove_education(item_id)
        await uow.portfolios.save(portfolio)
        await uow.commit()
    return portfolio


@dataclass(frozen=True)
class ReadinessReport:
    """What stands between the worker and an application, and the hours counted under `rule`."""

    obstacles: list[Obstacle]
    hours: HoursCount
    rule: HoursRule


async def assess_readiness(
    uow: PortfolioUnitOfWork,
    *,
    worker_id: str | None,
    snils: str | None,
    speciality: Speciality,
    rules: list[HoursRule],
    limits: Limits,
    today: date,
) -> ReadinessReport:
    """Readiness for periodic accreditation in `speciality`, under the rule in force `today`."""
    portfolio = await find_portfolio(uow, worker_id=worker_id, snils=snils)
    rule = rule_in_force(rules, today)
    names = await organization_names(uow, portfolio)
    found = obstacles(
        portfolio,
        today=today,
        speciality=speciality,
        rule=rule,
        limits=limits,
        known_organizations=set(names),
    )
    hours = count_hours(portfolio.education, today=today, speciality=speciality, rule=rule)
    return ReadinessReport(found, hours, rule)


# --- the NMO portal's completed programmes --------------------------------------------------
@dataclass(frozen=True)
class NmoRowResult:
    imported: int
    unchanged: int
    refused: list[tuple[int, str, str]]  # (row, field, why)


async def import_nmo(
    new_uow: Callable[[], PortfolioUnitOfWork],
    rows: list[tuple[int, str, EducationItem]],
    clock: Clock = utcnow,
) -> NmoRowResult:
    """Each row (number, SNILS, item) into that person's portfolio as confirmed «из НМФО», one
    transaction per person; a row for an unknown SNILS is refused, the others go on."""
    imported = unchanged = 0
    refused: list[tuple[int, str, str]] = []
    by_person: dict[str, list[tuple[int, EducationItem]]] = {}
    for number, raw, item in rows:
        if problem := snils_problem(raw):
            refused.append((number, "snils", problem))
        else:
            by_person.setdefault(normalize_snils(raw), []).append((number, item))
    for snils, items in by_person.items():
        async with new_uow() as uow:
            portfolio = await uow.portfolios.for_snils(snils)
            if portfolio is None:
                refused += [(n, "snils", "Нет портфолио с таким СНИЛС") for n, _ in items]
                continue
            added = sum(portfolio.apply_registry_education(item) for _, item in items)
            imported, unchanged = imported + added, unchanged + len(items) - added
            if added:
                await uow.portfolios.save(portfolio)
                await uow.commit()
    return NmoRowResult(imported, unchanged, sorted(refused))
