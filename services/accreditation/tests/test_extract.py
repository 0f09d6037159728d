"""Extracts with fakes: only a passed accreditation gives one, the issued PDF is signed over its
very bytes and found by its code however it is typed, and without a key nothing is issued."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from egisz.accreditation import usecases
from egisz.accreditation.domain.application import Application
from egisz.accreditation.domain.errors import (
    AccreditationNotPassedError,
    IllegalTransitionError,
    SigningKeyMissingError,
)
from egisz.accreditation.domain.extract import (
    AccreditationRecord,
    ExtractStatus,
    ExtractStatusChanged,
)
from egisz.accreditation.domain.model import PersonalData
from egisz.accreditation.domain.status import Kind
from egisz.accreditation.domain.working_days import ReviewTerms
from egisz.accreditation.repository import FakeAccreditationUnitOfWork
from egisz.kernel.errors import InvalidInputError
from egisz.kernel.issued import normalize_code
from egisz.kernel.signatures import Signer, verify
from egisz.runtime.auth import generate_key_pair
from egisz.runtime.memory import InMemoryFileStore

TERMS = ReviewTerms()  # 20 and 15 working days, Monday to Friday

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
SNILS = "11223344595"


def fake_pdf(record: AccreditationRecord, **kw: object) -> bytes:
    return f"%PDF {record.full_name} {kw['verification_code']}".encode()


async def an_application(uow: FakeAccreditationUnitOfWork, *, passed: bool) -> str:
    application = Application.form(
        application_id="a1",
        worker_id="w1",
        snils=SNILS,
        kind=Kind.PERIODIC,
        speciality="терапия",
        education_level="higher",
        consent=True,
        comment=None,
        actor="worker",
        now=NOW,
        personal=PersonalData("Иванова", "Мария", "Петровна", date(1980, 5, 17)),
    )
    application.submit(snapshot_id="s1", personal=None, now=NOW)
    application.delivered(now=NOW, terms=TERMS)
    if passed:
        application.check_documents(
            checked_on=NOW.date(), actor="fac", today=NOW.date(), terms=TERMS
        )
        application.decide(
            passed=True, protocol_number="П-1", decided_on=NOW.date(), actor="fac", now=NOW
        )
    async with uow:
        await uow.applications.add(application)
        await uow.commit()
    return application.id


@pytest.fixture
def signer(tmp_path: Path) -> Signer:
    private, _ = generate_key_pair(tmp_path, "extract-signing")
    return Signer(private.read_text())


async def test_only_a_passed_accreditation_gives_an_extract() -> None:
    uow = FakeAccreditationUnitOfWork()
    aid = await an_application(uow, passed=False)
    with pytest.raises(AccreditationNotPassedError):
        await usecases.order_extract(uow, application_id=aid, snils=SNILS, actor="w")


async def test_an_issued_extract_is_signed_over_its_bytes_and_found_by_its_code(
    signer: Signer,
) -> None:
    uow, files = FakeAccreditationUnitOfWork(), InMemoryFileStore()
    aid = await an_application(uow, passed=True)
    ordered = await usecases.order_extract(
        uow, application_id=aid, snils=SNILS, actor="w", clock=lambda: NOW
    )
    assert ordered.record.full_name == "Иванова Мария Петровна"
    assert ordered.record.valid_until == date(2031, 11, 21)
    issued = await usecases.issue_extract(
        uow,
        files,
        extract_id=ordered.id,
        actor="fac",
        signer=signer,
        render=fake_pdf,
        new_code=lambda: "7K3F9QX2M4TD",
        clock=lambda: NOW,
    )
    assert issued.status is ExtractStatus.ISSUED
    document = issued.document
    assert document is not None
    _, pdf = files.files[document.file_id]
    assert verify(signer.public_key, pdf, base64.b64decode(document.signature))
    for typed in ("7k3f-9qx2-m4td", "7K3F 9QX2 M4TD", "7K3F-9QX2-M4TD"):
        assert (await usecases.verify_extract(uow, verification_code=typed)).extract.id == issued.id
    assert [e.transition.status for e in uow.published if isinstance(e, ExtractStatusChanged)] == [
        ExtractStatus.REQUESTED,
        ExtractStatus.ISSUED,
    ]
    with pytest.raises(IllegalTransitionError):
        await usecases.refuse_extract(uow, extract_id=issued.id, actor="fac", reason="поздно")


async def test_without_a_signing_key_nothing_is_issued_and_a_refusal_needs_a_reason() -> None:
    uow, files = FakeAccreditationUnitOfWork(), InMemoryFileStore()
    aid = await an_application(uow, passed=True)
    ordered = await usecases.order_extract(uow, application_id=aid, snils=SNILS, actor="w")
    with pytest.raises(SigningKeyMissingError):
        await usecases.issue_extract(
            uow, files, extract_id=ordered.id, actor="fac", signer=None, render=fake_pdf
        )
    assert files.files == {}
    with pytest.raises(InvalidInputError):
        await usecases.refuse_extract(uow, extract_id=ordered.id, actor="fac", reason="  ")


def test_misread_letters_in_a_code_are_forgiven() -> None:
    assert normalize_code(" 7k3f-9qxo-m4ti ") == "7K3F9QX0M4T1"
