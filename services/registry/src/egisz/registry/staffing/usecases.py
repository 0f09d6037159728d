"""An organization's staffing table: its officers set posts one by one or import a file of them;
officers with access, the support desk and services read it as of a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import DomainError, FieldProblem, ForbiddenError, InvalidInputError
from egisz.registry.caller import Caller, new_id, require_access
from egisz.registry.domain.coding import POSITIONS, CodeBook
from egisz.registry.domain.errors import OrganizationNotFoundError
from egisz.registry.frmo.domain.organization import Organization
from egisz.registry.staffing.domain.staffing import StaffingTable

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.registry.repository import RegistryUnitOfWork


@dataclass(frozen=True)
class PostChange:
    subdivision_oid: str
    position_code: str
    fte: Decimal
    effective_from: date


@dataclass(frozen=True)
class RowOutcome:
    row: int
    outcome: str  # changed | unchanged | failed
    problems: tuple[FieldProblem, ...] = ()


async def set_post(
    uow: RegistryUnitOfWork,
    caller: Caller,
    codes: CodeBook,
    change: PostChange,
    *,
    clock: Clock = utcnow,
) -> StaffingTable:
    """One post of the officer's own organization, from a day."""
    async with uow:
        organization, table, known = await _table_of(uow, caller)
        await _apply(table, organization, codes, change, clock().date())
        await (uow.staffing.save(table) if known else uow.staffing.add(table))
        await uow.commit()
    return table


async def import_posts(
    uow: RegistryUnitOfWork,
    caller: Caller,
    codes: CodeBook,
    rows: list[tuple[int, PostChange]],
    *,
    clock: Clock = utcnow,
) -> tuple[list[RowOutcome], int]:
    """Rows in their order, each answered on its own: a bad row changes nothing and the rest go
    on; a row sent again is `unchanged`. One transaction for the file."""
    today = clock().date()
    outcomes: list[RowOutcome] = []
    async with uow:
        organization, table, known = await _table_of(uow, caller)
        for row, change in rows:
            try:
                changed = await _apply(table, organization, codes, change, today)
            except DomainError as exc:
                outcomes.append(RowOutcome(row, "failed", _problems(exc)))
                continue
            outcomes.append(RowOutcome(row, "changed" if changed else "unchanged"))
        if table.events:
            await (uow.staffing.save(table) if known else uow.staffing.add(table))
            await uow.commit()
    return outcomes, table.version


async def read_table(
    uow: RegistryUnitOfWork, caller: Caller, organization_oid: str | None
) -> StaffingTable:
    """An officer reads their own organization's (with access); the desk and services any."""
    if caller.is_officer:
        if organization_oid not in (None, caller.org):
            raise ForbiddenError("Штатное расписание другой организации недоступно")
        organization_oid = caller.org
    elif not caller.sees_every_record:
        raise ForbiddenError("Штатное расписание читают сотрудники организации и СТП")
    if not organization_oid:
        raise InvalidInputError.of("organization_oid", "Укажите OID организации", "missing")
    async with uow:
        await require_access(uow, caller)
        if await uow.organizations.get(organization_oid) is None:
            raise OrganizationNotFoundError()
        return await uow.staffing.get(organization_oid) or StaffingTable(organization_oid)


async def _table_of(
    uow: RegistryUnitOfWork, caller: Caller
) -> tuple[Organization, StaffingTable, bool]:
    """The officer's organization and its table (a new one if it has none yet)."""
    if not caller.is_officer:
        raise ForbiddenError("Штатное расписание ведут сотрудники организации с доступом")
    await require_access(uow, caller)
    organization = await uow.organizations.get(caller.org or "")
    if organization is None:
        raise OrganizationNotFoundError()
    table = await uow.staffing.get(organization.oid)
    return organization, table or StaffingTable(organization.oid), table is not None


async def _apply(
    table: StaffingTable,
    organization: Organization,
    codes: CodeBook,
    change: PostChange,
    today: date,
) -> bool:
    on = change.effective_from
    position = await codes.code(POSITIONS, change.position_code, field="position_code", on=on)
    return table.set_post(
        line_id=new_id(),
        subdivision_oid=change.subdivision_oid,
        open_subdivisions={s.oid for s in organization.subdivisions if s.open_on(on)},
        position=position,
        fte=change.fte,
        effective_from=on,
        today=today,
    )


def _problems(exc: DomainError) -> tuple[FieldProblem, ...]:
    if exc.fields:  # said of a field: the row's report names it
        return tuple(exc.fields)
    return (FieldProblem("row", exc.message, exc.code),)
