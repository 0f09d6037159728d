"""The printable summary for a region or an organization (seed 003: «формирование отчётных форм
для контроля»): what a regulator reads first — occupancy by position, dismissals by reason and
the year's trend — each as a chart with its table. Reproducible: the same figures give the same
bytes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from egisz.reporting.domain.figures import MovementMonth, Occupancy, ReasonCount, Structure
from egisz.runtime.pdf import BOLD, REGULAR, a4_document, grid_style, register_fonts

STAFFED, OCCUPIED = colors.HexColor("#9DB4CF"), colors.HexColor("#2E5A88")
HIRES, DISMISSALS = colors.HexColor("#3C8D5A"), colors.HexColor("#B5483B")
MOST_BARS = 12  # the positions with the most staffed units; the rest are in the table
WIDTH = int(170 * mm)


@dataclass(frozen=True)
class Summary:
    """What the summary shows, already within the reader's scope (and withheld if public)."""

    title: str  # «Регион 77», «ГБУЗ «ГКБ № 1»»
    on: date
    positions: Sequence[Occupancy]
    total: Occupancy
    months: Sequence[MovementMonth]
    structure: Structure
    small_cell: int | None


def _n(value: Decimal | int | None, places: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    return f"{value:,.{places}f}".replace(",", " ")


def _label(o: Occupancy) -> str:
    name = o.name or o.key or "не указано"
    return name if len(name) <= 28 else name[:27] + "…"


def _axes(chart: Any, *, category_size: int) -> None:
    """Every chart's axes: the document's font, values from zero."""
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = category_size
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0


def occupancy_chart(rows: Sequence[Occupancy]) -> Drawing:
    """Staffed and occupied units by position, the largest posts first."""
    shown = sorted(rows, key=lambda r: r.staffed or 0, reverse=True)[:MOST_BARS][::-1]
    height = 40 + 16 * max(len(shown), 1)
    drawing = Drawing(WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 120, 20, WIDTH - 140, height - 40
    chart.data = [
        [float(r.staffed or 0) for r in shown] or [0],
        [float(r.occupied or 0) for r in shown] or [0],
    ]
    chart.categoryAxis.categoryNames = [_label(r) for r in shown] or [""]
    _axes(chart, category_size=7)
    chart.bars[0].fillColor, chart.bars[1].fillColor = STAFFED, OCCUPIED
    drawing.add(chart)
    drawing.add(_legend(((STAFFED, "штатные единицы"), (OCCUPIED, "занятые")), height - 8))
    return drawing


def reasons_chart(reasons: Sequence[ReasonCount]) -> Drawing:
    shown = [r for r in reasons if r.dismissals][:8][::-1]
    height = 30 + 18 * max(len(shown), 1)
    drawing = Drawing(WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 120, 10, WIDTH - 140, height - 20
    chart.data = [[float(r.dismissals or 0) for r in shown] or [0]]
    chart.categoryAxis.categoryNames = [
        ((r.reason or r.reason_code or "не указана")[:28]) for r in shown
    ] or [""]
    _axes(chart, category_size=7)
    chart.bars[0].fillColor = DISMISSALS
    drawing.add(chart)
    return drawing


def trend_chart(months: Sequence[MovementMonth]) -> Drawing:
    """Hires and dismissals month by month."""
    drawing = Drawing(WIDTH, 150)
    bars = VerticalBarChart()
    bars.x, bars.y, bars.width, bars.height = 40, 20, WIDTH - 60, 110
    bars.data = [[m.hires or 0 for m in months] or [0], [m.dismissals or 0 for m in months] or [0]]
    bars.categoryAxis.categoryNames = [m.month.strftime("%m.%y") for m in months] or [""]
    _axes(bars, category_size=6)
    bars.bars[0].fillColor, bars.bars[1].fillColor = HIRES, DISMISSALS
    drawing.add(bars)
    drawing.add(_legend(((HIRES, "принято"), (DISMISSALS, "уволено")), 142))
    return drawing


def headcount_chart(months: Sequence[MovementMonth]) -> Drawing:
    """The headcount at each month's end, on its own axis."""
    drawing = Drawing(WIDTH, 110)
    line = HorizontalLineChart()
    line.x, line.y, line.width, line.height = 40, 20, WIDTH - 60, 80
    line.data = [[m.headcount_end or 0 for m in months] or [0]]
    line.joinedLines = 1
    line.lines[0].strokeColor = OCCUPIED
    line.lines[0].strokeWidth = 1.5
    line.categoryAxis.categoryNames = [m.month.strftime("%m.%y") for m in months] or [""]
    _axes(line, category_size=6)
    drawing.add(line)
    return drawing


def _legend(items: Sequence[tuple[colors.Color, str]], y: int) -> Legend:
    legend = Legend()
    legend.x, legend.y = 40, y
    legend.fontName, legend.fontSize = REGULAR, 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 110
    legend.colorNamePairs = list(items)
    return legend


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> Table:
    table = Table(
        [list(header), *map(list, rows)], colWidths=[w * mm for w in widths], repeatRows=1
    )
    style = grid_style(fill=((0, 0), (-1, 0)), valign="MIDDLE")
    style.add("FONTNAME", (0, 0), (-1, -1), REGULAR)
    style.add("FONTNAME", (0, 0), (-1, 0), BOLD)
    style.add("FONTSIZE", (0, 0), (-1, -1), 7.5)
    style.add("ALIGN", (1, 1), (-1, -1), "RIGHT")
    table.setStyle(style)
    return table


def _reasons_of_year(months: Sequence[MovementMonth]) -> list[ReasonCount]:
    total: dict[str | None, tuple[str | None, int | None]] = {}
    for m in months:
        for r in m.by_reason:
            name, n = total.get(r.reason_code, (r.reason, 0))
            both = None if n is None or r.dismissals is None else n + r.dismissals
            total[r.reason_code] = (name or r.reason, both)
    found = [ReasonCount(code, name, n) for code, (name, n) in total.items()]
    return sorted(found, key=lambda r: r.dismissals or 0, reverse=True)


def _percent(share: Decimal | None) -> str:
    return _n(share * 100 if share is not None else None, 1)


def positions_table(rows: Sequence[Occupancy]) -> Table:
    return _table(
        ("Должность", "Штатных", "Занято", "Вакантно", "Укомпл., %", "Людей"),
        [
            (
                _label(r),
                _n(r.staffed),
                _n(r.occupied),
                _n(r.vacant),
                _percent(r.occupancy),
                _n(r.headcount),
            )
            for r in rows
        ],
        (60, 20, 20, 22, 24, 20),
    )


def months_table(months: Sequence[MovementMonth]) -> Table:
    return _table(
        ("Месяц", "Принято", "Уволено", "Из др. МО", "В др. МО", "Численность", "Текучесть, %"),
        [
            (
                f"{m.month:%m.%Y}",
                _n(m.hires),
                _n(m.dismissals),
                _n(m.moves_in),
                _n(m.moves_out),
                _n(m.headcount_end),
                _percent(m.turnover),
            )
            for m in months
        ],
        (22, 22, 22, 22, 22, 28, 28),
    )


def summary_pdf(s: Summary) -> bytes:
    register_fonts()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=12)
    title = ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=14, leading=18)
    heading = ParagraphStyle("heading", parent=body, fontName=BOLD, fontSize=11, leading=15)
    t = s.total
    first, last = (s.months[0].month, s.months[-1].month) if s.months else (s.on, s.on)
    story: list[Flowable] = [
        Paragraph("Мониторинг кадрового обеспечения", title),
        Paragraph(escape(s.title), heading),
        Paragraph(
            f"На {s.on:%d.%m.%Y}: штатных единиц {_n(t.staffed)}, занято {_n(t.occupied)}, "
            f"вакантно {_n(t.vacant)}; укомплектованность "
            f"{_percent(t.occupancy)} %; "
            f"работающих {_n(t.headcount)}; аккредитация истекает в ближайшие 6 мес. у "
            f"{_n(s.structure.expires_6_months)}, 12 мес. — у {_n(s.structure.expires_12_months)}.",
            body,
        ),
    ]
    if s.small_cell:
        story.append(
            Paragraph(
                f"Открытые данные: сведения о группах менее {s.small_cell} человек скрыты («—»).",
                body,
            )
        )
    story += [
        Spacer(1, 4 * mm),
        Paragraph("Укомплектованность по должностям", heading),
        occupancy_chart(s.positions),
        positions_table(s.positions),
        Spacer(1, 4 * mm),
        Paragraph(f"Увольнения по причинам, {first:%m.%Y} — {last:%m.%Y}", heading),
        reasons_chart(_reasons_of_year(s.months)),
        Spacer(1, 4 * mm),
        Paragraph("Движение кадров по месяцам", heading),
        trend_chart(s.months),
        Paragraph("Численность работающих на конец месяца", body),
        headcount_chart(s.months),
        months_table(s.months),
    ]
    return a4_document(
        story, title="Мониторинг кадрового обеспечения", author="ЕГИСЗ", margin_mm=18
    )
