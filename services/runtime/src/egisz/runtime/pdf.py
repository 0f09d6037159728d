"""What every printable document shares: DejaVu Serif (reportlab's own fonts have no Cyrillic),
shipped with the runtime, registered once."""

from __future__ import annotations

import io
from functools import cache
from importlib.resources import files
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

REGULAR, BOLD = "EgiszSerif", "EgiszSerif-Bold"


@cache
def register_fonts() -> None:
    here = files("egisz.runtime") / "fonts"
    for name, filename in ((REGULAR, "DejaVuSerif.ttf"), (BOLD, "DejaVuSerif-Bold.ttf")):
        with (here / filename).open("rb") as font:
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(font.read())))


GRID_LINES = colors.HexColor("#999999")
LABEL_FILL = colors.HexColor("#F0F3F7")


def grid_style(*, fill: tuple[tuple[int, int], tuple[int, int]], valign: str) -> TableStyle:
    """A table with thin grey lines, the cells `fill` spans shaded as labels or a header."""
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, GRID_LINES),
            ("BACKGROUND", fill[0], fill[1], LABEL_FILL),
            ("VALIGN", (0, 0), (-1, -1), valign),
        ]
    )


def qr_code(text: str, side: float) -> Drawing:
    """A QR code of `text`, `side` points square (a document's verification code)."""
    qr = QrCodeWidget(text)
    x0, y0, x1, y1 = qr.getBounds()
    drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
    drawing.add(qr)
    return drawing


def labelled_rows(rows: list[tuple[str, str]], body: ParagraphStyle) -> Table:
    """A document's record: a shaded label and its value on each row."""
    label = ParagraphStyle("label", parent=body, textColor=colors.HexColor("#333333"))
    table = Table(
        [[Paragraph(k, label), Paragraph(escape(v), body)] for k, v in rows],
        colWidths=[62 * mm, 108 * mm],
    )
    table.setStyle(grid_style(fill=((0, 0), (0, -1)), valign="MIDDLE"))
    return table


def verification_footer(code: str, lines: list[str], body: ParagraphStyle) -> Table:
    """The QR code of a document's verification code and what it says: how anyone checks it.
    `lines` are markup (escape what a person wrote)."""
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, textColor=colors.grey)
    text = Paragraph("<br/>".join(lines), small)
    footer = Table([[qr_code(code, 32 * mm), text]], colWidths=[36 * mm, 134 * mm])
    footer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return footer


def a4_document(story: list[Flowable], *, title: str, author: str, margin_mm: float) -> bytes:
    """The story on A4 pages. `invariant`: the same story gives the same bytes (a signature or a
    digest never depends on when the document was drawn)."""
    out = io.BytesIO()
    margin = margin_mm * mm
    SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=title,
        author=author,
        invariant=1,
    ).build(story)
    return out.getvalue()
