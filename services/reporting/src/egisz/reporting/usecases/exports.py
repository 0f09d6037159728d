"""Reports as files: the same reports, for the same audience, rendered and kept for the one who
asked to download them."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date

from egisz.contracts.envelope import Actor
from egisz.kernel.errors import InvalidInputError
from egisz.reporting import exports
from egisz.reporting.domain.audience import Scope
from egisz.reporting.facts_store import Facts, FactsStore
from egisz.reporting.report_pdf import Summary, summary_pdf
from egisz.reporting.repository import ReportingUnitOfWork
from egisz.reporting.usecases.reports import Asked, movement, occupancy, structure
from egisz.runtime.files import FileInfo, FileStore

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class Export:
    report: str  # occupancy, movement, structure, summary
    format: str  # csv, xlsx, pdf
    on: date
    by: str
    first: date  # movement's months
    last: date


def check_export(e: Export) -> None:
    """What each format can hold: CSV one table, PDF the summary."""
    if e.format == "pdf" and e.report != "summary":
        raise InvalidInputError.of(
            "format", "PDF — это сводный отчёт: укажите report «summary» или формат csv/xlsx"
        )
    if e.format == "csv" and e.report == "summary":
        raise InvalidInputError.of(
            "format", "Сводный отчёт — это несколько таблиц: выберите xlsx или pdf"
        )


async def _title(facts: Facts, scope: Scope) -> str:
    if scope.organization_oid:
        name = await facts.read(FactsStore.name_of, scope.organization_oid)
        return name or scope.organization_oid
    return f"Регион {scope.region}" if scope.region else "Российская Федерация"


async def render(
    uow: ReportingUnitOfWork, facts: Facts, actor: Actor, asked: Asked, e: Export
) -> tuple[str, bytes]:
    """The file's name and bytes."""
    check_export(e)
    tables: list[exports.Table] = []
    if e.report in ("occupancy", "summary"):
        by = "position" if e.report == "summary" else e.by
        rows, total, scope = await occupancy(uow, facts, actor, asked, on=e.on, by=by)
        tables.append(exports.occupancy_table(by, rows, total))
    if e.report in ("movement", "summary"):
        months, scope = await movement(uow, facts, actor, asked, first=e.first, last=e.last)
        tables += [exports.movement_table(months), exports.reasons_table(months)]
    if e.report in ("structure", "summary"):
        found, scope = await structure(uow, facts, actor, asked, on=e.on)
        tables.append(exports.structure_table(found))
    name = f"{e.report}-{e.on:%Y-%m-%d}.{e.format}"
    if e.format == "csv":
        return name, exports.as_csv(tables[0])
    if e.format == "xlsx":
        return name, exports.as_xlsx(tables)
    summary = Summary(
        await _title(facts, scope), e.on, rows, total, months, found, scope.small_cell
    )
    return name, summary_pdf(summary)


async def export_report(
    uow: ReportingUnitOfWork,
    facts: Facts,
    files: FileStore,
    actor: Actor,
    asked: Asked,
    e: Export,
) -> FileInfo:
    name, content = await render(uow, facts, actor, asked, e)
    info = FileInfo(
        file_id=uuid.uuid4().hex,
        owner=str(actor),
        filename=name,
        content_type=CONTENT_TYPES[e.format],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    await files.store(info, content)
    return info
