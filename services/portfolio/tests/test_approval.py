"""Согласование: a report goes to one head, who approves or rejects it with a signature over
that exact version; anything else — a tampered report, another key, a report edited since — is
refused."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime

import pytest
from cryptography.hazmat.primitives import serialization

from egisz.kernel.cades import sign_detached
from egisz.kernel.errors import InvalidInputError
from egisz.portfolio import usecases
from egisz.portfolio.certificates import HeadCertificates
from egisz.portfolio.domain.approval import (
    ApprovalStatus,
    Decision,
    NotRequiredReason,
    SigningKeyRegistered,
    canonical_report,
)
from egisz.portfolio.domain.errors import (
    ApprovalAlreadyGivenError,
    ApprovalNotFoundError,
    CertificateNotOfHeadError,
    NotHeadOfOrganizationError,
    SignatureInvalidError,
    SigningKeyExpiredError,
)
from egisz.portfolio.domain.events import ApprovalDecided, ApprovalRequested
from egisz.portfolio.domain.experience import ExperienceEntry
from egisz.portfolio.repository import FakePortfolioUnitOfWork
from egisz.portfolio.settings import Consumer
from egisz.runtime.dev_ca import DevCertificationAuthority, Issued
from egisz.runtime.handling import handling

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
ORG = "1.2.643.5.1.13.13.12.2.77.1"
SNILS = "11223344595"
HEAD = usecases.Head("head-1", ORG, "Главврачёв Пётр Ильич")
HEAD_SNILS = "08765430300"
CA = DevCertificationAuthority.create("УЦ", valid_from=datetime(2020, 1, 1, tzinfo=UTC))
WORKER_REGISTERED = Consumer.WORKER_REGISTERED


def certificate_of(snils: str = HEAD_SNILS, until: date = date(2027, 11, 30)) -> Issued:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    days = (until - start.date()).days
    return CA.issue(
        snils=snils,
        surname="Главврачёв",
        given_name="Пётр Ильич",
        valid_from=start,
        valid_days=days,
    )


KEY = certificate_of()


def clock() -> datetime:
    return NOW


CERTIFICATES = HeadCertificates([CA.certificate], clock)
SCHEMES = {CERTIFICATES.name: CERTIFICATES}


def pem(issued: Issued) -> str:
    return issued.certificate.public_bytes(serialization.Encoding.PEM).decode()


def job(version: int, end: date | None = None) -> ExperienceEntry:
    return ExperienceEntry(
        "job-1",
        ORG,
        None,
        "Врач-терапевт",
        "main",
        "1.0",
        date(2020, 1, 1),
        end,
        "сокращение" if end else None,
        version,
    )


async def ready(uow: FakePortfolioUnitOfWork, *, key: bool = True) -> None:
    """A worker with a job at ORG whose head FRMO records, and (optionally) the head's key."""
    with handling("organization-updated", "o1"):
        await usecases.note_organization(
            uow,
            oid=ORG,
            name="ГБУЗ",
            head_name=HEAD.name,
            head_snils=HEAD_SNILS,
        )
    with handling(WORKER_REGISTERED, "e0"):
        await usecases.open_portfolio(uow, worker_id="w1", snils=SNILS, clock=clock)
    await usecases.project_employment(uow, usecases.RegistryEvent("w1", SNILS), job(2), clock)
    if key:
        await usecases.register_signing_key(
            uow, HEAD, certificate_pem=pem(KEY), certificates=CERTIFICATES, clock=clock
        )


async def request(uow: FakePortfolioUnitOfWork, head_name: str = HEAD.name or "") -> str:
    portfolio = await usecases.request_approval(
        uow, snils=SNILS, organization_oid=ORG, head_name=head_name, comment=None, clock=clock
    )
    return portfolio.id


async def decide(
    uow: FakePortfolioUnitOfWork,
    portfolio_id: str,
    signature: bytes,
    decision: Decision = Decision.APPROVED,
    reason: str | None = None,
    head: usecases.Head = HEAD,
) -> ApprovalStatus:
    decided = await usecases.decide_approval(
        uow,
        head,
        portfolio_id=portfolio_id,
        decision=decision,
        reason=reason,
        signature_b64=base64.b64encode(signature).decode(),
        schemes=SCHEMES,
        clock=clock,
    )
    return decided.approval_status


async def signed_report(
    uow: FakePortfolioUnitOfWork, portfolio_id: str, key: Issued = KEY
) -> bytes:
    portfolio = await usecases.report_for_head(uow, HEAD, portfolio_id=portfolio_id)
    return sign_detached(canonical_report(portfolio), key.key, key.certificate, at=NOW)


async def test_a_head_approves_the_report_with_a_valid_signature() -> None:
    uow = FakePortfolioUnitOfWork()
    await ready(uow)
    pid = await request(uow)
    assert [p.id for p in await usecases.waiting_on(uow, HEAD, after=None, limit=10)] == [pid]
    assert await decide(uow, pid, await signed_report(uow, pid)) is ApprovalStatus.APPROVED
    assert [type(e) for e in uow.published][-2:] == [ApprovalRequested, ApprovalDecided]
    assert await usecases.waiting_on(uow, HEAD, after=None, limit=10) == []


async def test_a_key_is_registered_for_six_months_or_more_and_refused_once_expired() -> None:
    uow = FakePortfolioUnitOfWork()
    await ready(uow, key=False)
    with pytest.raises(InvalidInputError) as short:
        await usecases.register_signing_key(
            uow,
            HEAD,
            certificate_pem=pem(certificate_of(until=date(2027, 5, 20))),
            certificates=CERTIFICATES,
            clock=clock,
        )
    assert [(f.field, f.code) for f in short.value.fields] == [("valid_until", "too_short")]
    assert "до 21.05.2027 или дольше" in short.value.fields[0].message
    six_months = certificate_of(until=date(2027, 5, 21))
    key, _ = await usecases.register_signing_key(
        uow, HEAD, certificate_pem=pem(six_months), certificates=CERTIFICATES, clock=clock
    )
    [registered] = [e for e in uow.published if isinstance(e, SigningKeyRegistered)]
    assert registered.key.valid_until == key.valid_until == date(2027, 5, 21)
    pid = await request(uow)
    signature = await signed_report(uow, pid, six_months)

    def later() -> datetime:
        return datetime(2027, 5, 22, 9, 0, tzinfo=UTC)

    with pytest.raises(SigningKeyExpiredError):
        await usecases.decide_approval(
            uow,
            HEAD,
            portfolio_id=pid,
            decision=Decision.APPROVED,
            reason=None,
            signature_b64=base64.b64encode(signature).decode(),
            schemes=SCHEMES,
            clock=later,
        )
    assert await decide(uow, pid, signature) is ApprovalStatus.APPROVED  # while it is valid


async def test_a_signature_over_a_tampered_report_is_refused() -> None:
    uow = FakePortfolioUnitOfWork()
    await ready(uow)
    pid = await request(uow)
    portfolio = await usecases.report_for_head(uow, HEAD, portfolio_id=pid)
    tampered = canonical_report(portfolio).replace(
        "Врач-терапевт".encode(), "Главный врач".encode()
    )
    with pytest.raises(SignatureInvalidError):
        await decide(uow, pid, sign_detached(tampered, KEY.key, KEY.certificate, at=NOW))
    assert uow.store[pid].approval_status is ApprovalStatus.PENDING


async def test_a_signature_made_with_another_key_is_refused() -> None:
    uow = FakePortfolioUnitOfWork()
    await ready(uow)
    pid = await request(uow)
    with pytest.raises(SignatureInvalidError):
        await decide(uow, pid, await signed_report(uow, pid, certificate_of()))


async def test_a_report_edited_after_signing_is_not_approved_by_the_old_signature() -> None:
    uow = FakePortfolioUnitOfWork()
    await ready(uow)
    pid = await request(uow)
    signature = await signed_report(uow, pid)
    await usecases.edit_professional_part(uow, snils=SNILS, key_skills=["ЭКГ"], notes=None)
    assert uow.store[pid].approval_status is ApprovalStatus.CREATED
    with pytest.raises(ApprovalNotFoundError):  # nothing waits for the head any more
        await decide(uow, pid, signature)
    await request(uow)
    with pytest.raises(SignatureInvalidError):  # the new version needs a new signature
        await decide(uow, pid, signature)


async def test_an_approved_report_changed_by_frmr_goes_back_to_created() -> None:
    uow = FakePortfolioUnitOfWork()
    await ready(uow)
    pid = await request(uow)
    await decide(uow, pid, await signed_report(uow, pid))
    ended = usecases.RegistryEvent("w1", SNILS)
    await usecases.project_employment(uow, ended, job(3, date(2026, 6, 30)), clock)
    assert uow.store[pid].approval_status is ApprovalStatus.CREATED


async def test_only_the_head_it_was_sent_to_sees_and_decides_it() -> None:
    uow = FakePortfolioUnitOfWork()
    await ready(uow)
    pid = await request(uow, head_name="главврачёв  пётр ильич")  # matched regardless of case
    other = usecases.Head("head-2", ORG, "Другой Иван Иванович")  # a token's claim, not FRMO's
    with pytest.raises(NotHeadOfOrganizationError):
        await usecases.waiting_on(uow, other, after=None, limit=10)
    with pytest.raises(NotHeadOfOrganizationError):
        await usecases.report_for_head(uow, other, portfolio_id=pid)
    with pytest.raises(NotHeadOfOrganizationError):
        await decide(uow, pid, b"x", head=other)
    with pytest.raises(NotHeadOfOrganizationError):  # the right name, another organization
        await usecases.waiting_on(
            uow, usecases.Head("head-1", "1.2.643.9", HEAD.name), after=None, limit=10
        )
    assert [p.id for p in await usecases.waiting_on(uow, HEAD, after=None, limit=10)] == [pid]


async def test_a_rejection_needs_its_reason_and_a_request_names_a_real_head() -> None:
    uow = FakePortfolioUnitOfWork()
    await ready(uow)
    with pytest.raises(InvalidInputError) as caught:
        await usecases.request_approval(
            uow, snils=SNILS, organization_oid="1.2.3", head_name="Главврачёв", comment=None
        )
    assert {f.field: f.code for f in caught.value.fields} == {
        "organization_oid": "not_in_report",
        "head_name": "format",
    }
    pid = await request(uow)
    with pytest.raises(ApprovalAlreadyGivenError):
        await request(uow)
    signature = await signed_report(uow, pid)
    with pytest.raises(InvalidInputError) as refused:
        await decide(uow, pid, signature, Decision.REJECTED)
    assert [f.field for f in refused.value.fields] == ["reason"]
    status = await decide(uow, pid, signature, Decision.REJECTED, reason="Стаж указан неверно")
    assert status is ApprovalStatus.REJECTED


async def test_no_approval_is_needed_only_for_the_stated_reasons() -> None:
    uow = FakePortfolioUnitOfWork()
    await ready(uow, key=False)
    with pytest.raises(InvalidInputError) as employed:
        await usecases.declare_not_required(
            uow, snils=SNILS, reason=NotRequiredReason.NOT_EMPLOYED, clock=clock
        )
    assert [f.code for f in employed.value.fields] == ["employed"]
    with pytest.raises(InvalidInputError) as paper:
        await usecases.declare_not_required(
            uow, snils=SNILS, reason=NotRequiredReason.MOTIVATED_REFUSAL, clock=clock
        )
    assert [f.code for f in paper.value.fields] == ["document_required"]
    for claimed, code in (
        (NotRequiredReason.IS_HEAD, "not_head"),  # FRMO records another head of ORG
        (NotRequiredReason.INDIVIDUAL_ENTREPRENEUR, "not_entrepreneur"),  # ORG is not an ИП
    ):
        with pytest.raises(InvalidInputError) as unfounded:
            await usecases.declare_not_required(uow, snils=SNILS, reason=claimed, clock=clock)
        assert [(f.field, f.code) for f in unfounded.value.fields] == [("reason", code)]

    # FRMR names the worker as FRMO names the head of their current workplace: they are the head
    with handling(WORKER_REGISTERED, "e0-again"):
        await usecases.open_portfolio(
            uow,
            worker_id="w1",
            snils=SNILS,
            last_name="Главврачёв",
            full_name="ГЛАВВРАЧЕВ  Пётр Ильич",
            clock=clock,
        )
    done = await usecases.declare_not_required(
        uow, snils=SNILS, reason=NotRequiredReason.IS_HEAD, clock=clock
    )
    assert (done.approval_status, done.not_required_reason) == (
        ApprovalStatus.NOT_REQUIRED,
        NotRequiredReason.IS_HEAD,
    )


async def test_a_worker_of_a_sole_proprietor_in_frmo_needs_no_approval() -> None:
    uow = FakePortfolioUnitOfWork()
    await ready(uow, key=False)
    with handling("organization-updated", "o2"):
        await usecases.note_organization(
            uow,
            oid=ORG,
            name="ИП Главврачёв П. И.",
            legal_form="individual_entrepreneur",
        )
    done = await usecases.declare_not_required(
        uow, snils=SNILS, reason=NotRequiredReason.INDIVIDUAL_ENTREPRENEUR, clock=clock
    )
    assert done.not_required_reason is NotRequiredReason.INDIVIDUAL_ENTREPRENEUR


async def test_only_the_heads_own_certificate_is_registered() -> None:
    """The SNILS FRMO records for the head decides, not the name in the token."""
    uow = FakePortfolioUnitOfWork()
    await ready(uow, key=False)
    with pytest.raises(CertificateNotOfHeadError):
        await usecases.register_signing_key(
            uow,
            HEAD,
            certificate_pem=pem(certificate_of("11223344595")),
            certificates=CERTIFICATES,
            clock=clock,
        )
    stranger = DevCertificationAuthority.create(
        "Чужой", valid_from=datetime(2020, 1, 1, tzinfo=UTC)
    )
    foreign = stranger.issue(
        snils=HEAD_SNILS,
        surname="Главврачёв",
        given_name="Пётр",
        valid_from=datetime(2026, 1, 1, tzinfo=UTC),
        valid_days=700,
    )
    with pytest.raises(InvalidInputError) as untrusted:
        await usecases.register_signing_key(
            uow, HEAD, certificate_pem=pem(foreign), certificates=CERTIFICATES, clock=clock
        )
    assert untrusted.value.code == "certificate_untrusted"
