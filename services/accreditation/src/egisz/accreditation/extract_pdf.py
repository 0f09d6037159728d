"""The extract (выписка) as a one-page PDF, rendered with reportlab. Reproducible: the same
record, code and day give the same bytes, so a signature never depends on when it was drawn."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from egisz.accreditation.domain.extract import AccreditationRecord
from egisz.kernel.issued import format_code
from egisz.kernel.snils import format_snils
from egisz.runtime.pdf import BOLD, REGULAR, a4_document, grid_style, qr_code, register_fonts


def _day(d: date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else "—"


def record_table(record: AccreditationRecord, body: ParagraphStyle) -> Table:
    label = ParagraphStyle("label", parent=body, textColor=colors.HexColor("#333333"))
    rows = [
        ("Фамилия, имя, отчество", record.full_name),
        ("Дата рождения", _day(record.birth_date)),
        ("СНИЛС", format_snils(record.snils)),
        ("Вид аккредитации", record.kind_title),
        ("Специальность", record.speciality),
        ("Протокол аккредитационной комиссии", f"№ {record.protocol_number}"),
        ("Дата решения", _day(record.passed_on)),
        ("Действительна до", _day(record.valid_until)),
    ]
    table = Table(
        [[Paragraph(k, label), Paragraph(escape(v), body)] for k, v in rows],
        colWidths=[62 * mm, 108 * mm],
    )
    table.setStyle(grid_style(fill=((0, 0), (0, -1)), valign="MIDDLE"))
    table.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 5)]))
    table.setStyle(TableStyle([("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return table


def verification_footer(
    code: str, extract_id: str, issued_on: date, key_id: str, verify_hint: str, body: ParagraphStyle
) -> Table:
    """The QR code and what it says: how anyone checks the extract."""
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, textColor=colors.grey)
    text = Paragraph(
        f"Код проверки: <font name='{BOLD}'>{code}</font><br/>"
        f"Выписка № {escape(extract_id)}, выдана {_day(issued_on)}<br/>"
        f"Подлинность проверяется по коду: {escape(verify_hint)}<br/>"
        f"Документ подписан электронной подписью сервиса аккредитации (Ed25519, "
        f"ключ {key_id}); подпись — отдельным файлом.",
        small,
    )
    footer = Table([[qr_code(code, 32 * mm), text]], colWidths=[36 * mm, 134 * mm])
    footer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return footer


def render_extract(
    record: AccreditationRecord,
    *,
    extract_id: str,
    verification_code: str,
    issued_on: date,
    key_id: str,
    verify_hint: str,
) -> bytes:
    register_fonts()
    title = ParagraphStyle("title", fontName=BOLD, fontSize=14, leading=18, alignment=1)
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=10.5, leading=14)
    code = format_code(verification_code)
    story = [
        Paragraph("ВЫПИСКА", title),
        Paragraph(
            "о наличии в единой государственной информационной системе в сфере "
            "здравоохранения данных, подтверждающих факт прохождения лицом "
            "аккредитации специалиста",
            ParagraphStyle("subtitle", parent=body, alignment=1),
        ),
        Spacer(1, 8 * mm),
        record_table(record, body),
        Spacer(1, 10 * mm),
        verification_footer(code, extract_id, issued_on, key_id, verify_hint, body),
    ]
    return a4_document(
        story,
        title=f"Выписка № {extract_id}",
        author="ЕГИСЗ: аккредитация специалистов",
        margin_mm=20,
    )
