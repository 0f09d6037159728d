"""The printable report: a real PDF whose first page PDFium draws with text on it, in Cyrillic,
listing the jobs of the report period, the same bytes for the same report and day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from pypdfium2 import PdfDocument

from egisz.portfolio.domain.experience import ExperienceEntry
from egisz.portfolio.domain.model import Portfolio
from egisz.portfolio.report_pdf import render_report

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ORG = "1.2.643.5.1.13.13.12.2.77.4242"


def portfolio() -> Portfolio:
    p = Portfolio.open_for(portfolio_id="p1", worker_id="w1", snils="11223344595", now=NOW)
    p.full_name = "Петрова Анна Сергеевна"
    p.apply_employment(
        ExperienceEntry(
            "j1", ORG, f"{ORG}.0.1", "Врач-терапевт", "main", "1.0", date(2024, 9, 1), None, None, 2
        )
    )
    p.key_skills = ["Диспансеризация"]
    return p


def test_the_report_prints_with_its_jobs_in_cyrillic_and_the_same_bytes_each_time(
    tmp_path: Path,
) -> None:
    names = {ORG: "ГБУЗ «Поликлиника № 7»"}
    pdf = render_report(portfolio(), names=names, today=NOW.date())
    assert pdf.startswith(b"%PDF") and pdf == render_report(
        portfolio(), names=names, today=NOW.date()
    )
    document = PdfDocument(pdf)
    page = document[0]
    text = page.get_textpage().get_text_range()
    for expected in (
        "ОТЧЁТ",
        "Петрова Анна Сергеевна",
        "112-233-445 95",
        "ГБУЗ «Поликлиника № 7»",
        "Врач-терапевт",
        "01.09.2024",
        "М. П.",
    ):
        assert expected in text, expected
    image = page.render(scale=1.0).to_pil().convert("L")
    image.save(tmp_path / "report-page-1.png")
    dark = sum(image.histogram()[:128]) / (image.width * image.height)
    assert 0.003 < dark < 0.5, f"the first page looks blank or black: {dark:.3%} dark"
