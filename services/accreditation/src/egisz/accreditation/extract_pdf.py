"""The extract (выписка) as a one-page PDF, rendered with reportlab. Reproducible: the same
record, code and day give the same bytes, so a signature never depends on when it was drawn."""

from __future__ import annotations

import io
from datetime import date
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from egisz.accreditation.domain.extract import AccreditationRecord, format_code
from egisz.kernel.snils import format_snils
from egisz.runtime.pdf import BOLD, REGULAR, register_fonts


def _day(d: date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else "—"


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
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, textColor=colors.grey)
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
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#999999")),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F0F3F7")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    code = format_code(verification_code)
    qr = QrCodeWidget(code)
    x0, y0, x1, y1 = qr.getBounds()
    side = 32 * mm
    drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
    drawing.add(qr)
    footer = Table(
        [
            [
                drawing,
                Paragraph(
                    f"Код проверки: <font name='{BOLD}'>{code}</font><br/>"
                    f"Выписка № {escape(extract_id)}, выдана {_day(issued_on)}<br/>"
                    f"Подлинность проверяется по коду: {escape(verify_hint)}<br/>"
                    f"Документ подписан электронной подписью сервиса аккредитации (Ed25519, "
                    f"ключ {key_id}); подпись — отдельным файлом.",
                    small,
                ),
            ]
        ],
        colWidths=[36 * mm, 134 * mm],
    )
    footer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"Выписка № {extract_id}",
        author="ЕГИСЗ: аккредитация специалистов",
        invariant=1,
    )
    doc.build(
        [
            Paragraph("ВЫПИСКА", title),
            Paragraph(
                "о наличии в единой государственной информационной системе в сфере "
                "здравоохранения данных, подтверждающих факт прохождения лицом "
                "аккредитации специалиста",
                ParagraphStyle("subtitle", parent=body, alignment=1),
            ),
            Spacer(1, 8 * mm),
            table,
            Spacer(1, 10 * mm),
            footer,
        ]
    )
    return out.getvalue()
