"""Reports as files over the in-memory broker: CSV and XLSX read back to the figures of the
synthetic country, the PDF summary rendered and opened (PDFium), each for the caller's audience."""

from __future__ import annotations

import base64
import csv
import io
from typing import Any

import pypdfium2 as pdfium
from openpyxl import load_workbook

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.reporting.facts_store import Facts
from egisz.reporting.repository import FakeReportingUnitOfWork
from egisz.testsupport.inmemory import InMemoryService

from .country import ON, ORG_A, ORG_B, country
from .test_handlers import service, told

DESK: dict[str, Any] = {"role": Role.REGISTRY_OPERATOR, "sub": "desk"}


async def exported(svc: InMemoryService, body: dict[str, Any], **who: Any) -> bytes:
    made = await svc.command(subjects.REPORT_EXPORT, body | {"on": ON.isoformat()}, **who)
    assert made["ok"], made
    content, part = b"", 0
    while True:
        reply = await svc.command(
            subjects.REPORT_DOWNLOAD, {"file_id": made["result"]["file_id"], "part": part}, **who
        )
        assert reply["ok"], reply
        content += base64.b64decode(reply["result"]["data"])
        if reply["result"]["last"]:
            assert len(content) == made["result"]["size"]
            return content
        part += 1


def pdf_text(content: bytes) -> str:
    pdf = pdfium.PdfDocument(content)
    return "\n".join(page.get_textpage().get_text_range() for page in pdf)


async def test_occupancy_as_csv_reads_back_to_its_figures() -> None:
    async with service(FakeReportingUnitOfWork(), Facts()) as svc:
        await told(svc, country())
        content = await exported(svc, {"report": "occupancy", "format": "csv"}, **DESK)
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Код", "Наименование", "Штатные единицы"]
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["27"][2:5] == ["15.00", "12.00", "4.00"]
    assert by_code["ИТОГО"][6] == "16"


async def test_the_summary_as_xlsx_has_a_sheet_per_table() -> None:
    async with service(FakeReportingUnitOfWork(), Facts()) as svc:
        await told(svc, country())
        content = await exported(
            svc,
            {"report": "summary", "format": "xlsx", "organization_oid": ORG_A},
            **DESK,
        )
    book = load_workbook(io.BytesIO(content), read_only=True)
    assert book.sheetnames == [
        "Укомплектованность (position)",
        "Движение кадров",
        "Причины увольнений",
        "Возраст и пол",
    ]
    sheet = [list(r) for r in book["Укомплектованность (position)"].iter_rows(values_only=True)]
    assert sheet[-1][:3] == ["ИТОГО", None, 14]
    months = [list(r) for r in book["Движение кадров"].iter_rows(values_only=True)]
    assert len(months) == 1 + 12  # the twelve months up to the day


async def test_the_pdf_summary_draws_the_regions_figures() -> None:
    async with service(FakeReportingUnitOfWork(), Facts()) as svc:
        await told(svc, country())
        content = await exported(
            svc, {"report": "summary", "format": "pdf", "region": "77"}, **DESK
        )
    assert content.startswith(b"%PDF-")
    text = pdf_text(content)
    assert "Мониторинг кадрового обеспечения" in text
    assert "Регион 77" in text
    assert "штатных единиц 17.00, занято 9.50, вакантно 7.50" in text
    assert "Увольнения по причинам" in text


async def test_the_publics_summary_withholds_small_cells() -> None:
    async with service(FakeReportingUnitOfWork(), Facts()) as svc:
        await told(svc, country())
        content = await exported(
            svc, {"report": "summary", "format": "pdf", "organization_oid": ORG_B}, role=None
        )
    text = pdf_text(content)
    assert "сведения о группах менее 5 человек скрыты" in text
    assert "работающих —" in text


async def test_a_file_is_its_makers_and_a_format_holds_what_it_can() -> None:
    async with service(FakeReportingUnitOfWork(), Facts()) as svc:
        made = await svc.command(
            subjects.REPORT_EXPORT, {"report": "occupancy", "format": "csv"}, **DESK
        )
        stranger = await svc.command(
            subjects.REPORT_DOWNLOAD,
            {"file_id": made["result"]["file_id"]},
            role=Role.WORKER,
            snils="11223344595",
        )
        pdf_of_one = await svc.command(
            subjects.REPORT_EXPORT, {"report": "movement", "format": "pdf"}, **DESK
        )
        csv_of_all = await svc.command(
            subjects.REPORT_EXPORT, {"report": "summary", "format": "csv"}, **DESK
        )
    assert stranger["error"]["code"] == "file_not_found"
    for refused in (pdf_of_one, csv_of_all):
        assert refused["error"]["fields"][0]["field"] == "format"
