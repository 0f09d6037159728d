"""Bulk import from CSV: workers (`egisz registry import FILE.csv`) and an organization's staffing
table (`egisz registry staffing FILE.csv`).

Each row is checked against the contract here first, so one malformed date does not spoil a whole
batch; the rest go to the registry in batches, which answers row by row. A row already imported
comes back `unchanged`, so the same file can be sent again. Failures are written next to the input
as `<name>.report.csv` (row, field, error).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from egisz.cli.client import Client
from egisz.contracts import subjects
from egisz.contracts.registry import ImportRow, ImportStaffing, ImportWorkers, StaffingRow
from egisz.contracts.subjects import Command
from egisz.runtime.replies import invalid_input

# CSV headers: our field names or the Russian ones HR systems export.
HEADERS = {
    "snils": "snils",
    "снилс": "snils",
    "last_name": "last_name",
    "фамилия": "last_name",
    "first_name": "first_name",
    "имя": "first_name",
    "middle_name": "middle_name",
    "отчество": "middle_name",
    "birth_date": "birth_date",
    "дата рождения": "birth_date",
    "sex": "sex",
    "пол": "sex",
    "email": "email",
    "e-mail": "email",
    "эл. почта": "email",
    "phone": "phone",
    "телефон": "phone",
    "position": "position",
    "должность": "position",
    "position_code": "position_code",
    "код должности": "position_code",
    "rate": "rate",
    "ставка": "rate",
    "kind": "kind",
    "вид занятости": "kind",
    "start_date": "start_date",
    "дата приёма": "start_date",
    "дата приема": "start_date",
    # a staffing table's rows
    "subdivision_oid": "subdivision_oid",
    "oid подразделения": "subdivision_oid",
    "fte": "fte",
    "штатные единицы": "fte",
    "количество штатных единиц": "fte",
    "effective_from": "effective_from",
    "действует с": "effective_from",
}
DATES = {"birth_date", "start_date", "effective_from"}
VALUES = {
    "sex": {"м": "male", "муж": "male", "ж": "female", "жен": "female"},
    "kind": {"основное": "main", "совместительство": "part_time"},
}
_RU_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str


@dataclass
class ImportReport:
    outcomes: Counter[str] = field(default_factory=Counter)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0

    @property
    def failed_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    def write(self, path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="") as f:
            out = csv.writer(f)
            out.writerow(["row", "field", "error"])
            for e in sorted(self.errors, key=lambda e: (e.row, e.field)):
                out.writerow([e.row, e.field, e.message])


def report_path(source: Path) -> Path:
    return source.with_name(f"{source.stem}.report.csv")


def _value(name: str, raw: str) -> str | None:
    value = raw.strip()
    if not value:
        return None
    if name in DATES and (m := _RU_DATE.match(value)):
        return f"{m[3]}-{m[2]}-{m[1]}"
    if name in ("rate", "fte"):
        return value.replace(",", ".")
    return VALUES.get(name, {}).get(value.casefold(), value)


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows numbered as a spreadsheet shows them (the header is row 1); `;` or `,` separated."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        sample = f.read(4096)
        f.seek(0)
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t") if sample else csv.excel
        reader = csv.reader(f, dialect)
        header = [HEADERS.get(h.strip().casefold(), h.strip()) for h in next(reader, [])]
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            row: dict[str, Any] = {"row": number}
            for name, cell in zip(header, cells, strict=False):
                if (value := _value(name, cell)) is not None:
                    row[name] = value
            yield number, row


def count_rows(path: Path) -> int:
    return sum(1 for _ in read_rows(path))


@dataclass(frozen=True)
class CsvImport:
    """What a file's rows are and where they go: the row's model, the request that carries a
    batch of them (`rows`), and its command."""

    row: type[BaseModel]
    request: type[BaseModel]
    command: Command


WORKERS = CsvImport(ImportRow, ImportWorkers, subjects.WORKER_IMPORT)
STAFFING = CsvImport(StaffingRow, ImportStaffing, subjects.STAFFING_IMPORT)


async def import_csv(
    client: Client,
    path: Path,
    *,
    token: str,
    batch_size: int = 200,
    progress: Callable[[int], Any] = lambda n: None,
    kind: CsvImport = WORKERS,
) -> ImportReport:
    report = ImportReport()
    batch: list[BaseModel] = []

    async def send() -> None:
        if not batch:
            return
        body = kind.request(rows=batch).model_dump(mode="json", exclude_none=True)
        reply = await client.call(kind.command.subject, body, token=token)
        if not reply.get("ok"):
            raise ImportRefusedError(reply["error"]["message"])
        for result in reply["result"]["rows"]:
            report.outcomes[result["outcome"]] += 1
            report.errors += [
                RowError(result["row"], e["field"], e["message"]) for e in result["errors"]
            ]
        progress(len(batch))
        batch.clear()

    for number, raw in read_rows(path):
        report.rows += 1
        try:
            batch.append(kind.row.model_validate(raw))
        except ValidationError as exc:
            report.outcomes["failed"] += 1
            report.errors += [
                RowError(number, p.field, p.message) for p in invalid_input(exc).fields
            ]
            progress(1)
            continue
        if len(batch) >= batch_size:
            await send()
    await send()
    return report


class ImportRefusedError(Exception):
    """The registry refused the whole import (token, role): nothing was imported."""


# --- generated files, for the tests and `make bench` ----------------------------------------
_LAST = ["Иванова", "Смирнов", "Кузнецова", "Попов", "Васильева", "Петров", "Соколова", "Михайлов"]
_FIRST = ["Анна", "Иван", "Мария", "Сергей", "Ольга", "Дмитрий", "Елена", "Алексей"]
_BAD: list[tuple[str, str]] = [
    ("snils", "checksum"),
    ("last_name", "digit"),
    ("birth_date", "future"),
    ("birth_date", "format"),
    ("phone", "short"),
]


def write_staff_csv(path: Path, rows: int, *, bad_every: int = 100, seed: int = 1) -> set[int]:
    """`rows` distinct workers with a job each; every `bad_every`-th row is wrong in one field.
    Returns the spreadsheet numbers of the bad rows."""
    from datetime import date, timedelta

    from egisz.registry.domain.identifiers import snils_check_number

    bad: set[int] = set()
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, delimiter=";")
        out.writerow(
            [
                "СНИЛС",
                "Фамилия",
                "Имя",
                "Дата рождения",
                "Телефон",
                "Должность",
                "Ставка",
                "Дата приёма",
            ]
        )
        for i in range(rows):
            first9 = f"{seed * 1_000_000 + i:09d}"[-9:]
            snils = f"{first9}{snils_check_number(first9):02d}"
            # Adults; 20,011 days and the 64 names repeat together only after 1.28 million rows.
            born = date(1950, 1, 1) + timedelta(days=i % 20_011)
            cells = [
                snils,
                _LAST[i % len(_LAST)],
                _FIRST[i // len(_LAST) % len(_FIRST)],
                born.strftime("%d.%m.%Y"),
                f"495{i:07d}"[-10:],
                "Медицинская сестра",
                "1,0",
                "01.09.2024",
            ]
            if (i + 1) % bad_every == 0:
                field_name, kind = _BAD[(i // bad_every) % len(_BAD)]
                if field_name == "snils":
                    cells[0] = f"{first9}{(snils_check_number(first9) + 1) % 100:02d}"
                elif field_name == "last_name":
                    cells[1] = cells[1] + "1"
                elif kind == "future":
                    cells[3] = "01.01.2999"
                elif kind == "format":
                    cells[3] = "31.02.1980"
                else:
                    cells[4] = "12345"
                bad.add(i + 2)
            out.writerow(cells)
    return bad
