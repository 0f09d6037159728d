"""FRMO's registration act as a one-page PDF (reportlab). Reproducible: the same organization,
code and day give the same bytes, so the signature never depends on when it was drawn."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from egisz.kernel.issued import format_code
from egisz.registry.frmo.domain.organization import Organization
from egisz.runtime.pdf import (
    BOLD,
    REGULAR,
    a4_document,
    labelled_rows,
    register_fonts,
    verification_footer,
)

VERIFY_HINT = "запрос egisz.registry.cmd.organization.act_verify или портал ЕГИСЗ"
TYPES = {
    "medical": "медицинская организация",
    "insurance": "страховая медицинская организация",
    "educational": "образовательная организация",
    "research": "научная организация",
}


def _day(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def render_act(
    organization: Organization, *, verification_code: str, issued_on: date, key_id: str
) -> bytes:
    register_fonts()
    title = ParagraphStyle("title", fontName=BOLD, fontSize=14, leading=18, alignment=1)
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=10.5, leading=14)
    r = organization.requisites
    head = organization.head
    table = labelled_rows(
        [
            ("Идентификатор (OID) в ФРМО", organization.oid),
            ("Наименование", r.name),
            ("Тип", TYPES.get(organization.type.value, organization.type.value)),
            ("ОГРН", r.ogrn),
            ("ИНН", r.inn),
            ("КПП", r.kpp or "—"),
            ("Юридический адрес", r.legal_address.text),
            ("Руководитель", head.name.text if head else "—"),
            ("Дата регистрации в ФРМО", _day(organization.registered_at.date())),
        ],
        body,
    )
    code = format_code(verification_code)
    footer = verification_footer(
        code,
        [
            f"Код проверки: <font name='{BOLD}'>{code}</font>",
            f"Акт выдан {_day(issued_on)} по заявке № {escape(organization.request_id or '—')}",
            f"Подлинность проверяется по коду: {escape(VERIFY_HINT)}",
            f"Документ подписан электронной подписью реестра (Ed25519, ключ {key_id}); "
            "подпись — отдельным файлом.",
        ],
        body,
    )
    story = [
        Paragraph("АКТ РЕГИСТРАЦИИ", title),
        Paragraph(
            "организации в Федеральном реестре медицинских организаций (ФРМО) единой "
            "государственной информационной системы в сфере здравоохранения",
            ParagraphStyle("subtitle", parent=body, alignment=1),
        ),
        Spacer(1, 8 * mm),
        table,
        Spacer(1, 10 * mm),
        footer,
    ]
    return a4_document(
        story, title=f"Акт регистрации {organization.oid}", author="ЕГИСЗ: ФРМО", margin_mm=20
    )
