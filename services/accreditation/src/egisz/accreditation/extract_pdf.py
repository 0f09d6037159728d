"""The extract (выписка) as a one-page PDF, rendered with reportlab. Reproducible: the same
record, code and day give the same bytes, so a signature never depends on when it was drawn."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from egisz.accreditation.domain.extract import AccreditationRecord
from egisz.kernel.issued import format_code
from egisz.kernel.snils import format_snils
from egisz.runtime.pdf import (
    BOLD,
    REGULAR,
    a4_document,
    labelled_rows,
    register_fonts,
    verification_footer,
)


def _day(d: date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else "—"


def standing_line(record: AccreditationRecord, day: date) -> str:
    """What the accreditation is on the day of issue: «действует», or since when and why not."""
    s = record.standing_on(day)
    line = s.status.label
    if s.status.value in ("suspended", "revoked"):
        line += f" с {_day(s.since)}" + (f" по {_day(s.until)}" if s.until else "")
        line += f": {s.reason}"
    return line


def record_table(record: AccreditationRecord, body: ParagraphStyle, on: date) -> Table:
    table = labelled_rows(
        [
            ("Фамилия, имя, отчество", record.full_name),
            ("Дата рождения", _day(record.birth_date)),
            ("СНИЛС", format_snils(record.snils)),
            ("Вид аккредитации", record.kind_title),
            ("Специальность", record.speciality),
            ("Протокол аккредитационной комиссии", f"№ {record.protocol_number}"),
            ("Дата решения", _day(record.passed_on)),
            ("Действительна до", _day(record.valid_until)),
            (f"Статус на {_day(on)}", standing_line(record, on)),
        ],
        body,
    )
    table.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 5)]))
    table.setStyle(TableStyle([("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return table


def extract_footer(
    code: str, extract_id: str, issued_on: date, key_id: str, verify_hint: str, body: ParagraphStyle
) -> Table:
    """How anyone checks the extract."""
    return verification_footer(
        code,
        [
            f"Код проверки: <font name='{BOLD}'>{code}</font>",
            f"Выписка № {escape(extract_id)}, выдана {_day(issued_on)}",
            f"Подлинность проверяется по коду: {escape(verify_hint)}",
            f"Документ подписан электронной подписью сервиса аккредитации (Ed25519, "
            f"ключ {key_id}); подпись — отдельным файлом.",
        ],
        body,
    )


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
        record_table(record, body, issued_on),
        Spacer(1, 10 * mm),
        extract_footer(code, extract_id, issued_on, key_id, verify_hint, body),
    ]
    return a4_document(
        story,
        title=f"Выписка № {extract_id}",
        author="ЕГИСЗ: аккредитация специалистов",
        margin_mm=20,
    )
