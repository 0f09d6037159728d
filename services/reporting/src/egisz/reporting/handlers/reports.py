"""Reports: anyone may ask; what they see is the audience's (`domain/audience.py`)."""

from __future__ import annotations

from datetime import date

from egisz.contracts import reporting as wire, subjects
from egisz.contracts.envelope import Role
from egisz.contracts.files import FilePart, ReadFile, StoredFile
from egisz.kernel.clock import utcnow
from egisz.kernel.errors import InvalidInputError
from egisz.reporting import usecases, wire as out
from egisz.reporting.handlers.dependencies import Dependencies
from egisz.reporting.usecases.exports import Export, export_report
from egisz.runtime.file_wire import file_part
from egisz.runtime.files import read_part
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import Router

router = Router[Dependencies]()
EVERYONE = set(Role)
MOST_MONTHS = 120


def _asked(req: wire.Where) -> usecases.Asked:
    return usecases.Asked(region=req.region, organization_oid=req.organization_oid)


def _today() -> date:
    return utcnow().date()


@router.command(subjects.OCCUPANCY_GET, roles=EVERYONE, public=True)
async def occupancy_get(
    req: wire.GetOccupancy, ctx: CommandContext, deps: Dependencies
) -> wire.OccupancyReport:
    on = req.on or _today()
    rows, total, scope = await usecases.occupancy(
        deps.units(ctx), deps.facts, ctx.actor, _asked(req), on=on, by=req.by.value
    )
    return out.occupancy_report(on, req.by, rows, total, scope)


def _month(value: str) -> date:
    year, month = value.split("-")
    return date(int(year), int(month), 1)


def _check_period(first: date, last: date) -> None:
    months = (last.year - first.year) * 12 + last.month - first.month
    if months < 0:
        raise InvalidInputError.of("to_month", "Последний месяц не может быть раньше первого")
    if months >= MOST_MONTHS:
        raise InvalidInputError.of(
            "to_month", f"Не больше {MOST_MONTHS} месяцев в одном отчёте: сократите период"
        )


@router.command(subjects.MOVEMENT_GET, roles=EVERYONE, public=True)
async def movement_get(
    req: wire.GetMovement, ctx: CommandContext, deps: Dependencies
) -> wire.MovementReport:
    first, last = _month(req.from_month), _month(req.to_month)
    _check_period(first, last)
    found, scope = await usecases.movement(
        deps.units(ctx), deps.facts, ctx.actor, _asked(req), first=first, last=last
    )
    return wire.MovementReport(
        where=out.where(scope),
        months=[out.movement_month(m) for m in found],
        small_cell=scope.small_cell,
    )


@router.command(subjects.STRUCTURE_GET, roles=EVERYONE, public=True)
async def structure_get(
    req: wire.GetStructure, ctx: CommandContext, deps: Dependencies
) -> wire.StructureReport:
    on = req.on or _today()
    found, scope = await usecases.structure(
        deps.units(ctx), deps.facts, ctx.actor, _asked(req), on=on
    )
    return out.structure_report(on, found, scope)


def _month_or(value: str | None, default: date) -> date:
    return _month(value) if value else default


@router.command(subjects.REPORT_EXPORT, roles=EVERYONE, public=True)
async def report_export(
    req: wire.ExportReport, ctx: CommandContext, deps: Dependencies
) -> StoredFile:
    on = req.on or _today()
    last = _month_or(req.to_month, on.replace(day=1))
    first = _month_or(req.from_month, date(last.year - (last.month < 12), last.month % 12 + 1, 1))
    _check_period(first, last)
    export = Export(req.report.value, req.format.value, on, req.by.value, first, last)
    info = await export_report(
        deps.units(ctx), deps.facts, deps.exports(), ctx.actor, _asked(req), export
    )
    return StoredFile(
        file_id=info.file_id,
        filename=info.filename,
        content_type=info.content_type,
        size=info.size,
        sha256=info.sha256,
    )


@router.command(subjects.REPORT_DOWNLOAD, roles=EVERYONE, public=True)
async def report_download(req: ReadFile, ctx: CommandContext, deps: Dependencies) -> FilePart:
    maker = str(ctx.actor)
    info, data, last = await read_part(
        deps.exports(), file_id=req.file_id, part=req.part, may_read=lambda f: f.owner == maker
    )
    return file_part(info, req.part, data, last)
