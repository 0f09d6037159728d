"""The professional-activity report as a printable PDF (seed 000: «распечатайте портфолио…
заверяйте как обычно»): the jobs of the report period, skills and notes, then lines for the head's
signature and the stamp. Reproducible: the same report and day give the same bytes."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from egisz.kernel.snils import format_snils
from egisz.portfolio.domain import model
from egisz.portfolio.domain.experience import Tenure, report_period, total_tenure, worked
from egisz.runtime.pdf import BOLD, REGULAR, a4_document, grid_style, register_fonts

KINDS = {"main": "основное", "part_time": "совместительство", "external": "внешнее совм."}


def _day(d: date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else "по н. в."


def _years(t: Tenure) -> str:
    return f"{t.years} л. {t.months} мес. {t.days} дн."


def jobs_table(
    p: model.Portfolio, names: dict[str, str], today: date, body: ParagraphStyle
) -> Table:
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=11)
    head = ParagraphStyle("head", parent=cell, fontName=BOLD)
    frmr: list[list[Paragraph | str]] = [
        [
            Paragraph(escape(names.get(e.organization_oid, e.organization_oid)), cell),
            Paragraph(escape(e.position), cell),
            Paragraph(KINDS.get(e.kind, e.kind), cell),
            Paragraph(
                f"{_day(e.start_date)} — {_day(e.end_date)}"
                + (" (дата увольнения со слов работника)" if e.end_declared else ""),
                cell,
            ),
            Paragraph(_years(worked(e.start_date, e.end_date, today)), cell),
        ]
        for e in p.report(today)
    ]
    own: list[list[Paragraph | str]] = [
        [
            Paragraph(escape(x.organization_name), cell),
            Paragraph(escape(x.position), cell),
            Paragraph("со слов работника" if x.confirmed_by is None else "подтверждено ФРМР", cell),
            Paragraph(f"{_day(x.start_date)} — {_day(x.end_date)}", cell),
            Paragraph(_years(worked(x.start_date, x.end_date, today)), cell),
        ]
        for x in p.own_experience
    ]
    jobs = frmr + own
    header: list[Paragraph | str] = [
        Paragraph(h, head) for h in ("Организация", "Должность", "Вид", "Период", "Стаж")
    ]
    table = Table(
        [header, *(jobs or [[Paragraph("В ФРМР нет записей о работе", cell), "", "", "", ""]])],
        colWidths=[52 * mm, 40 * mm, 24 * mm, 32 * mm, 22 * mm],
        repeatRows=1,
    )
    table.setStyle(grid_style(fill=((0, 0), (-1, 0)), valign="TOP"))
    return table


def about_the_worker(p: model.Portfolio, today: date, body: ParagraphStyle) -> list[Paragraph]:
    period = report_period(p.reported_experience, today)
    lines = [
        f"Работник: <font name='{BOLD}'>{escape(p.full_name or p.last_name or '—')}</font>, "
        f"СНИЛС {format_snils(p.snils)}",
        "Отчётный период: "
        + (f"{_day(period.start)} — {_day(period.end)}" if period else "нет данных ФРМР"),
        f"Общий стаж за период: {_years(total_tenure(p.reported_experience, today))}",
    ]
    return [Paragraph(line, body) for line in lines]


def for_signature(p: model.Portfolio, today: date, body: ParagraphStyle) -> list[Flowable]:
    """The head's lines and the stamp: the paper approval (seed 000)."""
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=colors.grey)
    return [
        Spacer(1, 14 * mm),
        Paragraph("Руководитель организации ______________ / ____________________ /", body),
        Spacer(1, 4 * mm),
        Paragraph("Дата «____» ______________ 20___ г.          М. П.", body),
        Spacer(1, 8 * mm),
        Paragraph(
            f"Версия отчёта {p.professional_version}, сформирован {_day(today)} в ЕГИСЗ. "
            "Подписанный и заверенный печатью отчёт отсканируйте в PDF и приложите к портфолио "
            "как «согласование на бумаге».",
            small,
        ),
    ]


def render_report(p: model.Portfolio, *, names: dict[str, str], today: date) -> bytes:
    """The report of version `p.professional_version` as of `today`, one or more A4 pages.
    Tens of milliseconds of CPU: callers run it off the event loop."""
    register_fonts()
    title = ParagraphStyle("title", fontName=BOLD, fontSize=14, leading=18, alignment=1)
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=13)
    story: list[Flowable] = [
        Paragraph("ОТЧЁТ", title),
        Paragraph(
            "о профессиональной деятельности для аккредитации специалиста",
            ParagraphStyle("subtitle", parent=body, alignment=1),
        ),
        Spacer(1, 6 * mm),
        *about_the_worker(p, today, body),
        Spacer(1, 4 * mm),
        jobs_table(p, names, today, body),
        Spacer(1, 4 * mm),
    ]
    if p.key_skills:
        story.append(Paragraph("Ключевые навыки: " + escape("; ".join(p.key_skills)), body))
    if p.experience_notes:
        story.append(Paragraph("Описание деятельности: " + escape(p.experience_notes), body))
    story += for_signature(p, today, body)
    return a4_document(
        story,
        title="Отчёт о профессиональной деятельности",
        author="ЕГИСЗ: портфолио",
        margin_mm=18,
    )
