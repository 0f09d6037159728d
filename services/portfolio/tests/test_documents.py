"""Documents: PDF by content, five at most and 10 MB together, each refusal with its exact
reason; the head's paper report records a paper approval, a paper refusal frees the report."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from egisz.kernel.content import check_pdf
from egisz.kernel.errors import InvalidInputError
from egisz.portfolio.domain.approval import ApprovalStatus, Method, NotRequiredReason
from egisz.portfolio.domain.documents import AttachedDocument, Limits, Purpose
from egisz.portfolio.domain.errors import PaperApprovalNotFoundError
from egisz.portfolio.domain.experience import ExperienceEntry
from egisz.portfolio.domain.model import Portfolio
from egisz.testsupport.harness import pdf_bytes

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
ORG = "1.2.643.5.1.13.13.12.2.77.1"
LIMITS = Limits(max_files=5, max_bytes=10 * 2**20)


def portfolio() -> Portfolio:
    p = Portfolio.open_for(portfolio_id="p1", worker_id="w1", snils="1", now=NOW)
    p.apply_employment(
        ExperienceEntry("j1", ORG, None, "Врач", "main", "1.0", date(2020, 1, 1), None, None, 2)
    )
    return p


def doc(n: int, size: int = 1000, purpose: Purpose = Purpose.ADDITIONAL) -> AttachedDocument:
    return AttachedDocument(f"d{n}", purpose, f"doc{n}.pdf", size, NOW)


def refusal(caught: pytest.ExceptionInfo[InvalidInputError]) -> tuple[str, str, str]:
    [f] = caught.value.fields
    return f.field, f.code, f.message


def test_a_pdf_is_recognised_by_its_content_not_its_name() -> None:
    assert check_pdf(pdf_bytes(), max_bytes=1000) == "application/pdf"
    with pytest.raises(InvalidInputError) as png:
        check_pdf(b"\x89PNG\r\n\x1a\n....", max_bytes=100)
    assert refusal(png)[:2] == ("data", "content_type")
    with pytest.raises(InvalidInputError) as big:
        check_pdf(b"%PDF-" + b"0" * 200, max_bytes=100)
    assert refusal(big)[:2] == ("data", "too_large")


def test_a_sixth_document_is_refused_with_the_count() -> None:
    p = portfolio()
    for n in range(5):
        p.attach(doc(n), limits=LIMITS, by="w")
    with pytest.raises(InvalidInputError) as caught:
        p.attach(doc(5), limits=LIMITS, by="w")
    field, code, message = refusal(caught)
    assert (field, code) == ("file_id", "too_many_files")
    assert "Уже 5 документов из 5" in message


def test_documents_over_ten_megabytes_together_are_refused_with_the_total() -> None:
    p = portfolio()
    p.attach(doc(1, 6 * 2**20), limits=LIMITS, by="w")
    with pytest.raises(InvalidInputError) as caught:
        p.attach(doc(2, 5 * 2**20), limits=LIMITS, by="w")
    field, code, message = refusal(caught)
    assert (field, code) == ("file_id", "too_large_together")
    assert "11,0 МБ" in message and "10,0 МБ" in message


def test_the_signed_paper_report_records_a_paper_approval_of_the_pending_report() -> None:
    p = portfolio()
    with pytest.raises(InvalidInputError) as early:
        p.attach(doc(1, purpose=Purpose.PAPER_APPROVAL), limits=LIMITS, by="w")
    assert refusal(early)[:2] == ("purpose", "not_pending")
    p.request_approval(
        request_id="r1",
        organization_oid=ORG,
        head_name="Главврачёв Пётр Ильич",
        comment=None,
        now=NOW,
    )
    p.attach(doc(1, purpose=Purpose.PAPER_APPROVAL), limits=LIMITS, by="w")
    assert p.approval_status is ApprovalStatus.APPROVED
    assert p.approval_decision is not None and p.approval_decision.method is Method.PAPER
    p.remove_document("d1")
    assert p.approval_status is ApprovalStatus.CREATED


def on_paper() -> Portfolio:
    p = portfolio()
    p.request_approval(
        request_id="r1", organization_oid=ORG, head_name="Главврачёв Пётр", comment=None, now=NOW
    )
    p.attach(doc(1, purpose=Purpose.PAPER_APPROVAL), limits=LIMITS, by="w")
    return p


HEAD = "Главврачёв Пётр"


def word(p: Portfolio, confirmed: bool, *, head: str = HEAD, reason: str | None = None) -> None:
    """The head's word on the paper approval of `p`."""
    p.confirm_paper_approval(
        organization_oid=ORG, head_name=head, by=head, confirmed=confirmed, reason=reason, now=NOW
    )


def test_a_paper_approval_waits_for_its_head_who_confirms_it_once() -> None:
    p = on_paper()
    assert p.approval_decision is not None and p.approval_decision.paper_confirmed is False
    assert p.awaits_head(ORG, "главврачёв  пётр") and not p.awaits_head(ORG, "Другой Иван")
    with pytest.raises(PaperApprovalNotFoundError):
        word(p, True, head="Другой Иван")
    word(p, True)
    assert (p.approval_status, p.approval_decision.paper_confirmed) == (
        ApprovalStatus.APPROVED,
        True,
    )
    assert not p.awaits_head(ORG, HEAD)
    with pytest.raises(PaperApprovalNotFoundError):
        word(p, True)


def test_a_paper_approval_its_head_disowns_is_not_approved_and_says_why() -> None:
    p = on_paper()
    with pytest.raises(InvalidInputError) as unexplained:
        word(p, False, reason=" ")
    assert refusal(unexplained)[:2] == ("reason", "missing")
    word(p, False, reason="Не подписывал")
    assert p.approval_status is ApprovalStatus.REJECTED
    assert p.approval_decision is not None
    assert p.approval_decision.reason == (
        "Руководитель не подтвердил согласование бумажного отчёта: Не подписывал"
    )


def test_a_paper_refusal_makes_the_report_one_that_needs_no_approval() -> None:
    p = portfolio()
    p.attach(doc(1, purpose=Purpose.MOTIVATED_REFUSAL), limits=LIMITS, by="w")
    assert (p.approval_status, p.not_required_reason) == (
        ApprovalStatus.NOT_REQUIRED,
        NotRequiredReason.MOTIVATED_REFUSAL,
    )


def test_an_additional_document_changes_the_report_and_resets_its_approval() -> None:
    p = portfolio()
    p.request_approval(
        request_id="r1",
        organization_oid=ORG,
        head_name="Главврачёв Пётр Ильич",
        comment=None,
        now=NOW,
    )
    version = p.professional_version
    p.attach(doc(1), limits=LIMITS, by="w")
    assert (p.approval_status, p.professional_version) == (ApprovalStatus.CREATED, version + 1)


def test_a_file_that_only_carries_the_pdf_marker_is_refused() -> None:
    for fake in (b"%PDF-1.4 <html><script>", b"<html><!-- %PDF-1.4 -->", pdf_bytes()[:150]):
        with pytest.raises(InvalidInputError) as caught:
            check_pdf(fake, max_bytes=1000)
        assert refusal(caught)[1] in ("unreadable_pdf", "content_type")


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\скан.pdf", "скан.pdf"),
        ("a\x00b\u202e\n.pdf", "ab.pdf"),
        ("   ", "document.pdf"),
        ("я" * 500 + ".pdf", "я" * 116 + ".pdf"),
    ],
)
def test_a_stored_file_name_has_no_folders_controls_or_excess(sent: str, kept: str) -> None:
    from egisz.kernel.content import clean_filename

    assert clean_filename(sent) == kept
