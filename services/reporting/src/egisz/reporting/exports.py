"""Reports as tables people take away: CSV (one table, `;`-separated, UTF-8 with a byte-order
mark, so Excel in Russia opens it as it is) and XLSX (a sheet per table). Column titles in
Russian, figures as numbers; a withheld figure is an empty cell marked in the last column."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from egisz.reporting.domain.figures import MovementMonth, Occupancy, Structure

Cell = str | int | Decimal | None


@dataclass(frozen=True)
class Table:
    title: str  # the sheet's name (≤ 31 characters)
    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


def occupancy_table(by: str, rows: Sequence[Occupancy], total: Occupancy) -> Table:
    header: tuple[str, ...] = ("Код", "Наименование", "Штатные единицы", "Занятые единицы")
    header += ("Вакантные единицы", "Укомплектованность", "Физических лиц", "Скрыто (малая группа)")

    def line(o: Occupancy, key: str | None) -> tuple[Cell, ...]:
        return (
            key,
            o.name,
            o.staffed,
            o.occupied,
            o.vacant,
            o.occupancy,
            o.headcount,
            "да" if o.suppressed else "",
        )

    body = [line(o, o.key) for o in rows] + [line(total, "ИТОГО")]
    return Table(f"Укомплектованность ({by})"[:31], header, body)


def movement_table(months: Sequence[MovementMonth]) -> Table:
    header: tuple[str, ...] = ("Месяц", "Принято", "Уволено", "Перешли из других МО")
    header += ("Перешли в другие МО", "Численность на конец месяца", "Текучесть")
    rows: list[tuple[Cell, ...]] = [
        (
            m.month.strftime("%Y-%m"),
            m.hires,
            m.dismissals,
            m.moves_in,
            m.moves_out,
            m.headcount_end,
            m.turnover,
        )
        for m in months
    ]
    return Table("Движение кадров", header, rows)


def reasons_table(months: Sequence[MovementMonth]) -> Table:
    header = ("Месяц", "Код причины", "Причина увольнения", "Уволено")
    rows: list[tuple[Cell, ...]] = [
        (m.month.strftime("%Y-%m"), r.reason_code, r.reason, r.dismissals)
        for m in months
        for r in m.by_reason
    ]
    return Table("Причины увольнений", header, rows)


def structure_table(s: Structure) -> Table:
    header = ("Возраст", "Мужчины", "Женщины", "Пол не указан")
    rows: list[tuple[Cell, ...]] = [(b.band, b.male, b.female, b.unsaid) for b in s.bands]
    rows += [
        ("Всего работающих", s.headcount, None, None),
        ("Аккредитация истекает в 6 мес.", s.expires_6_months, None, None),
        ("Аккредитация истекает в 12 мес.", s.expires_12_months, None, None),
    ]
    return Table("Возраст и пол", header, rows)


def as_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(table.header)
    writer.writerows(["" if v is None else str(v) for v in row] for row in table.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(value: Cell) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def as_xlsx(tables: Sequence[Table]) -> bytes:
    book = Workbook(write_only=True)
    for table in tables:
        sheet = book.create_sheet(table.title)
        sheet.append(list(table.header))
        for row in table.rows:
            sheet.append([_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
